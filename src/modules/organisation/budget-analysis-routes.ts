import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { inlineSvg } from '../results/charts.ts';
import { budgetAnalysis, budgetSharesCsv } from './budget-analysis.ts';
import { budgetSharesChart } from './budget-analysis-chart.ts';

const tags = ['Organisation'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });

const shareOut = z.object({ unitId: z.string().nullable(), name: z.string(), amountThousands: z.number(), sharePercent: z.number() });
const analysisOut = z.object({
  years: z.array(
    z.object({
      financialYear: z.string(),
      totalThousands: z.number(),
      shares: z.array(shareOut),
      largest: shareOut.nullable(),
      hhi: z.number().describe('Herfindahl–Hirschman index: the sum of squared percentage shares, 0–10,000'),
      normalisedHhi: z.number().nullable().describe('0 when every unit holds an equal share, 1 when one holds everything; null with fewer than two units'),
    }),
  ),
  changes: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      totalChangeThousands: z.number(),
      totalChangePercent: z.number().nullable(),
      hhiChange: z.number(),
      units: z.array(
        z.object({
          unitId: z.string().nullable(),
          name: z.string(),
          fromThousands: z.number(),
          toThousands: z.number(),
          changeThousands: z.number(),
          changePercent: z.number().nullable(),
          fromSharePercent: z.number(),
          toSharePercent: z.number(),
          shareChange: z.number().describe('Percentage points'),
        }),
      ),
    }),
  ),
});

/** The budget's concentration and change: a page with a chart and tables, a CSV, and JSON. */
export async function registerBudgetAnalysis(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const viewer = { config: { access: member('coder') } };

  root.get<{ Params: { evaluation: string } }>('/evaluations/:evaluation/budget/analysis', viewer, async (request, reply) => {
    const analysis = await budgetAnalysis(db, request.evaluation!.id);
    const chart = budgetSharesChart(analysis);
    return reply.view('organisation/views/budget-analysis.njk', {
      title: 'Budget analysis',
      analysis,
      chart,
      svg: analysis.years.length ? await inlineSvg(chart, ['budget-chart-title', 'budget-chart-summary']) : '',
    });
  });

  root.get<{ Params: { evaluation: string } }>('/evaluations/:evaluation/budget/analysis.csv', viewer, async (request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="budget-shares-${request.evaluation!.slug}.csv"`)
      .send(budgetSharesCsv(await budgetAnalysis(db, request.evaluation!.id))),
  );

  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/evaluations/:evaluation/budget-analysis', {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: "The budget's shares by unit and year, largest share, Herfindahl–Hirschman index and change between years",
      params: evaluationParams,
      response: { 200: analysisOut },
    },
  }, async (request) => budgetAnalysis(db, request.evaluation!.id));
}
