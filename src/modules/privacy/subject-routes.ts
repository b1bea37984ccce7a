import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { hasRole, member } from '../../http/access.ts';
import { HttpError } from '../../http/errors.ts';
import { listInterviewees } from '../qualitative/privacy.ts';
import { consentItemLabels, consentItems, listConsents, subjectName } from './consents.ts';
import { formValues, privacyBase, subjectParam, subjectPath, type Params, type SubjectParams } from './page-helpers.ts';
import { subjectAccessExport, subjectByEmail } from './subject-access.ts';
import { listWithdrawals, withdrawalChoiceLabels } from './withdrawal.ts';

/** The privacy overview, one participant's privacy page, and the subject access export. */

export function registerSubjectPages(app: FastifyInstance, { database, clock }: ModuleDeps): void {
  const db = database.db;

  app.get<{ Params: Params }>('/evaluations/:evaluation/privacy', { config: { access: member('researcher') } }, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const consents = await listConsents(db, evaluationId);
    const interviewees = await listInterviewees(db, evaluationId);
    const withConsent = new Set(consents.flatMap((c) => (c.subject.kind === 'interviewee' ? [c.subject.id] : [])));
    return reply.view('privacy/views/privacy.njk', {
      title: 'Privacy',
      consents,
      consentItems,
      consentItemLabels,
      withoutConsent: interviewees.filter((i) => !withConsent.has(i.id) && !i.label.startsWith('Withdrawn participant')),
      withdrawals: await listWithdrawals(db, evaluationId),
      choiceLabels: withdrawalChoiceLabels,
      isLead: hasRole(request.role!, 'lead'),
      base: privacyBase(request),
    });
  });

  app.get<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id', { config: { access: member('researcher') } }, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const subject = subjectParam(request.params);
    const name = await subjectName(db, evaluationId, subject);
    const interviewees = subject.kind === 'person' ? await listInterviewees(db, evaluationId, { personId: subject.id }) : [];
    const consents = subject.kind === 'person' ? await listConsents(db, evaluationId, { personId: subject.id }) : await listConsents(db, evaluationId, { intervieweeIds: [subject.id] });
    return reply.view('privacy/views/subject.njk', {
      title: `Privacy: ${name}`,
      name,
      subject,
      consents,
      consentItems,
      consentItemLabels,
      interviewees,
      withdrawals: (await listWithdrawals(db, evaluationId)).filter((w) => w.subject?.kind === subject.kind && w.subject.id === subject.id),
      choiceLabels: withdrawalChoiceLabels,
      isLead: hasRole(request.role!, 'lead'),
      path: subjectPath(request, subject),
      base: privacyBase(request),
    });
  });

  // Finding someone by e-mail address: the usual way a subject access request arrives.
  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/privacy/subject-access', { config: { access: member('lead') } }, async (request, reply) => {
    const email = z.string().trim().catch('').parse(request.query.email);
    if (email) {
      try {
        return reply.redirect(`${subjectPath(request, await subjectByEmail(db, request.evaluation!.id, email))}/export`, 303);
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
      }
    }
    const message = email ? 'No one in the staff directory has that e-mail address' : 'Enter the e-mail address of the person asking';
    return reply.code(request.query.email === undefined ? 200 : 400).view('privacy/views/subject-access.njk', {
      title: 'Find the records held about someone',
      values: formValues({ email }),
      errors: request.query.email === undefined ? undefined : { list: [{ text: message, href: '#email' }], byField: { email: { text: message } } },
    });
  });

  const exportFor = async (request: FastifyRequest<{ Params: SubjectParams }>) =>
    subjectAccessExport(db, request.user!.id, { id: request.evaluation!.id, title: request.evaluation!.title }, subjectParam(request.params), clock());

  app.get<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/export', { config: { access: member('lead') } }, async (request, reply) => {
    const subject = subjectParam(request.params);
    const name = await subjectName(db, request.evaluation!.id, subject);
    const records = await exportFor(request);
    return reply.view('privacy/views/export.njk', { title: `Records held about ${name}`, name, records, consentItems, consentItemLabels, path: subjectPath(request, subject) });
  });

  app.get<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/export.json', { config: { access: member('lead') } }, async (request, reply) => {
    const subject = subjectParam(request.params);
    await subjectName(db, request.evaluation!.id, subject);
    const records = await exportFor(request);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="subject-access-${subject.kind}-${subject.id}.json"`)
      .send(JSON.stringify(records, null, 2));
  });
}
