import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member, signedIn, roles } from '../../http/access.ts';
import { notFound } from '../../http/errors.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { hasRole } from '../../http/access.ts';
import { organisationSummary } from '../organisation/service.ts';
import { reportSchedule } from '../reports/service.ts';
import * as evaluations from './service.ts';

type Params = { evaluation: string };
const periodKinds = { phases: 'phase', waves: 'wave' } as const;
type PeriodKind = keyof typeof periodKinds;
const dateFields = ['startsOn', 'endsOn'];

function formValues(body: unknown): Record<string, unknown> {
  return { ...(body as Record<string, unknown>) };
}

function evaluationFormValues(e: evaluations.Evaluation) {
  return {
    ...e,
    ...Object.fromEntries(Object.entries(dateParts(e.startsOn)).map(([k, v]) => [`startsOn-${k}`, v])),
    ...Object.fromEntries(Object.entries(dateParts(e.endsOn)).map(([k, v]) => [`endsOn-${k}`, v])),
  };
}

export async function registerEvaluationPages(app: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}`;

  /** Counts on the overview, each linking to its page; only for roles that may open that page. */
  async function overviewSummaries(slug: string, evaluationId: string, role: Parameters<typeof hasRole>[0]) {
    const o = await organisationSummary(db, evaluationId);
    const base = `/evaluations/${slug}`;
    const items = [
      { href: `${base}/units`, text: `${o.programmes} programmes and ${o.regions} regions (${o.units} units in all)` },
      { href: `${base}/budget`, text: o.budgetYears.length ? `Budget for ${o.budgetYears.join(', ')}` : 'No budget recorded yet' },
    ];
    if (hasRole(role, 'researcher')) items.push({ href: `${base}/people`, text: `${o.people} entries in the staff directory` });
    return items;
  }

  app.get('/evaluations', { config: { access: signedIn } }, async (request, reply) => {
    const list = await evaluations.listEvaluationsForUser(db, request.user!.id);
    return reply.view('evaluations/views/list.njk', {
      title: 'Your evaluations',
      active: list.filter((e) => !e.archivedAt),
      archived: list.filter((e) => e.archivedAt),
    });
  });

  const renderNew = (reply: FastifyReply, values: Record<string, unknown> = {}, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('evaluations/views/form.njk', { title: 'Create an evaluation', values, errors, action: '/evaluations' });

  app.get('/evaluations/new', { config: { access: signedIn } }, async (_request, reply) => renderNew(reply));

  app.post('/evaluations', { config: { access: signedIn } }, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), dateFields);
    const result = await submitForm(evaluations.evaluationInput, body, (data) => evaluations.createEvaluation(db, request.user!.id, data));
    if (!result.ok) return renderNew(reply, formValues(request.body), result.errors);
    return reply.redirect(`/evaluations/${result.value.slug}`, 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation', { config: { access: member('viewer') } }, async (request, reply) => {
    const evaluation = await evaluations.getEvaluation(db, request.evaluation!.id);
    const summaries = hasRole(request.role!, 'coder') ? await overviewSummaries(evaluation.slug, evaluation.id, request.role!) : [];
    return reply.view('evaluations/views/overview.njk', {
      title: 'Overview',
      details: evaluation,
      summaries,
      phases: await evaluations.listPeriods(db, 'phases', evaluation.id),
      waves: await evaluations.listPeriods(db, 'waves', evaluation.id),
      // Reports still to deliver, for the team: the schedule of drafts is not the viewers' business.
      reportsDue: hasRole(request.role!, 'coder') ? (await reportSchedule(db, evaluation.id, clock().toISOString().slice(0, 10))).filter((r) => r.state !== 'done') : [],
    });
  });

  const renderEdit = (reply: FastifyReply, request: FastifyRequest, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('evaluations/views/form.njk', { title: 'Settings', values, errors, action: `${base(request)}/edit`, editing: true });

  app.get<{ Params: Params }>('/evaluations/:evaluation/edit', { config: { access: member('lead') } }, async (request, reply) =>
    renderEdit(reply, request, evaluationFormValues(await evaluations.getEvaluation(db, request.evaluation!.id))),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/edit', { config: { access: member('lead') } }, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), dateFields);
    const result = await submitForm(evaluations.evaluationInput, body, (data) =>
      evaluations.updateEvaluation(db, request.user!.id, request.evaluation!.id, data),
    );
    if (!result.ok) return renderEdit(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`/evaluations/${result.value.slug}`, 303);
  });

  for (const [path, archived] of [['archive', true], ['restore', false]] as const) {
    app.post<{ Params: Params }>(`/evaluations/:evaluation/${path}`, { config: { access: member('lead') } }, async (request, reply) => {
      await evaluations.setArchived(db, request.user!.id, request.evaluation!.id, archived, clock());
      return reply.redirect(base(request), 303);
    });
  }

  const renderPeriods = async (reply: FastifyReply, request: FastifyRequest, errorsFor?: { kind: PeriodKind; errors: FormErrors; values: unknown }) =>
    reply.code(errorsFor ? 400 : 200).view('evaluations/views/periods.njk', {
      title: 'Phases and waves',
      phases: await evaluations.listPeriods(db, 'phases', request.evaluation!.id),
      waves: await evaluations.listPeriods(db, 'waves', request.evaluation!.id),
      errorsFor,
      errors: errorsFor?.errors,
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/periods', { config: { access: member('coder') } }, (request, reply) => renderPeriods(reply, request));

  app.post<{ Params: Params & { kind: string } }>('/evaluations/:evaluation/periods/:kind', { config: { access: member('researcher') } }, async (request, reply) => {
    const kind = request.params.kind;
    if (!(kind in periodKinds)) throw notFound();
    const raw = formValues(request.body);
    const body = joinDateFields(raw, dateFields);
    const result = await submitForm(evaluations.periodInput, body, (data) =>
      evaluations.addPeriod(db, request.user!.id, kind as PeriodKind, request.evaluation!.id, data),
    );
    if (!result.ok) return renderPeriods(reply, request, { kind: kind as PeriodKind, errors: result.errors, values: raw });
    return reply.redirect(`${base(request)}/periods`, 303);
  });

  app.post<{ Params: Params & { kind: string; period: string } }>(
    '/evaluations/:evaluation/periods/:kind/:period/delete',
    { config: { access: member('researcher') } },
    async (request, reply) => {
      const kind = request.params.kind;
      if (!(kind in periodKinds) || !/^[0-9a-f-]{36}$/.test(request.params.period)) throw notFound();
      await evaluations.removePeriod(db, request.user!.id, kind as PeriodKind, request.evaluation!.id, request.params.period);
      return reply.redirect(`${base(request)}/periods`, 303);
    },
  );

  const renderMembers = async (reply: FastifyReply, request: FastifyRequest, values: Record<string, unknown> = {}, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('evaluations/views/members.njk', {
      title: 'Team',
      members: await evaluations.listMembers(db, request.evaluation!.id),
      roles,
      values,
      errors,
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/members', { config: { access: member('researcher') } }, (request, reply) => renderMembers(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/members', { config: { access: member('lead') } }, async (request, reply) => {
    const result = await submitForm(evaluations.memberInput, request.body, (data) => evaluations.setMember(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderMembers(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`${base(request)}/members`, 303);
  });

  app.post<{ Params: Params & { user: string } }>('/evaluations/:evaluation/members/:user/remove', { config: { access: member('lead') } }, async (request, reply) => {
    if (!/^[0-9a-f-]{36}$/.test(request.params.user)) throw notFound('Member');
    const result = await submitForm(evaluations.memberInput.pick({}), {}, () =>
      evaluations.removeMember(db, request.user!.id, request.evaluation!.id, request.params.user),
    );
    if (!result.ok) return renderMembers(reply, request, {}, result.errors);
    return reply.redirect(`${base(request)}/members`, 303);
  });

  app.get<{ Params: Params; Querystring: { page?: string } }>('/evaluations/:evaluation/audit', { config: { access: member('researcher') } }, async (request, reply) => {
    const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
    const { entries, hasMore } = await listAuditEntries(db, request.evaluation!.id, page);
    return reply.view('evaluations/views/audit.njk', { title: 'Audit log', entries, page, hasMore });
  });
}
