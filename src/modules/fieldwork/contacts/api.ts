import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { getSurvey } from '../../surveys/service.ts';
import { contactKinds, contactMethods, declineReasons } from './kinds.ts';
import { participantHistory, recordContact, surveyParticipants } from './service.ts';

const params = z.object({
  evaluation: z.string().describe('The evaluation id or short name (slug)'),
  survey: z.string().describe('The survey id'),
});
const participantParams = params.extend({ participant: z.string().describe('The participant id') });

const event = z.object({
  id: z.string(),
  participantId: z.string(),
  kind: z.enum(contactKinds),
  reason: z.enum(declineReasons).nullable(),
  note: z.string(),
  occurredOn: z.string(),
  recordedByName: z.string().nullable(),
});

const participant = z.object({
  id: z.string(),
  name: z.string(),
  unitName: z.string().nullable(),
  regionName: z.string().nullable(),
  completedOn: z.string().nullable(),
  optedOutOn: z.string().nullable(),
  bounced: z.boolean(),
  method: z.enum(contactMethods).describe('The strongest contact: spoken_to > voicemail > reminder > email_only > none'),
  declineReason: z.enum(declineReasons).nullable(),
  events: z.array(event),
});

const body = z.object({
  kind: z.enum(contactKinds),
  reason: z.enum(declineReasons).nullish().describe('Required when kind is declined; ignored otherwise'),
  note: z.string().max(1000).optional(),
  occurredOn: z.string().describe('The day it happened, yyyy-mm-dd'),
});

// Contact details and histories name people: researchers and the lead only.
export async function registerContactApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const access = { access: member('researcher') };

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/contacts', {
    config: access,
    schema: { tags: ['Fieldwork'], summary: 'A survey\'s participants with their contact history and strongest contact', params, response: { 200: z.object({ participants: z.array(participant) }) } },
  }, async (request) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    return { participants: await surveyParticipants(db, survey.id) };
  });

  app.post('/api/v1/evaluations/:evaluation/surveys/:survey/participants/:participant/contacts', {
    config: access,
    schema: { tags: ['Fieldwork'], summary: 'Record a contact with a participant: a call, a voicemail, a refusal and its reason, an opt-out or a bounce', params: participantParams, body, response: { 201: event } },
  }, async (request, reply) => {
    const { participant: found } = await participantHistory(db, request.evaluation!.id, request.params.survey, request.params.participant);
    const recorded = await recordContact(db, { ...request.body, participantId: found.id, evaluationId: request.evaluation!.id, recordedBy: request.user!.id });
    return reply.code(201).send({ ...recorded, recordedByName: request.user!.name });
  });

}
