import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as s from './api-schemas.ts';
import * as context from './context-events.ts';
import { contextTimeline } from './context-timeline.ts';

const tags = s.contextTags;
const path = '/api/v1/evaluations/:evaluation/context-events';
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };
const kindsQuery = z.object({
  kind: z.union([z.enum(context.contextKinds), z.array(z.enum(context.contextKinds))]).optional().describe('Only events of these kinds; repeat for several'),
});

/** Events in the organisation's outer context, and the timeline beside the evaluation's milestones, as JSON. */
export async function registerContextApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const eventParams = s.idParams('event', 'context event');

  app.get(path, { config: coder, schema: { tags, summary: 'List the context events in date order', params: s.evaluationParams, querystring: kindsQuery, response: { 200: z.object({ items: z.array(s.contextEventOut) }) } } },
    async (request) => ({ items: await context.listContextEvents(db, request.evaluation!.id, { kinds: [request.query.kind ?? []].flat() }) }));

  app.post(path, { config: researcher, schema: { tags, summary: 'Record an event in the outer context', params: s.evaluationParams, body: s.contextEventBody, response: { 201: s.contextEventOut } } },
    async (request, reply) => reply.code(201).send(await context.addContextEvent(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/:event`, { config: coder, schema: { tags, summary: 'One context event', params: eventParams, response: { 200: s.contextEventOut } } },
    async (request) => context.getContextEvent(db, request.evaluation!.id, request.params.event));

  app.patch(`${path}/:event`, { config: researcher, schema: { tags, summary: 'Change a context event', params: eventParams, body: s.contextEventBody.partial(), response: { 200: s.contextEventOut } } }, async (request) => {
    const current = await context.getContextEvent(db, request.evaluation!.id, request.params.event);
    return context.updateContextEvent(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/:event`, { config: researcher, schema: { tags, summary: 'Delete a context event', params: eventParams } }, async (request, reply) => {
    await context.deleteContextEvent(db, request.user!.id, request.evaluation!.id, request.params.event);
    return reply.code(204).send();
  });

  app.get('/api/v1/evaluations/:evaluation/context-timeline', {
    config: coder,
    schema: {
      tags,
      summary: "The context events beside the evaluation's own milestones, by year",
      params: s.evaluationParams,
      querystring: kindsQuery.extend({ milestones: z.enum(['show', 'hide']).default('show') }),
      response: { 200: s.timelineOut },
    },
  }, async (request) => ({
    years: await contextTimeline(db, request.evaluation!.id, { kinds: [request.query.kind ?? []].flat(), milestones: request.query.milestones === 'show' }),
  }));
}
