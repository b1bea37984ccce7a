import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as advisory from './advisory.ts';
import * as s from './api-schemas.ts';

const { tags, evaluationParams } = s;
const path = '/api/v1/evaluations/:evaluation/protocol/advisory';
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

/** The advisory group's members, meetings and decisions as JSON. */
export async function registerAdvisoryApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const memberParams = s.idParams('member', 'advisory group member');
  const meetingParams = s.idParams('meeting', 'meeting');
  const decisionParams = meetingParams.extend({ decision: z.string().describe('The decision id') });

  app.get(`${path}/members`, { config: coder, schema: { tags, summary: 'List the members of the advisory group', params: evaluationParams, response: { 200: z.object({ items: z.array(s.advisoryMemberOut) }) } } },
    async (request) => ({ items: await advisory.listAdvisoryMembers(db, request.evaluation!.id) }));

  app.post(`${path}/members`, { config: researcher, schema: { tags, summary: 'Add a member of the advisory group', params: evaluationParams, body: s.advisoryMemberBody, response: { 201: s.advisoryMemberOut } } },
    async (request, reply) => reply.code(201).send(await advisory.addAdvisoryMember(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/members/:member`, { config: researcher, schema: { tags, summary: 'Change a member of the advisory group', params: memberParams, body: s.advisoryMemberBody.partial(), response: { 200: s.advisoryMemberOut } } }, async (request) => {
    const current = await advisory.getAdvisoryMember(db, request.evaluation!.id, request.params.member);
    return advisory.updateAdvisoryMember(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/members/:member`, { config: researcher, schema: { tags, summary: 'Remove a member of the advisory group', params: memberParams } }, async (request, reply) => {
    await advisory.removeAdvisoryMember(db, request.user!.id, request.evaluation!.id, request.params.member);
    return reply.code(204).send();
  });

  app.get(`${path}/meetings`, { config: coder, schema: { tags, summary: 'List the meetings with their decisions, oldest first', params: evaluationParams, response: { 200: z.object({ items: z.array(s.meetingOut) }) } } },
    async (request) => ({ items: await advisory.listMeetings(db, request.evaluation!.id) }));

  app.post(`${path}/meetings`, { config: researcher, schema: { tags, summary: 'Record a meeting', params: evaluationParams, body: s.meetingBody, response: { 201: s.meetingOut } } },
    async (request, reply) => reply.code(201).send(await advisory.addMeeting(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/meetings/:meeting`, { config: coder, schema: { tags, summary: 'One meeting with its decisions', params: meetingParams, response: { 200: s.meetingOut } } },
    async (request) => advisory.getMeeting(db, request.evaluation!.id, request.params.meeting));

  app.patch(`${path}/meetings/:meeting`, { config: researcher, schema: { tags, summary: 'Change a meeting', params: meetingParams, body: s.meetingBody.partial(), response: { 200: s.meetingOut } } }, async (request) => {
    const current = await advisory.getMeeting(db, request.evaluation!.id, request.params.meeting);
    return advisory.updateMeeting(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/meetings/:meeting`, { config: researcher, schema: { tags, summary: 'Delete a meeting and its decisions', params: meetingParams } }, async (request, reply) => {
    await advisory.deleteMeeting(db, request.user!.id, request.evaluation!.id, request.params.meeting);
    return reply.code(204).send();
  });

  app.get(`${path}/decisions`, { config: coder, schema: { tags, summary: 'Every decision of the advisory group, in the order taken', params: evaluationParams, response: { 200: z.object({ items: z.array(s.decisionOut) }) } } },
    async (request) => ({ items: (await advisory.listMeetings(db, request.evaluation!.id)).flatMap((m) => m.decisions) }));

  app.post(`${path}/meetings/:meeting/decisions`, {
    config: researcher,
    schema: { tags, summary: 'Record a decision taken at a meeting, optionally linked to a task or question', params: meetingParams, body: s.decisionBody, response: { 201: s.decisionOut } },
  }, async (request, reply) => reply.code(201).send(await advisory.addDecision(db, request.user!.id, request.evaluation!.id, request.params.meeting, request.body)));

  app.delete(`${path}/meetings/:meeting/decisions/:decision`, { config: researcher, schema: { tags, summary: 'Delete a decision', params: decisionParams } }, async (request, reply) => {
    await advisory.deleteDecision(db, request.user!.id, request.evaluation!.id, request.params.meeting, request.params.decision);
    return reply.code(204).send();
  });
}
