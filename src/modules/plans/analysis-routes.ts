import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { submitForm, type FormErrors } from '../../http/forms.ts';
import { normalisePlanYear } from './plan-rows.ts';
import { crossCutting, crossCuttingInput, crossCuttingThemes, planYears, programmesByYear, setCrossCuttingThemes, themeMatrix, toCsv, type ProgrammeYear } from './analysis.ts';
import { formValues, plansBase, type Params } from './page-helpers.ts';

type YearQuery = { year?: string };

/** Programme × year grids of one count, programmes in the order the analysis gives them. */
export function programmeGrid(cells: readonly ProgrammeYear[], years: readonly string[], count: 'deliverables' | 'workstreams') {
  const programmes = [...new Map(cells.map((c) => [c.unitId, c.unitName])).entries()];
  return programmes.map(([unitId, name]) => ({ unitId, name, values: years.map((y) => cells.find((c) => c.unitId === unitId && c.planYear === y)?.[count] ?? 0) }));
}

const attachment = (reply: FastifyReply, name: string, body: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);

/** The analysis of the plans: pages with tables, and each table as CSV. */
export function registerPlanAnalysisPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };
  const yearOf = (query: YearQuery) => (query.year ? normalisePlanYear(query.year) ?? undefined : undefined);

  app.get<{ Params: Params; Querystring: YearQuery }>('/evaluations/:evaluation/plans/analysis', coder, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const byYear = await programmesByYear(db, evaluationId);
    const years = byYear.years.map((y) => y.planYear);
    const year = yearOf(request.query);
    return reply.view('plans/views/analysis.njk', {
      title: 'Analysis of plans',
      byYear,
      years,
      deliverablesGrid: programmeGrid(byYear.cells, years, 'deliverables'),
      workstreamsGrid: programmeGrid(byYear.cells, years, 'workstreams'),
      crossCutting: await crossCutting(db, evaluationId),
      matrix: await themeMatrix(db, evaluationId, year),
      year: year ?? '',
      yearItems: [{ value: '', text: 'All years', selected: !year }, ...(await planYears(db, evaluationId)).map((y) => ({ value: y, text: y, selected: y === year }))],
    });
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/plans/analysis/programmes.csv', coder, async (request, reply) => {
    const { cells } = await programmesByYear(db, request.evaluation!.id);
    return attachment(reply, 'programmes-by-year.csv', toCsv([['programme', 'plan_year', 'deliverables', 'workstreams', 'plans'], ...cells.map((c) => [c.unitName, c.planYear, c.deliverables, c.workstreams, c.plans])]));
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/plans/analysis/cross-cutting.csv', coder, async (request, reply) => {
    const result = await crossCutting(db, request.evaluation!.id);
    return attachment(
      reply,
      'cross-cutting.csv',
      toCsv([['plan_year', 'deliverables', 'two_or_more_programmes', 'cross_cutting_theme', 'cross_cutting', 'percent'], ...result.years.map((y) => [y.planYear, y.deliverables, y.byProgrammes, y.byTheme, y.crossCutting, Number(y.percent.toFixed(1))])]),
    );
  });

  app.get<{ Params: Params; Querystring: YearQuery }>('/evaluations/:evaluation/plans/analysis/themes.csv', coder, async (request, reply) => {
    const m = await themeMatrix(db, request.evaluation!.id, yearOf(request.query));
    return attachment(reply, 'themes-by-programme.csv', toCsv([['theme', ...m.programmes.map((p) => p.unitName), 'deliverables_with_theme'], ...m.themes.map((t, i) => [t, ...m.counts[i]!, m.themeTotals[i]!])]));
  });

  const renderThemes = async (reply: FastifyReply, request: FastifyRequest, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('plans/views/cross-cutting-themes.njk', { title: 'Cross-cutting themes', values, errors });

  app.get<{ Params: Params }>('/evaluations/:evaluation/plans/cross-cutting-themes', researcher, async (request, reply) =>
    renderThemes(reply, request, { themes: (await crossCuttingThemes(db, request.evaluation!.id)).join('\n') }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/plans/cross-cutting-themes', researcher, async (request, reply) => {
    const result = await submitForm(crossCuttingInput, request.body, (data) => setCrossCuttingThemes(db, request.user!.id, request.evaluation!.id, { themes: data.themes.join(';') }));
    if (!result.ok) return renderThemes(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`${plansBase(request)}/analysis#cross-cutting`, 303);
  });
}
