import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { declineReasons } from '../contacts/kinds.ts';
import { nonRespondents, ratesByWave, surveyRates } from './service.ts';

const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const surveyParams = params.extend({ survey: z.string().describe('The survey id') });

const rate = z.object({
  key: z.string(),
  label: z.string(),
  n: z.number().int().describe('Participants invited (opted-out and bounced included)'),
  completed: z.number().int(),
  rate: z.number().nullable(),
  lower: z.number().nullable().describe('Wilson 95% interval, lower bound'),
  upper: z.number().nullable().describe('Wilson 95% interval, upper bound'),
});

const surveyRatesSchema = z.object({
  survey: z.object({ id: z.string(), title: z.string(), purpose: z.string(), anonymity: z.string() }),
  overall: rate,
  byMethod: z.array(rate).describe('By strongest contact: spoken_to > voicemail > reminder > email_only > none'),
  byUnit: z.array(rate),
  byRegion: z.array(rate),
  optedOut: z.number().int(),
  bounced: z.number().int(),
  declined: z.number().int(),
  reasons: z.array(z.object({ reason: z.enum(declineReasons), label: z.string(), count: z.number().int() })),
  nonRespondents: z.number().int(),
});

export async function registerRateApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/response-rates', {
    config: { access: member('coder') },
    schema: { tags: ['Fieldwork'], summary: 'A survey\'s response rates overall, by contact method, unit and region, with Wilson 95% intervals and reasons for not taking part', params: surveyParams, response: { 200: surveyRatesSchema } },
  }, (request) => surveyRates(db, request.evaluation!.id, request.params.survey));

  app.get('/api/v1/evaluations/:evaluation/response-rates', {
    config: { access: member('coder') },
    schema: {
      tags: ['Fieldwork'],
      summary: 'The response rate of every survey in a wave, in wave order',
      params,
      response: { 200: z.object({ surveys: z.array(rate.extend({ surveyId: z.string(), surveyTitle: z.string(), purpose: z.string(), waveName: z.string() })) }) },
    },
  }, async (request) => ({ surveys: await ratesByWave(db, request.evaluation!.id) }));

  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/non-respondents', {
    config: { access: member('researcher') },
    schema: {
      tags: ['Fieldwork'],
      summary: 'Participants who have not completed and not opted out, with contact details and last contact, for follow-up',
      params: surveyParams,
      response: { 200: z.object({ people: z.array(z.object({ participantId: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), unit: z.string().nullable(), region: z.string().nullable(), lastContact: z.string().nullable(), lastContactOn: z.string().nullable() })) }) },
    },
  }, async (request) => {
    const list = await nonRespondents(db, request.evaluation!.id, request.params.survey);
    await recordAudit(db, { evaluationId: request.evaluation!.id, userId: request.user!.id, action: 'export', entity: 'non-respondents', entityId: list.survey.id, detail: { people: list.people.length } });
    return { people: list.people };
  });
}
