import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { listQuestions } from '../../evaluations/protocol/aims.ts';
import { evaluationBase, formValues, idParam, type FormValues, type Params } from './page-helpers.ts';
import * as schedules from './schedules.ts';

/** Pages for interview schedules: the list, one version with the history, the outline editor, print. */

type ScheduleParams = Params & { schedule: string };

const versionQuery = z.object({ version: z.coerce.number().int().min(1).optional().catch(undefined) });

export function registerSchedulePages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const schedulesBase = (request: FastifyRequest) => `${evaluationBase(request)}/interviews/schedules`;

  app.get<{ Params: Params }>('/evaluations/:evaluation/interviews/schedules', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('qualitative/interviews/views/schedules.njk', { title: 'Interview schedules', schedules: await schedules.listSchedules(db, request.evaluation!.id) }),
  );

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { current?: schedules.ScheduleVersion; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('qualitative/interviews/views/schedule-form.njk', {
      title: form.current ? `Change ${form.current.title}` : 'Write an interview schedule',
      current: form.current,
      values: form.values,
      errors: form.errors,
      researchQuestions: await listQuestions(db, request.evaluation!.id),
      action: form.current ? `${schedulesBase(request)}/${form.current.scheduleId}/edit` : schedulesBase(request),
    });

  /** The outline form read into a schedule, then saved by `save`; outline problems come back by line. */
  const submitOutline = (request: FastifyRequest, body: FormValues, save: (input: schedules.ScheduleInput) => Promise<schedules.ScheduleVersion>) =>
    submitForm(schedules.scheduleOutlineForm, body, async (form) => save(await schedules.scheduleFromOutline(db, request.evaluation!.id, form)));

  app.get<{ Params: Params }>('/evaluations/:evaluation/interviews/schedules/new', { config: { access: member('researcher') } }, (request, reply) =>
    renderForm(reply, request, { values: { outline: '# Introduction\n1. ' } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/interviews/schedules', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitOutline(request, body, (input) => schedules.createSchedule(db, request.user!.id, request.evaluation!.id, input));
    if (!result.ok) return renderForm(reply, request, { values: body, errors: result.errors });
    return reply.redirect(`${schedulesBase(request)}/${result.value.scheduleId}`, 303);
  });

  app.get<{ Params: ScheduleParams; Querystring: Record<string, string> }>('/evaluations/:evaluation/interviews/schedules/:schedule', { config: { access: member('coder') } }, async (request, reply) => {
    const scheduleId = idParam(request.params.schedule, 'Interview schedule');
    const version = await schedules.getScheduleVersion(db, request.evaluation!.id, scheduleId, versionQuery.parse(request.query).version);
    const history = await schedules.listScheduleVersions(db, request.evaluation!.id, scheduleId);
    return reply.view('qualitative/interviews/views/schedule.njk', { title: version.title, version, history, latest: history[0]!.number });
  });

  app.get<{ Params: ScheduleParams; Querystring: Record<string, string> }>('/evaluations/:evaluation/interviews/schedules/:schedule/print', { config: { access: member('coder') } }, async (request, reply) => {
    const scheduleId = idParam(request.params.schedule, 'Interview schedule');
    const version = await schedules.getScheduleVersion(db, request.evaluation!.id, scheduleId, versionQuery.parse(request.query).version);
    return reply.view('qualitative/interviews/views/schedule-print.njk', { title: version.title, version });
  });

  app.get<{ Params: ScheduleParams }>('/evaluations/:evaluation/interviews/schedules/:schedule/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const current = await schedules.getScheduleVersion(db, request.evaluation!.id, idParam(request.params.schedule, 'Interview schedule'));
    return renderForm(reply, request, { current, values: { title: current.title, introduction: current.introduction, outline: schedules.outlineOf(current) } });
  });

  app.post<{ Params: ScheduleParams }>('/evaluations/:evaluation/interviews/schedules/:schedule/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const current = await schedules.getScheduleVersion(db, request.evaluation!.id, idParam(request.params.schedule, 'Interview schedule'));
    const body = formValues(request.body);
    const result = await submitOutline(request, body, (input) => schedules.saveScheduleVersion(db, request.user!.id, request.evaluation!.id, current.scheduleId, input));
    if (!result.ok) return renderForm(reply, request, { current, values: body, errors: result.errors });
    return reply.redirect(`${schedulesBase(request)}/${current.scheduleId}`, 303);
  });

  app.post<{ Params: ScheduleParams }>('/evaluations/:evaluation/interviews/schedules/:schedule/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    const scheduleId = idParam(request.params.schedule, 'Interview schedule');
    const result = await submitForm(z.object({}), {}, () => schedules.deleteSchedule(db, request.user!.id, request.evaluation!.id, scheduleId));
    if (!result.ok) {
      const version = await schedules.getScheduleVersion(db, request.evaluation!.id, scheduleId);
      const history = await schedules.listScheduleVersions(db, request.evaluation!.id, scheduleId);
      return reply.code(400).view('qualitative/interviews/views/schedule.njk', { title: version.title, version, history, latest: history[0]!.number, errors: result.errors });
    }
    return reply.redirect(schedulesBase(request), 303);
  });
}
