import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { listUnits } from '../../organisation/service.ts';
import { registerCalendarApi } from './api.ts';
import { marginDays } from './overlaps.ts';
import { addEntry, entryInput, removeEntry, surveyCalendar } from './service.ts';

type Params = { evaluation: string };
type Values = Record<string, unknown>;

const researcher = { config: { access: member('researcher') } };

export async function registerCalendarPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest<{ Params: Params }>) => `/evaluations/${request.evaluation!.slug}/calendar`;

  app.get<{ Params: Params }>('/evaluations/:evaluation/calendar', { config: { access: member('coder') } }, async (request, reply) => {
    const calendar = await surveyCalendar(db, request.evaluation!.id);
    const surveysPath = `/evaluations/${request.evaluation!.slug}/surveys`;
    return reply.view('fieldwork/calendar/views/calendar.njk', {
      title: 'Survey calendar',
      rows: calendar.rows.map((r) => ({ ...r, path: r.kind === 'survey' ? `${surveysPath}/${r.id}` : null, deletePath: `${base(request)}/${r.id}/delete` })),
      clashes: calendar.clashes,
      marginDays,
      canEdit: request.role === 'researcher' || request.role === 'lead',
      newPath: `${base(request)}/new`,
    });
  });

  const renderForm = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, values: Values, errors?: FormErrors) => {
    const chosen = new Set([values.unitIds ?? []].flat().map(String));
    const units = await listUnits(db, request.evaluation!.id);
    return reply.code(errors ? 400 : 200).view('fieldwork/calendar/views/entry-form.njk', {
      title: 'Add a survey or consultation',
      values,
      errors,
      unitItems: units.map((u) => ({ value: u.id, text: `${u.name} (${u.kind})`, checked: chosen.has(u.id) })),
      action: base(request),
      backPath: base(request),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/calendar/new', researcher, (request, reply) => renderForm(request, reply, { audience: 'all' }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/calendar', researcher, async (request, reply) => {
    const body = (request.body ?? {}) as Values;
    const joined = joinDateFields(body, ['startsOn', 'endsOn']);
    const result = await submitForm(entryInput, { ...joined, startsOn: joined.startsOn ?? '', endsOn: joined.endsOn ?? '' }, (data) => addEntry(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(request, reply, body, result.errors);
    return reply.redirect(`${base(request)}#entry-${result.value.id}`, 303);
  });

  app.post<{ Params: Params & { entry: string } }>('/evaluations/:evaluation/calendar/:entry/delete', researcher, async (request, reply) => {
    await removeEntry(db, request.user!.id, request.evaluation!.id, request.params.entry);
    return reply.redirect(base(request), 303);
  });
}

export async function registerSurveyCalendar(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerCalendarPages(app, deps);
  await registerCalendarApi(app, deps);
}
