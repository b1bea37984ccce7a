import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as s from './api-schemas.ts';
import * as stages from './stages.ts';
import { progressStatement } from './summaries.ts';
import * as tasks from './tasks.ts';

const { tags, evaluationParams } = s;
const path = '/api/v1/evaluations/:evaluation/protocol';
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

/** Stages, tasks with their history, and the progress statement as JSON. */
export async function registerTasksApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const stageParams = s.idParams('stage', 'stage');
  const taskParams = s.idParams('task', 'task');

  app.get(`${path}/stages`, { config: coder, schema: { tags, summary: 'List the stages, in order', params: evaluationParams, response: { 200: z.object({ items: z.array(s.stageOut) }) } } },
    async (request) => ({ items: await stages.listStages(db, request.evaluation!.id) }));

  app.post(`${path}/stages`, { config: researcher, schema: { tags, summary: 'Add a stage', params: evaluationParams, body: s.stageBody, response: { 201: s.stageOut } } },
    async (request, reply) => reply.code(201).send(await stages.addStage(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/stages/:stage`, { config: researcher, schema: { tags, summary: 'Change a stage', params: stageParams, body: s.stageBody.partial(), response: { 200: s.stageOut } } }, async (request) => {
    const current = await stages.getStage(db, request.evaluation!.id, request.params.stage);
    return stages.updateStage(db, request.user!.id, request.evaluation!.id, current.id, { name: current.name, phaseId: current.phaseId, ...request.body });
  });

  app.delete(`${path}/stages/:stage`, { config: researcher, schema: { tags, summary: 'Delete a stage that has no tasks', params: stageParams } }, async (request, reply) => {
    await stages.deleteStage(db, request.user!.id, request.evaluation!.id, request.params.stage);
    return reply.code(204).send();
  });

  app.get(`${path}/tasks`, { config: coder, schema: { tags, summary: 'List the tasks, stage by stage', params: evaluationParams, response: { 200: z.object({ items: z.array(s.taskOut) }) } } },
    async (request) => ({ items: await tasks.listTasks(db, request.evaluation!.id) }));

  app.post(`${path}/tasks`, { config: researcher, schema: { tags, summary: 'Add a task to a stage', params: evaluationParams, body: s.taskBody, response: { 201: s.taskOut } } },
    async (request, reply) => reply.code(201).send(await tasks.addTask(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/tasks/:task`, { config: coder, schema: { tags, summary: 'One task', params: taskParams, response: { 200: s.taskOut } } },
    async (request) => tasks.getTask(db, request.evaluation!.id, request.params.task));

  app.patch(`${path}/tasks/:task`, {
    config: researcher,
    schema: { tags, summary: 'Change a task (fields left out keep their values); the change is added to its history', params: taskParams, body: s.taskBody.partial(), response: { 200: s.taskOut } },
  }, async (request) => {
    const current = await tasks.getTask(db, request.evaluation!.id, request.params.task);
    const { stageId, title, status, startsOn, endsOn, ownerUserId, ownerName, note } = current;
    // A new owner of one kind replaces the owner of the other kind.
    const owner = 'ownerUserId' in request.body || 'ownerName' in request.body ? { ownerUserId: null, ownerName: '' } : { ownerUserId, ownerName };
    return tasks.updateTask(db, request.user!.id, request.evaluation!.id, current.id, { stageId, title, status, startsOn, endsOn, note, ...owner, ...request.body });
  });

  app.get(`${path}/tasks/:task/history`, { config: coder, schema: { tags, summary: 'Every change to a task, oldest first: who, when, what and why', params: taskParams, response: { 200: z.object({ items: z.array(s.taskChangeOut) }) } } },
    async (request) => ({ items: (await tasks.taskHistory(db, request.evaluation!.id, request.params.task)).map((c) => ({ ...c, at: c.at.toISOString() })) }));

  app.get(`${path}/progress`, { config: coder, schema: { tags, summary: 'The progress statement: stage by stage, task by task, ✓ done, × cancelled, … not finished, with the note or reason', params: evaluationParams, response: { 200: s.progressOut } } },
    async (request) => progressStatement(db, request.evaluation!.id));
}
