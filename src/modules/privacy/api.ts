import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { consentInput, listConsents, recordConsent } from './consents.ts';
import { isoDay } from './page-helpers.ts';

const tags = ['Privacy'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });

const consentOut = z.object({
  id: z.string(),
  subject: z.object({ kind: z.enum(['interviewee', 'person']), id: z.string() }),
  subjectName: z.string().describe("The interviewee's label or the person's directory name (personal data)"),
  agreed: z.object({ takingPart: z.boolean(), audioRecording: z.boolean(), transcription: z.boolean(), anonymousQuotes: z.boolean(), futureResearch: z.boolean() }),
  formVersionId: z.string().nullable(),
  form: z.string(),
  givenOn: z.string(),
  recordedBy: z.string(),
  withdrawnOn: z.string().nullable(),
});

/** Consent records as JSON: list and record. Withdrawal and erasure are pages only, behind a confirmation. */
export async function registerPrivacyApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation';

  app.get(`${path}/consent-records`, {
    config: { access: member('researcher') },
    schema: { tags, summary: "List the evaluation's consent records, newest first", params: evaluationParams, response: { 200: z.object({ items: z.array(consentOut) }) } },
  }, async (request) => ({ items: await listConsents(db, request.evaluation!.id) }));

  app.post(`${path}/consent-records`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Record what an interviewee (intervieweeId) or a directory person (personId) consented to',
      params: evaluationParams,
      body: consentInput,
      response: { 201: consentOut },
    },
  }, async (request, reply) => reply.code(201).send(await recordConsent(db, request.user!.id, request.evaluation!.id, request.body, isoDay(clock()))));
}
