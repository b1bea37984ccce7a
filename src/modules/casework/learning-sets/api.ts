import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as service from './service.ts';

const tags = ['Learning sets'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const setParams = evaluationParams.extend({ set: z.string().describe('The learning set id') });
const sessionParams = setParams.extend({ session: z.string().describe('The session id') });

const setOut = z.object({ id: z.string(), name: z.string(), kind: z.enum(service.setKinds), kindLabel: z.string(), description: z.string() });
const memberOut = z.object({ id: z.string(), name: z.string(), role: z.string(), organisation: z.string(), personId: z.string().nullable() });
const sessionOut = z.object({
  id: z.string(),
  setId: z.string(),
  plannedOn: z.string(),
  place: z.string(),
  facilitator: z.string(),
  status: z.enum(service.sessionStatuses),
  statusLabel: z.string(),
  reason: z.string().describe('Why a cancelled or postponed session did not go ahead'),
  attended: z.number(),
  presented: z.number(),
  feedback: z.number(),
});
const cellOut = z.object({ memberId: z.string(), findingId: z.string(), response: z.enum([...service.responses, '']), note: z.string() });
const feedbackOut = z.object({
  findingId: z.string(),
  sessions: z.number(),
  agrees: z.number(),
  disagrees: z.number(),
  nuances: z.number(),
  notes: z.array(z.object({ session: z.string(), memberRole: z.string(), response: z.enum(service.responses), note: z.string() })),
});

/** Learning sets as JSON: sets, members, sessions and their status, attendance, findings presented and the feedback grid. */
export async function registerLearningSetApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/learning-sets';
  const coder = member('coder');
  const researcher = member('researcher');

  app.get(path, {
    config: { access: coder },
    schema: { tags, summary: 'Every learning set with its sessions, their status and reasons, and feedback counts', params: evaluationParams, response: { 200: z.object({ items: z.array(setOut.extend({ members: z.number(), sessions: z.array(sessionOut), feedback: z.number() })) }) } },
  }, async (request) => ({ items: await service.learningSetsOverview(db, request.evaluation!.id) }));

  app.post(path, {
    config: { access: researcher },
    schema: { tags, summary: 'Add a learning set', params: evaluationParams, body: service.setInput, response: { 201: setOut } },
  }, async (request, reply) => reply.code(201).send(await service.createSet(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/reality-check`, {
    config: { access: coder },
    schema: { tags, summary: 'For each finding with feedback: responses counted across sessions, and the notes', params: evaluationParams, response: { 200: z.object({ items: z.array(feedbackOut) }) } },
  }, async (request) => ({ items: [...(await service.feedbackOnFindings(db, request.evaluation!.id)).values()] }));

  app.get(`${path}/:set`, {
    config: { access: coder },
    schema: { tags, summary: 'A learning set with its members and sessions', params: setParams, response: { 200: setOut.extend({ members: z.array(memberOut), sessions: z.array(sessionOut) }) } },
  }, async (request) => {
    const set = await service.getSet(db, request.evaluation!.id, request.params.set);
    return { ...set, members: await service.listMembers(db, set.id), sessions: await service.listSessions(db, set.id) };
  });

  app.post(`${path}/:set/members`, {
    config: { access: researcher },
    schema: { tags, summary: 'Add a member, by name or from the staff directory (personId)', params: setParams, body: z.object({ name: z.string().optional(), role: z.string().optional(), organisation: z.string().optional(), personId: z.string().nullable().optional() }), response: { 201: memberOut } },
  }, async (request, reply) => reply.code(201).send(await service.addMember(db, request.user!.id, request.evaluation!.id, request.params.set, request.body)));

  app.post(`${path}/:set/sessions`, {
    config: { access: researcher },
    schema: { tags, summary: 'Plan a session', params: setParams, body: z.object({ plannedOn: z.string().describe('yyyy-mm-dd'), place: z.string().optional(), facilitator: z.string().optional() }), response: { 201: sessionOut } },
  }, async (request, reply) => reply.code(201).send(await service.planSession(db, request.user!.id, request.evaluation!.id, request.params.set, request.body)));

  app.get(`${path}/:set/sessions/:session`, {
    config: { access: coder },
    schema: {
      tags,
      summary: 'A session: who came, the findings presented, the history of its status and the feedback grid',
      params: sessionParams,
      response: {
        200: sessionOut.extend({
          members: z.array(memberOut.extend({ attended: z.boolean() })),
          findings: z.array(z.object({ id: z.string(), number: z.number(), statement: z.string() })),
          history: z.array(z.object({ from: z.string().nullable(), to: z.string(), reason: z.string(), by: z.string().nullable(), at: z.date() })),
          cells: z.array(cellOut),
        }),
      },
    },
  }, async (request) => {
    const { set: _set, ...session } = await service.getSession(db, request.evaluation!.id, request.params.set, request.params.session);
    return { ...session, cells: await service.listFeedback(db, session.id) };
  });

  app.post(`${path}/:set/sessions/:session/status`, {
    config: { access: researcher },
    schema: { tags, summary: 'Change what happened to a session; cancelled or postponed needs a reason (400 without)', params: sessionParams, body: z.object({ status: z.enum(service.sessionStatuses), reason: z.string().optional() }), response: { 200: sessionOut } },
  }, async (request) => service.setSessionStatus(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.session, request.body));

  app.put(`${path}/:set/sessions/:session/attendance`, {
    config: { access: researcher },
    schema: { tags, summary: 'Who came to a held session (replaces the list)', params: sessionParams, body: z.object({ memberIds: z.array(z.string()) }), response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.setAttendance(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.session, request.body);
    return reply.code(204).send(null);
  });

  app.put(`${path}/:set/sessions/:session/findings`, {
    config: { access: researcher },
    schema: { tags, summary: 'The findings presented at a session (replaces the list)', params: sessionParams, body: z.object({ findingIds: z.array(z.string()) }), response: { 204: z.null() } },
  }, async (request, reply) => {
    await service.setPresentedFindings(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.session, request.body);
    return reply.code(204).send(null);
  });

  app.put(`${path}/:set/sessions/:session/feedback`, {
    config: { access: researcher },
    schema: { tags, summary: 'Save the whole feedback grid, all or nothing: attending members × presented findings', params: sessionParams, body: z.object({ cells: z.array(cellOut.partial({ note: true })) }), response: { 200: z.object({ cells: z.array(cellOut) }) } },
  }, async (request) => ({ cells: await service.saveFeedbackGrid(db, request.user!.id, request.evaluation!.id, request.params.set, request.params.session, request.body) }));
}
