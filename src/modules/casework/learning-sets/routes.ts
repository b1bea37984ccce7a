import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { formErrors, joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { HttpError } from '../../../http/errors.ts';
import { listFindings } from '../../findings/service.ts';
import { registerLearningSetApi } from './api.ts';
import * as service from './service.ts';

type Params = { evaluation: string };
type SetParams = Params & { set: string };
type SessionParams = SetParams & { session: string };
type Body = Record<string, unknown>;

const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/learning-sets`;
const body = (request: FastifyRequest): Body => ({ ...((request.body ?? {}) as Body) });

const kindItems = (chosen: unknown) => service.setKinds.map((kind) => ({ value: kind, text: service.setKindLabels[kind], checked: chosen === kind }));

/** Learning sets: coders read everything, researchers change it. */
export async function registerLearningSets(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const db = deps.database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/learning-sets', coder, async (request, reply) =>
    reply.view('casework/learning-sets/views/sets.njk', { title: 'Learning sets', sets: await service.learningSetsOverview(db, request.evaluation!.id) }),
  );

  app.get<{ Params: Params }>('/evaluations/:evaluation/learning-sets/reality-check', coder, async (request, reply) => {
    const feedback = await service.feedbackOnFindings(db, request.evaluation!.id);
    const findings = (await listFindings(db, request.evaluation!.id)).map((f, index) => ({ id: f.id, number: index + 1, statement: f.statement, feedback: feedback.get(f.id) ?? null }));
    return reply.view('casework/learning-sets/views/reality-check.njk', { title: 'Reality check: feedback on findings', findings, responseLabels: service.responseLabels });
  });

  const renderSetForm = (reply: FastifyReply, request: FastifyRequest, values: Body, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('casework/learning-sets/views/set-form.njk', { title: 'Add a learning set', values, kindItems: kindItems(values.kind), errors, action: base(request) });

  app.get<{ Params: Params }>('/evaluations/:evaluation/learning-sets/new', researcher, (request, reply) => renderSetForm(reply, request, {}));

  app.post<{ Params: Params }>('/evaluations/:evaluation/learning-sets', researcher, async (request, reply) => {
    const result = await submitForm(service.setInput, request.body, (data) => service.createSet(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderSetForm(reply, request, body(request), result.errors);
    return reply.redirect(`${base(request)}/${result.value.id}`, 303);
  });

  const renderSet = async (reply: FastifyReply, request: FastifyRequest, setId: string, form: { memberValues?: Body; sessionValues?: Body; errors?: FormErrors } = {}) => {
    const set = await service.getSet(db, request.evaluation!.id, setId);
    return reply.code(form.errors ? 400 : 200).view('casework/learning-sets/views/set.njk', {
      title: set.name,
      set,
      members: await service.listMembers(db, set.id),
      sessions: await service.listSessions(db, set.id),
      memberValues: form.memberValues ?? {},
      sessionValues: form.sessionValues ?? {},
      errors: form.errors,
    });
  };

  app.get<{ Params: SetParams }>('/evaluations/:evaluation/learning-sets/:set', coder, (request, reply) => renderSet(reply, request, request.params.set));

  app.post<{ Params: SetParams }>('/evaluations/:evaluation/learning-sets/:set/members', researcher, async (request, reply) => {
    const result = await submitForm(service.memberInput, request.body, (data) => service.addMember(db, request.user!.id, request.evaluation!.id, request.params.set, data));
    if (!result.ok) return renderSet(reply, request, request.params.set, { memberValues: body(request), errors: result.errors });
    return reply.redirect(`${base(request)}/${request.params.set}#members`, 303);
  });

  app.post<{ Params: SetParams & { member: string } }>('/evaluations/:evaluation/learning-sets/:set/members/:member/delete', researcher, async (request, reply) => {
    await service.removeMember(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.member);
    return reply.redirect(`${base(request)}/${request.params.set}#members`, 303);
  });

  app.post<{ Params: SetParams }>('/evaluations/:evaluation/learning-sets/:set/sessions', researcher, async (request, reply) => {
    const values = joinDateFields(body(request), ['plannedOn']);
    const result = await submitForm(service.sessionInput, values, (data) => service.planSession(db, request.user!.id, request.evaluation!.id, request.params.set, data));
    if (!result.ok) return renderSet(reply, request, request.params.set, { sessionValues: body(request), errors: result.errors });
    return reply.redirect(`${base(request)}/${request.params.set}/sessions/${result.value.id}`, 303);
  });

  app.post<{ Params: SetParams }>('/evaluations/:evaluation/learning-sets/:set/delete', researcher, async (request, reply) => {
    await service.deleteSet(db, request.user!.id, request.evaluation!.id, request.params.set);
    return reply.redirect(base(request), 303);
  });

  const renderSession = async (reply: FastifyReply, request: FastifyRequest, params: SessionParams, form: { statusValues?: Body; errors?: FormErrors } = {}) => {
    const session = await service.getSession(db, request.evaluation!.id, params.set, params.session);
    const presented = new Set(session.findings.map((f) => f.id));
    const findings = await listFindings(db, request.evaluation!.id);
    const statusValues = form.statusValues ?? { status: session.status, reason: session.reason };
    return reply.code(form.errors ? 400 : 200).view('casework/learning-sets/views/session.njk', {
      title: `${session.set.name}: session of ${session.plannedOn}`,
      session,
      statusValues,
      statusItems: service.sessionStatuses.map((s) => ({ value: s, text: service.sessionStatusLabels[s], checked: statusValues.status === s })),
      memberItems: session.members.map((m) => ({ value: m.id, text: m.role ? `${m.name} (${m.role})` : m.name, checked: m.attended })),
      findingItems: findings.map((f, index) => ({ value: f.id, text: `${index + 1}. ${f.statement}`, checked: presented.has(f.id) })),
      errors: form.errors,
    });
  };

  app.get<{ Params: SessionParams }>('/evaluations/:evaluation/learning-sets/:set/sessions/:session', coder, (request, reply) => renderSession(reply, request, request.params));

  const sessionUrl = (request: FastifyRequest, params: SessionParams) => `${base(request)}/${params.set}/sessions/${params.session}`;

  app.post<{ Params: SessionParams }>('/evaluations/:evaluation/learning-sets/:set/sessions/:session/status', researcher, async (request, reply) => {
    const { set, session } = request.params;
    const result = await submitForm(service.statusInput, request.body, (data) => service.setSessionStatus(db, request.user!.id, request.evaluation!.id, set, session, data));
    if (!result.ok) return renderSession(reply, request, request.params, { statusValues: body(request), errors: result.errors });
    return reply.redirect(sessionUrl(request, request.params), 303);
  });

  /** Attendance and presented findings post checkboxes; a refusal comes back on the same page. */
  const checkboxRoute = (path: string, action: (request: FastifyRequest<{ Params: SessionParams }>) => Promise<void>, anchor: string) =>
    app.post<{ Params: SessionParams }>(`/evaluations/:evaluation/learning-sets/:set/sessions/:session/${path}`, researcher, async (request, reply) => {
      try {
        await action(request);
      } catch (error) {
        if (error instanceof HttpError && error.status === 400) return renderSession(reply, request, request.params, { errors: formErrors(error.fields.length ? error.fields : [{ field: anchor, message: error.message }]) });
        throw error;
      }
      return reply.redirect(`${sessionUrl(request, request.params)}#${anchor}`, 303);
    });

  checkboxRoute('attendance', (request) => service.setAttendance(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.session, { memberIds: body(request).memberIds as string[] | string | undefined }), 'memberIds');
  checkboxRoute('findings', (request) => service.setPresentedFindings(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.session, { findingIds: body(request).findingIds as string[] | string | undefined }), 'findingIds');

  const renderGrid = async (reply: FastifyReply, request: FastifyRequest, params: SessionParams, form: { values?: Body; errors?: FormErrors } = {}) => {
    const session = await service.getSession(db, request.evaluation!.id, params.set, params.session);
    const saved = await service.listFeedback(db, session.id);
    const values: Body = form.values ?? Object.fromEntries(saved.flatMap((c) => [[service.cellField(c.memberId, c.findingId), c.response], [service.noteField(c.memberId, c.findingId), c.note]]));
    const attending = session.members.filter((m) => m.attended);
    return reply.code(form.errors ? 400 : 200).view('casework/learning-sets/views/feedback.njk', {
      title: `Feedback at the session of ${session.plannedOn}`,
      session,
      rows: attending.map((m) => ({
        member: m,
        cells: session.findings.map((f) => {
          const field = service.cellField(m.id, f.id);
          return {
            finding: f,
            field,
            noteField: service.noteField(m.id, f.id),
            note: values[service.noteField(m.id, f.id)] ?? '',
            error: form.errors?.byField[field],
            items: [
              ...service.responses.map((r) => ({ value: r, text: service.responseLabels[r], checked: values[field] === r })),
              { value: '', text: 'No response', checked: !values[field] },
            ],
          };
        }),
      })),
      errors: form.errors,
    });
  };

  app.get<{ Params: SessionParams }>('/evaluations/:evaluation/learning-sets/:set/sessions/:session/feedback', coder, (request, reply) => renderGrid(reply, request, request.params));

  app.post<{ Params: SessionParams }>('/evaluations/:evaluation/learning-sets/:set/sessions/:session/feedback', researcher, async (request, reply) => {
    const { set, session: sessionId } = request.params;
    const session = await service.getSession(db, request.evaluation!.id, set, sessionId);
    const values = body(request);
    const result = await submitForm(service.gridInput, service.gridFromForm(session, values), (data) => service.saveFeedbackGrid(db, request.user!.id, request.evaluation!.id, set, sessionId, data));
    if (!result.ok) return renderGrid(reply, request, request.params, { values, errors: result.errors });
    return reply.redirect(`${sessionUrl(request, request.params)}?saved=feedback`, 303);
  });

  await registerLearningSetApi(app, deps);
}
