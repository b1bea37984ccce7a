import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as s from './api-schemas.ts';
import * as plan from './plan.ts';
import * as variations from './variations.ts';

const { tags, evaluationParams } = s;
const path = '/api/v1/evaluations/:evaluation/protocol';
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

/** Contract variations and the week-by-week plan as JSON. */
export async function registerPlanApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const variationParams = s.idParams('variation', 'contract variation');
  const entryParams = s.idParams('entry', 'plan entry');

  app.get(`${path}/variations`, { config: coder, schema: { tags, summary: 'List the contract variations, oldest first', params: evaluationParams, response: { 200: z.object({ items: z.array(s.variationOut) }) } } },
    async (request) => ({ items: await variations.listVariations(db, request.evaluation!.id) }));

  app.post(`${path}/variations`, { config: researcher, schema: { tags, summary: 'Record a contract variation', params: evaluationParams, body: s.variationBody, response: { 201: s.variationOut } } },
    async (request, reply) => reply.code(201).send(await variations.addVariation(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/variations/:variation`, { config: researcher, schema: { tags, summary: 'Change a contract variation', params: variationParams, body: s.variationBody.partial(), response: { 200: s.variationOut } } }, async (request) => {
    const current = await variations.getVariation(db, request.evaluation!.id, request.params.variation);
    return variations.updateVariation(db, request.user!.id, request.evaluation!.id, current.id, { ...current, taskIds: current.tasks.map((t) => t.id), ...request.body });
  });

  app.delete(`${path}/variations/:variation`, { config: researcher, schema: { tags, summary: 'Delete a contract variation', params: variationParams } }, async (request, reply) => {
    await variations.deleteVariation(db, request.user!.id, request.evaluation!.id, request.params.variation);
    return reply.code(204).send();
  });

  app.get(`${path}/plan`, { config: coder, schema: { tags, summary: 'The week-by-week plan, in date order', params: evaluationParams, response: { 200: z.object({ items: z.array(s.planEntryOut) }) } } },
    async (request) => ({ items: await plan.listPlan(db, request.evaluation!.id) }));

  app.post(`${path}/plan`, { config: researcher, schema: { tags, summary: 'Add an activity to a week of the plan', params: evaluationParams, body: s.planEntryBody, response: { 201: s.planEntryOut } } },
    async (request, reply) => reply.code(201).send(await plan.addPlanEntry(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/plan/:entry`, { config: researcher, schema: { tags, summary: 'Change an entry of the plan', params: entryParams, body: s.planEntryBody.partial(), response: { 200: s.planEntryOut } } }, async (request) => {
    const current = await plan.getPlanEntry(db, request.evaluation!.id, request.params.entry);
    const owners = {
      ownerUserIds: current.owners.flatMap((o) => (o.userId ? [o.userId] : [])),
      otherOwners: current.owners.filter((o) => !o.userId).map((o) => o.name),
    };
    return plan.updatePlanEntry(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...owners, ...request.body });
  });

  app.delete(`${path}/plan/:entry`, { config: researcher, schema: { tags, summary: 'Delete an entry of the plan', params: entryParams } }, async (request, reply) => {
    await plan.deletePlanEntry(db, request.user!.id, request.evaluation!.id, request.params.entry);
    return reply.code(204).send();
  });
}
