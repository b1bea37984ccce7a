import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { badRequest } from '../../../http/errors.ts';
import { getSurvey } from '../../surveys/service.ts';
import { outboxMessages } from '../mail/outbox.ts';
import { serverSecret } from './secret.ts';
import { addParticipants, addSample, participantsOverview, queueRound, recordBounce } from './service.ts';
import { getTemplate, mailKinds, saveTemplate } from './templates.ts';

const tags = ['Fieldwork'];
const surveyParams = z.object({
  evaluation: z.string().describe('The evaluation id or short name (slug)'),
  survey: z.string().describe('The survey id'),
});
const kindParams = surveyParams.extend({ kind: z.enum(mailKinds).describe('invitation or reminder') });
const access = { access: member('researcher') };

const participantOut = z.object({
  id: z.string().optional().describe('Left out for all but the lead in a confidential survey, whose export carries participant ids'),
  personId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(['completed', 'opted-out', 'bounced', 'invited', 'queued', 'not-invited', 'no-email']),
  invitedAt: z.date().nullable(),
  remindersSent: z.number(),
  lastRemindedAt: z.date().nullable(),
  completedOn: z.string().nullable().describe('The day only (yyyy-mm-dd)'),
  optedOutOn: z.string().nullable(),
  bouncedAt: z.date().nullable(),
  responseId: z.string().nullable().optional().describe('Only in confidential surveys (to the lead) and identified ones'),
});
const roundOut = z.object({ kind: z.enum(mailKinds), queued: z.number(), notEligible: z.number(), withoutEmail: z.number() });
const templateOut = z.object({ kind: z.enum(mailKinds), subject: z.string(), body: z.string(), edited: z.boolean() });

/** The participants, their messages and the outbox as JSON, with the same roles as the pages. */
export async function registerInvitationApi(root: FastifyInstance, { database, clock, config }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/surveys/:survey';

  app.get(`${path}/participants`, {
    config: access,
    schema: {
      tags,
      summary: "A survey's participants, where each stands, and counts",
      params: surveyParams,
      response: { 200: z.object({ counts: z.record(z.string(), z.number()), mail: z.record(z.string(), z.number()), items: z.array(participantOut) }) },
    },
  }, async (request) => {
    const overview = await participantsOverview(db, request.evaluation!.id, request.params.survey, request.role!);
    return { counts: { ...overview.counts }, mail: overview.mail, items: overview.participants };
  });

  app.post(`${path}/participants`, {
    config: access,
    schema: {
      tags,
      summary: 'Add participants from the staff directory, or everyone drawn in a sample',
      description: 'Give personIds (directory entry ids) or sampleId. All-or-nothing: an id not in the directory adds nobody.',
      params: surveyParams,
      body: z.object({ personIds: z.array(z.string()).optional(), sampleId: z.string().optional() }),
      response: { 201: z.object({ added: z.number(), alreadyParticipants: z.number() }) },
    },
  }, async (request, reply) => {
    const { personIds, sampleId } = request.body;
    const secret = await serverSecret(db, config);
    if (sampleId && personIds) throw badRequest('Give personIds or sampleId, not both', [{ field: 'sampleId', message: 'Give personIds or sampleId, not both' }]);
    const result = sampleId
      ? await addSample(db, secret, request.user!.id, request.evaluation!.id, request.params.survey, sampleId)
      : await addParticipants(db, secret, request.user!.id, request.evaluation!.id, request.params.survey, personIds ?? []);
    return reply.code(201).send(result);
  });

  app.post(`${path}/participants/invitations`, {
    config: access,
    schema: { tags, summary: 'Queue the invitation to every participant not yet invited', params: surveyParams, response: { 202: roundOut } },
  }, async (request, reply) => reply.code(202).send(await queueRound(db, request.user!.id, request.evaluation!.id, request.params.survey, 'invitation', clock())));

  app.post(`${path}/participants/reminders`, {
    config: access,
    schema: {
      tags,
      summary: 'Queue a reminder to participants who have not completed, opted out or bounced',
      params: surveyParams,
      body: z.object({ days: z.number().int().min(0).max(365).default(7).describe('Only those invited (and not reminded) at least this many days ago') }),
      response: { 202: roundOut },
    },
  }, async (request, reply) => reply.code(202).send(await queueRound(db, request.user!.id, request.evaluation!.id, request.params.survey, 'reminder', clock(), request.body.days)));

  app.post(`${path}/participants/bounces`, {
    config: access,
    schema: { tags, summary: 'Record that mail to an address bounced', params: surveyParams, body: z.object({ email: z.string() }), response: { 200: z.object({ participants: z.number() }) } },
  }, async (request) => {
    await getSurvey(db, request.evaluation!.id, request.params.survey);
    return recordBounce(db, request.user!.id, request.evaluation!.id, request.body, clock());
  });

  app.get(`${path}/mail-templates/:kind`, {
    config: access,
    schema: { tags, summary: 'The invitation or reminder text, with its ((placeholders))', params: kindParams, response: { 200: templateOut } },
  }, async (request) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    return getTemplate(db, survey.id, request.params.kind);
  });

  app.put(`${path}/mail-templates/:kind`, {
    config: access,
    schema: {
      tags,
      summary: 'Change the invitation or reminder text',
      description: 'Placeholders: ((name)), ((link)), ((opt_out_link)), ((survey_title)), ((closes_on)), ((team_name)); the body must hold ((link)). Unknown placeholders are refused.',
      params: kindParams,
      body: z.object({ subject: z.string(), body: z.string() }),
      response: { 200: templateOut },
    },
  }, async (request) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    return saveTemplate(db, request.user!.id, request.evaluation!.id, survey.id, request.params.kind, request.body);
  });

  app.get(`${path}/outbox`, {
    config: access,
    schema: {
      tags,
      summary: 'Messages kept instead of sent while no mail server is set, newest first, 50 a page',
      params: surveyParams,
      querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), kind: z.string(), round: z.number(), to: z.string(), subject: z.string(), body: z.string(), keptAt: z.date() })) }) },
    },
  }, async (request) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    return { items: await outboxMessages(db, config, survey.id, request.query.page) };
  });
}
