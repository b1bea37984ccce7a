import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { consentFormVersions } from '../evaluations/protocol/consent-forms.ts';
import { consentInput, consentItemLabels, consentItems, recordConsent, subjectName, type Subject } from './consents.ts';
import { formValues, isoDay, subjectParam, subjectPath, type FormValues, type SubjectParams } from './page-helpers.ts';

/** Recording a consent for one interviewee or directory person. */

/** Check boxes send only what is ticked; every item not sent is a "no". */
function withItems(body: FormValues, subject: Subject): FormValues {
  const ticked = [body.agreed ?? []].flat().map(String);
  return {
    ...body,
    intervieweeId: subject.kind === 'interviewee' ? subject.id : '',
    personId: subject.kind === 'person' ? subject.id : '',
    ...Object.fromEntries(consentItems.map((item) => [item, ticked.includes(item) ? 'true' : ''])),
  };
}

export function registerConsentPages(app: FastifyInstance, { database, clock }: ModuleDeps): void {
  const db = database.db;

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, subject: Subject, values: FormValues, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const name = await subjectName(db, evaluationId, subject);
    const agreed = [values.agreed ?? []].flat().map(String);
    const versions = await consentFormVersions(db, evaluationId);
    return reply.code(errors ? 400 : 200).view('privacy/views/consent-form.njk', {
      title: `Record consent for ${name}`,
      subject,
      values,
      errors,
      itemChoices: consentItems.map((item) => ({ value: item, text: consentItemLabels[item], checked: agreed.includes(item) })),
      versionItems: [{ value: '', text: versions.length ? 'Choose the version signed' : 'No consent form is kept in the protocol' }, ...versions.map((v) => ({ value: v.id, text: `${v.title}, version ${v.number}`, selected: v.id === values.formVersionId }))],
      back: subjectPath(request, subject),
    });
  };

  app.get<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/consent', { config: { access: member('researcher') } }, async (request, reply) => {
    const subject = subjectParam(request.params);
    return renderForm(reply, request, subject, { agreed: ['takingPart'] });
  });

  app.post<{ Params: SubjectParams }>('/evaluations/:evaluation/privacy/subjects/:kind/:id/consent', { config: { access: member('researcher') } }, async (request, reply) => {
    const subject = subjectParam(request.params);
    await subjectName(db, request.evaluation!.id, subject);
    const body = formValues(request.body);
    const result = await submitForm(consentInput, withItems(joinDateFields(body, ['givenOn']), subject), (data) => recordConsent(db, request.user!.id, request.evaluation!.id, data, isoDay(clock())));
    if (!result.ok) return renderForm(reply, request, subject, body, result.errors);
    return reply.redirect(subjectPath(request, subject), 303);
  });
}
