import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { registerRateApi } from './api.ts';
import { nonRespondentCsv } from './csv.ts';
import { nonRespondents, ratesByWave, surveyRates } from './service.ts';

type Params = { evaluation: string; survey: string };

const percent = (value: number | null) => (value === null ? null : Math.round(value * 100));

/** Rates with their percentages rounded for the page; the API gives the exact proportions. */
function forPage<T extends { rate: number | null; lower: number | null; upper: number | null }>(row: T) {
  return { ...row, percent: percent(row.rate), lowerPercent: percent(row.lower), upperPercent: percent(row.upper) };
}

export async function registerRatePages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest<{ Params: { evaluation: string } }>) => `/evaluations/${request.evaluation!.slug}`;

  // Rates are counts of people, not answers: the whole team may see them.
  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/response-rates', { config: { access: member('coder') } }, async (request, reply) => {
    const rates = await surveyRates(db, request.evaluation!.id, request.params.survey);
    const surveyPath = `${base(request)}/surveys/${rates.survey.id}`;
    return reply.view('fieldwork/rates/views/survey-rates.njk', {
      title: `Response rates: ${rates.survey.title}`,
      rates: { ...rates, overall: forPage(rates.overall), byMethod: rates.byMethod.map(forPage), byUnit: rates.byUnit.map(forPage), byRegion: rates.byRegion.map(forPage) },
      canFollowUp: request.role === 'researcher' || request.role === 'lead',
      paths: { survey: surveyPath, contacts: `${surveyPath}/contacts`, csv: `${surveyPath}/non-respondents.csv`, waves: `${base(request)}/response-rates` },
    });
  });

  app.get<{ Params: { evaluation: string } }>('/evaluations/:evaluation/response-rates', { config: { access: member('coder') } }, async (request, reply) => {
    const rows = await ratesByWave(db, request.evaluation!.id);
    return reply.view('fieldwork/rates/views/wave-rates.njk', {
      title: 'Response rates by wave',
      rows: rows.map((r) => ({ ...forPage(r), path: `${base(request)}/surveys/${r.surveyId}/response-rates` })),
    });
  });

  // Names and contact details leave Formative here: researchers and the lead only, and recorded.
  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/non-respondents.csv', { config: { access: member('researcher') } }, async (request, reply) => {
    const list = await nonRespondents(db, request.evaluation!.id, request.params.survey);
    await recordAudit(db, { evaluationId: request.evaluation!.id, userId: request.user!.id, action: 'export', entity: 'non-respondents', entityId: list.survey.id, detail: { people: list.people.length } });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="non-respondents.csv"')
      .header('cache-control', 'no-store')
      .send(nonRespondentCsv(list.people));
  });
}

export async function registerResponseRates(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerRatePages(app, deps);
  await registerRateApi(app, deps);
}
