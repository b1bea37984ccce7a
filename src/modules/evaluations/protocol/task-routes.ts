import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { listMembers, listPeriods } from '../service.ts';
import { directionInput } from './aims.ts';
import { canChange, checkItems, dateValues, formValues, kindOptions, nothing, protocolPath, selectItems, type FormValues, type Params } from './page-helpers.ts';
import { progressMarkWords } from './progress.ts';
import * as stages from './stages.ts';
import { progressStatement } from './summaries.ts';
import { taskStatusLabels } from './task-changes.ts';
import * as tasks from './tasks.ts';

type StageParams = Params & { stage: string };
type TaskParams = Params & { task: string };
const taskDates = ['startsOn', 'endsOn'];

const taskValues = (task: tasks.Task): FormValues => ({
  ...task,
  ownerUserId: task.ownerUserId ?? '',
  ...dateValues('startsOn', task.startsOn),
  ...dateValues('endsOn', task.endsOn),
});

/** Pages for stages and tasks, each task with its history, and the progress statement. */
export async function registerTaskPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/stages', coder, async (request, reply) => {
    const all = await tasks.listTasks(db, request.evaluation!.id);
    const list = (await stages.listStages(db, request.evaluation!.id)).map((stage) => ({ ...stage, tasks: all.filter((t) => t.stageId === stage.id) }));
    return reply.view('evaluations/protocol/views/stages.njk', { title: 'Stages and tasks', stages: list, canChange: canChange(request) });
  });

  const renderStageForm = async (reply: FastifyReply, request: FastifyRequest, form: { stage?: stages.Stage; values: FormValues; errors?: FormErrors; status?: number }) => {
    const phases = await listPeriods(db, 'phases', request.evaluation!.id);
    return reply.code(form.status ?? (form.errors ? 400 : 200)).view('evaluations/protocol/views/stage-form.njk', {
      title: form.stage ? `Change the stage ${form.stage.name}` : 'Add a stage',
      stage: form.stage,
      values: form.values,
      errors: form.errors,
      phaseItems: selectItems(phases.map((p) => ({ value: p.id, text: p.name })), form.values.phaseId, 'None'),
      action: form.stage ? protocolPath(request, `/stages/${form.stage.id}/edit`) : protocolPath(request, '/stages'),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/stages/new', researcher, (request, reply) => renderStageForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/stages', researcher, async (request, reply) => {
    const result = await submitForm(stages.stageInput, request.body, (data) => stages.addStage(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderStageForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/stages'), 303);
  });

  app.get<{ Params: StageParams }>('/evaluations/:evaluation/protocol/stages/:stage/edit', researcher, async (request, reply) => {
    const stage = await stages.getStage(db, request.evaluation!.id, request.params.stage);
    return renderStageForm(reply, request, { stage, values: { name: stage.name, phaseId: stage.phaseId ?? '' } });
  });

  app.post<{ Params: StageParams }>('/evaluations/:evaluation/protocol/stages/:stage/edit', researcher, async (request, reply) => {
    const stage = await stages.getStage(db, request.evaluation!.id, request.params.stage);
    const result = await submitForm(stages.stageInput, request.body, (data) => stages.updateStage(db, request.user!.id, request.evaluation!.id, stage.id, data));
    if (!result.ok) return renderStageForm(reply, request, { stage, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/stages'), 303);
  });

  app.post<{ Params: StageParams }>('/evaluations/:evaluation/protocol/stages/:stage/delete', researcher, async (request, reply) => {
    const stage = await stages.getStage(db, request.evaluation!.id, request.params.stage);
    const result = await submitForm(nothing, {}, () => stages.deleteStage(db, request.user!.id, request.evaluation!.id, stage.id));
    // A stage that still holds tasks stays; its form says why.
    if (!result.ok) return renderStageForm(reply, request, { stage, values: { name: stage.name, phaseId: stage.phaseId ?? '' }, errors: result.errors, status: 409 });
    return reply.redirect(protocolPath(request, '/stages'), 303);
  });

  app.post<{ Params: StageParams }>('/evaluations/:evaluation/protocol/stages/:stage/move', researcher, async (request, reply) => {
    const parsed = directionInput.safeParse(request.body);
    if (parsed.success) await stages.moveStage(db, request.evaluation!.id, request.params.stage, parsed.data.direction);
    return reply.redirect(protocolPath(request, '/stages'), 303);
  });

  const renderTaskForm = async (reply: FastifyReply, request: FastifyRequest, form: { task?: tasks.Task; values: FormValues; errors?: FormErrors }) => {
    const evaluationId = request.evaluation!.id;
    const members = await listMembers(db, evaluationId);
    return reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/task-form.njk', {
      title: form.task ? `Change the task ${form.task.title}` : 'Add a task',
      task: form.task,
      values: form.values,
      errors: form.errors,
      stageItems: selectItems((await stages.listStages(db, evaluationId)).map((s) => ({ value: s.id, text: s.name })), form.values.stageId, 'Choose a stage'),
      statusItems: checkItems(kindOptions(taskStatusLabels), form.values.status ?? 'planned'),
      ownerItems: selectItems(members.map((m) => ({ value: m.userId, text: m.name })), form.values.ownerUserId, 'Nobody in the team (type a name below, or leave both blank)'),
      action: form.task ? protocolPath(request, `/tasks/${form.task.id}/edit`) : protocolPath(request, '/tasks'),
    });
  };

  app.get<{ Params: Params; Querystring: { stage?: string } }>('/evaluations/:evaluation/protocol/tasks/new', researcher, (request, reply) =>
    renderTaskForm(reply, request, { values: { stageId: request.query.stage ?? '' } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/tasks', researcher, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), taskDates);
    const result = await submitForm(tasks.taskInput, body, (data) => tasks.addTask(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderTaskForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/tasks/${result.value.id}`), 303);
  });

  app.get<{ Params: TaskParams }>('/evaluations/:evaluation/protocol/tasks/:task', coder, async (request, reply) => {
    const task = await tasks.getTask(db, request.evaluation!.id, request.params.task);
    return reply.view('evaluations/protocol/views/task.njk', {
      title: task.title,
      task,
      history: (await tasks.taskHistory(db, request.evaluation!.id, task.id)).reverse(),
      canChange: canChange(request),
    });
  });

  app.get<{ Params: TaskParams }>('/evaluations/:evaluation/protocol/tasks/:task/edit', researcher, async (request, reply) => {
    const task = await tasks.getTask(db, request.evaluation!.id, request.params.task);
    return renderTaskForm(reply, request, { task, values: taskValues(task) });
  });

  app.post<{ Params: TaskParams }>('/evaluations/:evaluation/protocol/tasks/:task/edit', researcher, async (request, reply) => {
    const task = await tasks.getTask(db, request.evaluation!.id, request.params.task);
    const body = joinDateFields(formValues(request.body), taskDates);
    const result = await submitForm(tasks.taskInput, body, (data) => tasks.updateTask(db, request.user!.id, request.evaluation!.id, task.id, data));
    if (!result.ok) return renderTaskForm(reply, request, { task, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/tasks/${task.id}`), 303);
  });

  app.post<{ Params: TaskParams }>('/evaluations/:evaluation/protocol/tasks/:task/move', researcher, async (request, reply) => {
    const parsed = directionInput.safeParse(request.body);
    if (parsed.success) await tasks.moveTask(db, request.evaluation!.id, request.params.task, parsed.data.direction);
    return reply.redirect(protocolPath(request, '/stages'), 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/progress', coder, async (request, reply) =>
    reply.view('evaluations/protocol/views/progress.njk', { title: 'Progress statement', statement: await progressStatement(db, request.evaluation!.id), markWords: progressMarkWords }),
  );
}
