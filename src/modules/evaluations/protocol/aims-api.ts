import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as aims from './aims.ts';
import * as s from './api-schemas.ts';
import * as methods from './methods.ts';
import { coverageSummary } from './summaries.ts';

const { tags, evaluationParams } = s;
const path = '/api/v1/evaluations/:evaluation/protocol';
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

/** Aims, research questions, methods, the matrix and coverage as JSON, with the same roles as the pages. */
export async function registerAimsApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const aimParams = s.idParams('aim', 'aim');
  const questionParams = s.idParams('question', 'research question');
  const methodParams = s.idParams('method', 'method');

  app.get(`${path}/aims`, { config: coder, schema: { tags, summary: 'List the aims, in order', params: evaluationParams, response: { 200: z.object({ items: z.array(s.aimOut) }) } } },
    async (request) => ({ items: await aims.listAims(db, request.evaluation!.id) }));

  app.post(`${path}/aims`, { config: researcher, schema: { tags, summary: 'Add an aim at the end', params: evaluationParams, body: s.aimBody, response: { 201: s.aimOut } } },
    async (request, reply) => reply.code(201).send(await aims.addAim(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/aims/:aim`, { config: researcher, schema: { tags, summary: 'Change an aim', params: aimParams, body: s.aimBody.partial(), response: { 200: s.aimOut } } }, async (request) => {
    const current = await aims.getAim(db, request.evaluation!.id, request.params.aim);
    return aims.updateAim(db, request.user!.id, request.evaluation!.id, current.id, { text: current.text, ...request.body });
  });

  app.delete(`${path}/aims/:aim`, { config: researcher, schema: { tags, summary: 'Delete an aim no question depends on alone', params: aimParams } }, async (request, reply) => {
    await aims.deleteAim(db, request.user!.id, request.evaluation!.id, request.params.aim);
    return reply.code(204).send();
  });

  app.post(`${path}/aims/:aim/move`, { config: researcher, schema: { tags, summary: 'Move an aim a place up or down', params: aimParams, body: s.moveBody, response: { 200: z.object({ items: z.array(s.aimOut) }) } } }, async (request) => {
    await aims.moveAim(db, request.evaluation!.id, request.params.aim, request.body.direction);
    return { items: await aims.listAims(db, request.evaluation!.id) };
  });

  app.get(`${path}/questions`, { config: coder, schema: { tags, summary: 'List the research questions, in order', params: evaluationParams, response: { 200: z.object({ items: z.array(s.questionOut) }) } } },
    async (request) => ({ items: await aims.listQuestions(db, request.evaluation!.id) }));

  app.post(`${path}/questions`, { config: researcher, schema: { tags, summary: 'Add a research question serving one or more aims', params: evaluationParams, body: s.questionBody, response: { 201: s.questionOut } } },
    async (request, reply) => reply.code(201).send(await aims.addQuestion(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/questions/:question`, { config: coder, schema: { tags, summary: 'One research question', params: questionParams, response: { 200: s.questionOut } } },
    async (request) => aims.getQuestion(db, request.evaluation!.id, request.params.question));

  app.patch(`${path}/questions/:question`, { config: researcher, schema: { tags, summary: 'Change a research question', params: questionParams, body: s.questionBody.partial(), response: { 200: s.questionOut } } }, async (request) => {
    const current = await aims.getQuestion(db, request.evaluation!.id, request.params.question);
    return aims.updateQuestion(db, request.user!.id, request.evaluation!.id, current.id, { text: current.text, aimIds: current.aimIds, ...request.body });
  });

  app.delete(`${path}/questions/:question`, { config: researcher, schema: { tags, summary: 'Delete a research question', params: questionParams } }, async (request, reply) => {
    await aims.deleteQuestion(db, request.user!.id, request.evaluation!.id, request.params.question);
    return reply.code(204).send();
  });

  app.put(`${path}/questions/:question/override`, {
    config: researcher,
    schema: { tags, summary: 'Override whether a question was addressed (with a reason), or return it to its methods', params: questionParams, body: s.overrideBody, response: { 200: s.questionOut } },
  }, async (request) => aims.setOverride(db, request.user!.id, request.evaluation!.id, request.params.question, request.body));

  app.get(`${path}/methods`, { config: coder, schema: { tags, summary: 'List the methods, in order', params: evaluationParams, response: { 200: z.object({ items: z.array(s.methodOut) }) } } },
    async (request) => ({ items: await methods.listMethods(db, request.evaluation!.id) }));

  app.post(`${path}/methods`, { config: researcher, schema: { tags, summary: 'Add a method', params: evaluationParams, body: s.methodBody, response: { 201: s.methodOut } } },
    async (request, reply) => reply.code(201).send(await methods.addMethod(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/methods/:method`, { config: researcher, schema: { tags, summary: 'Change a method, or mark that it has data', params: methodParams, body: s.methodBody.partial(), response: { 200: s.methodOut } } }, async (request) => {
    const current = await methods.getMethod(db, request.evaluation!.id, request.params.method);
    return methods.updateMethod(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/methods/:method`, { config: researcher, schema: { tags, summary: 'Delete a method and its ticks in the matrix', params: methodParams } }, async (request, reply) => {
    await methods.deleteMethod(db, request.user!.id, request.evaluation!.id, request.params.method);
    return reply.code(204).send();
  });

  app.get(`${path}/matrix`, { config: coder, schema: { tags, summary: 'Which method answers which question', params: evaluationParams, response: { 200: z.object({ cells: z.array(s.cellOut) }) } } },
    async (request) => ({ cells: await methods.listMatrix(db, request.evaluation!.id) }));

  app.put(`${path}/matrix`, { config: researcher, schema: { tags, summary: 'Replace the whole method-by-question matrix', params: evaluationParams, body: s.matrixBody, response: { 200: z.object({ cells: z.array(s.cellOut) }) } } },
    async (request) => ({ cells: await methods.saveMatrix(db, request.user!.id, request.evaluation!.id, request.body) }));

  app.get(`${path}/coverage`, { config: coder, schema: { tags, summary: 'Which aims and questions were addressed, and why', params: evaluationParams, response: { 200: s.coverageOut } } },
    async (request) => coverageSummary(db, request.evaluation!.id));
}
