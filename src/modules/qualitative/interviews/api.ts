import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { hasRole } from '../../../http/access.ts';
import * as interviews from './interviews.ts';
import * as participants from './participants.ts';
import * as roles from './role-categories.ts';

/** The JSON API for role categories, participants and interviews. */

const tags = ['Interviews'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const attributeOut = z.object({ name: z.string(), value: z.string() });

const categoryOut = z.object({ id: z.string(), name: z.string(), position: z.number() });
const participantOut = z.object({
  id: z.string(),
  label: z.string(),
  roleCategory: z.string(),
  external: z.boolean(),
  personId: z.string().nullable(),
  personName: z.string().nullable().describe('The staff directory name; null unless you may see the directory (researchers and leads)'),
  attributes: z.array(attributeOut),
  interviews: z.number(),
});
const participantBody = z.object({
  label: z.string(),
  roleCategory: z.string().describe("One of the evaluation's role categories, by name"),
  external: z.boolean().optional(),
  personId: z.string().nullable().optional().describe('A staff directory entry of this evaluation'),
  attributes: z.array(attributeOut).optional(),
});
const interviewOut = z.object({
  id: z.string(),
  participantId: z.string(),
  participantLabel: z.string(),
  roleCategory: z.string(),
  waveId: z.string().nullable(),
  waveName: z.string().nullable(),
  heldOn: z.string().nullable(),
  mode: z.enum(interviews.interviewModes),
  consentRecord: z.boolean(),
  consentTranscribe: z.boolean(),
  consentQuote: z.boolean(),
  status: z.enum(interviews.interviewStatuses),
  interviewerId: z.string().nullable(),
  interviewerName: z.string().nullable(),
  scheduleVersionId: z.string().nullable(),
  notes: z.string(),
  transcripts: z.number(),
});
const interviewBody = z.object({
  participantId: z.string(),
  heldOn: z.string().nullable().optional().describe('yyyy-mm-dd'),
  mode: z.enum(interviews.interviewModes).optional(),
  consentRecord: z.boolean().optional(),
  consentTranscribe: z.boolean().optional(),
  consentQuote: z.boolean().optional(),
  status: z.enum(interviews.interviewStatuses).optional(),
  waveId: z.string().nullable().optional(),
  interviewerId: z.string().nullable().optional().describe('A member of the evaluation team'),
  scheduleVersionId: z.string().nullable().optional().describe('The interview schedule version followed'),
  notes: z.string().optional(),
});

const toInterviewOut = ({ schedule: _schedule, ...rest }: interviews.Interview): z.infer<typeof interviewOut> => rest;

export async function registerInterviewApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const base = '/api/v1/evaluations/:evaluation';

  app.get(`${base}/role-categories`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'List the role categories participants can have', params: evaluationParams, response: { 200: z.object({ items: z.array(categoryOut) }) } },
  }, async (request) => ({ items: await roles.listRoleCategories(db, request.evaluation!.id) }));

  app.post(`${base}/role-categories`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a role category', params: evaluationParams, body: z.object({ name: z.string() }), response: { 201: categoryOut } },
  }, async (request, reply) => reply.code(201).send(await roles.addRoleCategory(db, request.user!.id, request.evaluation!.id, request.body)));

  app.put(`${base}/role-categories/:category`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Rename a role category (and it on every participant who has it)', params: evaluationParams.extend({ category: z.string() }), body: z.object({ name: z.string() }), response: { 200: categoryOut } },
  }, async (request) => roles.renameRoleCategory(db, request.user!.id, request.evaluation!.id, request.params.category, request.body));

  app.delete(`${base}/role-categories/:category`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a role category no participant has', params: evaluationParams.extend({ category: z.string() }) },
  }, async (request, reply) => {
    await roles.deleteRoleCategory(db, request.user!.id, request.evaluation!.id, request.params.category);
    return reply.code(204).send();
  });

  /** Directory names are personal data: hidden from coders and viewers, as on the pages. */
  const visible = (p: participants.Participant, role: Parameters<typeof hasRole>[0]) => (hasRole(role, 'researcher') ? p : { ...p, personName: null });

  app.get(`${base}/participants`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'List participants, optionally filtered',
      params: evaluationParams,
      querystring: z.object({ q: z.string().optional().describe('Part of the label'), role: z.string().optional(), external: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ items: z.array(participantOut) }) },
    },
  }, async (request) => {
    const { q, role, external } = request.query;
    const list = await participants.listParticipants(db, request.evaluation!.id, { q, role, external: external === undefined ? undefined : external === 'true' });
    return { items: list.map((p) => visible(p, request.role!)) };
  });

  app.post(`${base}/participants`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a participant', params: evaluationParams, body: participantBody, response: { 201: participantOut } },
  }, async (request, reply) => reply.code(201).send(await participants.createParticipant(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${base}/participants/:participant`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One participant', params: evaluationParams.extend({ participant: z.string() }), response: { 200: participantOut } },
  }, async (request) => visible(await participants.getParticipant(db, request.evaluation!.id, request.params.participant), request.role!));

  app.put(`${base}/participants/:participant`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change a participant (attributes are replaced by those sent)', params: evaluationParams.extend({ participant: z.string() }), body: participantBody, response: { 200: participantOut } },
  }, async (request) => participants.updateParticipant(db, request.user!.id, request.evaluation!.id, request.params.participant, request.body));

  app.delete(`${base}/participants/:participant`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a participant with no interviews', params: evaluationParams.extend({ participant: z.string() }) },
  }, async (request, reply) => {
    await participants.deleteParticipant(db, request.user!.id, request.evaluation!.id, request.params.participant);
    return reply.code(204).send();
  });

  app.get(`${base}/interviews`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'List interviews, optionally filtered',
      params: evaluationParams,
      querystring: z.object({
        status: z.enum(interviews.interviewStatuses).optional(),
        mode: z.enum(interviews.interviewModes).optional(),
        waveId: z.string().optional(),
        role: z.string().optional().describe('A role category name'),
        participantId: z.string().optional(),
      }),
      response: { 200: z.object({ items: z.array(interviewOut) }) },
    },
  }, async (request) => ({ items: (await interviews.listInterviews(db, request.evaluation!.id, request.query)).map(toInterviewOut) }));

  app.post(`${base}/interviews`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add an interview', params: evaluationParams, body: interviewBody, response: { 201: interviewOut } },
  }, async (request, reply) => reply.code(201).send(toInterviewOut(await interviews.createInterview(db, request.user!.id, request.evaluation!.id, request.body))));

  app.get(`${base}/interviews/:interview`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One interview', params: evaluationParams.extend({ interview: z.string() }), response: { 200: interviewOut } },
  }, async (request) => toInterviewOut(await interviews.getInterview(db, request.evaluation!.id, request.params.interview)));

  app.put(`${base}/interviews/:interview`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change an interview (fields left out take their defaults)', params: evaluationParams.extend({ interview: z.string() }), body: interviewBody, response: { 200: interviewOut } },
  }, async (request) => toInterviewOut(await interviews.updateInterview(db, request.user!.id, request.evaluation!.id, request.params.interview, request.body)));

  app.delete(`${base}/interviews/:interview`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete an interview without transcripts', params: evaluationParams.extend({ interview: z.string() }) },
  }, async (request, reply) => {
    await interviews.deleteInterview(db, request.user!.id, request.evaluation!.id, request.params.interview);
    return reply.code(204).send();
  });
}
