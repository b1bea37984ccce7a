import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member, type Role } from '../../http/access.ts';
import { badRequest } from '../../http/errors.ts';
import { importDatasetFile } from '../surveys/datasets/service.ts';
import { maxDatasetBytes } from '../surveys/datasets/file.ts';
import type { Chart } from './charts.ts';
import { addNorm, audienceFor, compareGroups, compareWaves, compareWithNorms, deleteNorm, listNorms, normInput, surveyResults } from './service.ts';

/**
 * The analysis as JSON under /api/v1/evaluations/:evaluation/analysis. The same rules as the pages:
 * viewers' tokens get suppressed results. Charts come as their Vega-Lite specification and data
 * table (the SVG is on the pages and their downloads).
 */

const tags = ['Analysis'];
const evaluationParam = z.string().describe('The evaluation id or short name (slug)');
const surveyParams = z.object({ evaluation: evaluationParam, survey: z.string().describe('The survey id') });
const byQuery = z.object({ by: z.string().optional().describe('A grouping question id (such as programme or region), or wave') });

/** Charts without their SVG, for clients that draw their own. */
const plainCharts = (charts: readonly Chart[]) => charts.map((c) => ({ id: c.id, title: c.title, summary: c.summary, table: c.table, vegaLite: c.spec }));

export async function registerAnalysisApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const audience = (request: FastifyRequest) => audienceFor(db, request.evaluation!.id, request.role as Role);

  app.get('/api/v1/evaluations/:evaluation/analysis/surveys/:survey/results', {
    config: { access: member('viewer') },
    schema: { tags, summary: 'Scale scores with alpha, descriptives overall and by group, item frequencies', params: surveyParams, querystring: byQuery },
  }, async (request) => {
    const results = await surveyResults(db, request.evaluation!.id, request.params.survey, { by: request.query.by, audience: await audience(request) });
    return { ...results, charts: plainCharts(results.charts) };
  });

  app.get('/api/v1/evaluations/:evaluation/analysis/surveys/:survey/compare', {
    config: { access: member('viewer') },
    schema: { tags, summary: "Every scale compared between groups (Welch's t or ANOVA, Kruskal–Wallis, effect sizes, Holm-adjusted p)", params: surveyParams, querystring: byQuery },
  }, async (request) => {
    const result = await compareGroups(db, request.evaluation!.id, request.params.survey, { by: request.query.by, audience: await audience(request) });
    return { ...result, charts: plainCharts(result.charts) };
  });

  app.get('/api/v1/evaluations/:evaluation/analysis/surveys/:survey/waves', {
    config: { access: member('viewer') },
    schema: { tags, summary: 'Change between waves: independent samples, and paired where linking codes match, with the match rate', params: surveyParams },
  }, async (request) => {
    const result = await compareWaves(db, request.evaluation!.id, request.params.survey, { audience: await audience(request) });
    return { ...result, charts: plainCharts(result.charts) };
  });

  app.get('/api/v1/evaluations/:evaluation/analysis/surveys/:survey/norms', {
    config: { access: member('viewer') },
    schema: { tags, summary: "The survey's scale scores against the published norms entered for them", params: surveyParams },
  }, async (request) => compareWithNorms(db, request.evaluation!.id, request.params.survey, { audience: await audience(request) }));

  app.get('/api/v1/evaluations/:evaluation/analysis/norms', {
    config: { access: member('viewer') },
    schema: { tags, summary: 'Published norms entered for this evaluation, with their citations', params: z.object({ evaluation: evaluationParam }) },
  }, async (request) => ({ norms: await listNorms(db, request.evaluation!.id) }));

  app.post('/api/v1/evaluations/:evaluation/analysis/norms', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Enter a published norm (mean, SD, n) for a scale, with its citation',
      params: z.object({ evaluation: evaluationParam }),
      body: normInput.extend({ instrumentScale: normInput.shape.instrumentScale.describe('instrument:scale, such as change-climate:time_resources') }),
    },
  }, async (request, reply) => reply.code(201).send(await addNorm(db, request.user!.id, request.evaluation!.id, request.body)));

  app.delete('/api/v1/evaluations/:evaluation/analysis/norms/:norm', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Remove a norm', params: z.object({ evaluation: evaluationParam, norm: z.string() }) },
  }, async (request, reply) => {
    await deleteNorm(db, request.user!.id, request.evaluation!.id, request.params.norm);
    return reply.code(204).send();
  });

  app.post('/api/v1/evaluations/:evaluation/analysis/surveys/:survey/datasets', {
    config: { access: member('researcher') },
    bodyLimit: Math.ceil(maxDatasetBytes * 1.4) + 1024 * 1024,
    schema: {
      tags,
      summary: 'Import an existing data set (CSV text, or an .xlsx workbook in base64) as responses to a survey',
      description: 'Columns are mapped to question ids by `mapping` ({ "column name": "question id" }), or by name when it is absent. Every row is stored, or none: a value outside its question\'s scale answers 400 naming the row and column.',
      params: surveyParams,
      body: z.object({
        filename: z.string().default('data set'),
        content: z.string().optional().describe('The CSV file as text'),
        contentBase64: z.string().optional().describe('The file (CSV or .xlsx) in base64'),
        mapping: z.record(z.string(), z.string()).optional(),
      }),
    },
  }, async (request, reply) => {
    const { content, contentBase64, filename, mapping } = request.body;
    if (content === undefined && contentBase64 === undefined) throw badRequest('Send the file as content (CSV text) or contentBase64', [{ field: 'content', message: 'Give content or contentBase64' }]);
    const buffer = content !== undefined ? Buffer.from(content, 'utf8') : Buffer.from(contentBase64!, 'base64');
    const result = await importDatasetFile(db, request.user!.id, request.evaluation!.id, request.params.survey, { filename, content: buffer }, mapping);
    return reply.code(201).send(result);
  });
}
