import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { hasRole, member, type Role } from '../../http/access.ts';
import { formErrors, submitForm, type FormErrors } from '../../http/forms.ts';
import { notFound } from '../../http/errors.ts';
import { getUpload, importUpload, uploadDataset } from '../surveys/datasets/service.ts';
import { maxDatasetBytes } from '../surveys/datasets/file.ts';
import { linkingParts, removeLinkingCode, setLinkingCode } from '../surveys/linking/service.ts';
import { getSurvey } from '../surveys/service.ts';
import { chartCsv, downloadSvg, inlineSvg, type Chart } from './charts.ts';
import { registerAnalysisApi } from './api.ts';
import {
  addNorm,
  audienceFor,
  compareGroups,
  compareWaves,
  compareWithNorms,
  deleteNorm,
  listAnalysableSurveys,
  listNorms,
  normInput,
  setThreshold,
  surveyResults,
} from './service.ts';

/**
 * The analysis pages under /evaluations/:evaluation/analysis. Every member may open them; coders
 * and above see every figure, viewers only what passes disclosure control. Importing data sets,
 * linking codes and norms are for researchers and the lead; the disclosure threshold for the lead.
 */

type Params = { evaluation: string };
type SurveyParams = Params & { survey: string };
type Query = { by?: string; scale?: string };

const viewers = { access: member('viewer') };
const researchers = { access: member('researcher') };

const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/analysis`;
const surveyBase = (request: FastifyRequest<{ Params: SurveyParams }>) => `${base(request)}/surveys/${request.params.survey}`;

/** The charts as the page shows them: inline SVG labelled by its caption and summary, with download links. */
async function chartViews(charts: readonly Chart[], downloads: string, query: string) {
  return Promise.all(
    charts.map(async (chart) => ({
      ...chart,
      svg: await inlineSvg(chart, [`${chart.id}-caption`, `${chart.id}-summary`]),
      svgHref: `${downloads}/${chart.id}.svg${query}`,
      csvHref: `${downloads}/${chart.id}.csv${query}`,
    })),
  );
}

const queryString = (q: Record<string, string | undefined>) => {
  const parts = Object.entries(q).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

const byParam = (query: Query) => (typeof query.by === 'string' && query.by ? query.by : undefined);

/** An uploaded file as the multipart parser leaves it in the body. */
interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}
const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);

async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  Object.assign(part, { value: { filename: part.filename, content, tooLarge: part.file.truncated } satisfies Upload });
}

function registerResultPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const role = (request: FastifyRequest) => request.role as Role;

  app.get<{ Params: Params }>('/evaluations/:evaluation/analysis', { config: viewers }, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const surveys = (await listAnalysableSurveys(db, evaluationId)).filter((s) => s.purpose !== 'pretest');
    const audience = await audienceFor(db, evaluationId, role(request));
    return reply.view('results/views/index.njk', {
      title: 'Analysis',
      surveys,
      audience,
      paths: { base: base(request) },
      canImport: hasRole(role(request), 'researcher'),
      isLead: hasRole(role(request), 'lead'),
      values: { threshold: audience.threshold },
    });
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/analysis/threshold', { config: { access: member('lead') } }, async (request, reply) => {
    const form = z.object({ threshold: z.coerce.number({ error: 'Enter a whole number from 1 to 100' }).int('Enter a whole number from 1 to 100').min(1, 'Enter a whole number from 1 to 100').max(100, 'Enter a whole number from 1 to 100') });
    const result = await submitForm(form, request.body, (data) => setThreshold(db, request.user!.id, request.evaluation!.id, data.threshold));
    if (!result.ok) {
      const evaluationId = request.evaluation!.id;
      return reply.code(400).view('results/views/index.njk', {
        title: 'Analysis',
        surveys: await listAnalysableSurveys(db, evaluationId),
        audience: await audienceFor(db, evaluationId, role(request)),
        paths: { base: base(request) },
        canImport: true,
        isLead: true,
        values: request.body,
        errors: result.errors,
      });
    }
    return reply.redirect(base(request), 303);
  });

  app.get<{ Params: SurveyParams; Querystring: Query }>('/evaluations/:evaluation/analysis/surveys/:survey', { config: viewers }, async (request, reply) => {
    const audience = await audienceFor(db, request.evaluation!.id, role(request));
    const by = byParam(request.query);
    const results = await surveyResults(db, request.evaluation!.id, request.params.survey, { by, audience });
    return reply.view('results/views/results.njk', {
      title: `Results: ${results.survey.title}`,
      results,
      charts: await chartViews(results.charts, `${surveyBase(request)}/charts`, queryString({ from: 'results', by })),
      paths: { base: base(request), survey: surveyBase(request) },
      by: by ?? '',
      canImport: hasRole(role(request), 'researcher'),
    });
  });

  app.get<{ Params: SurveyParams; Querystring: Query }>('/evaluations/:evaluation/analysis/surveys/:survey/compare', { config: viewers }, async (request, reply) => {
    const audience = await audienceFor(db, request.evaluation!.id, role(request));
    const result = await compareGroups(db, request.evaluation!.id, request.params.survey, { by: byParam(request.query), audience });
    const chosen = result.charts.find((c) => c.id.includes(`-${(request.query.scale ?? '').replace(/_/g, '-')}-`)) ?? result.charts[0];
    return reply.view('results/views/compare.njk', {
      title: `Compare groups: ${result.survey.title}`,
      result,
      charts: await chartViews(chosen ? [chosen] : [], `${surveyBase(request)}/charts`, queryString({ from: 'compare', by: result.grouping?.by })),
      scale: request.query.scale ?? '',
      paths: { base: base(request), survey: surveyBase(request) },
    });
  });

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/waves', { config: viewers }, async (request, reply) => {
    const audience = await audienceFor(db, request.evaluation!.id, role(request));
    const result = await compareWaves(db, request.evaluation!.id, request.params.survey, { audience });
    return reply.view('results/views/waves.njk', {
      title: `Change between waves: ${result.survey.title}`,
      result,
      charts: await chartViews(result.charts, `${surveyBase(request)}/charts`, queryString({ from: 'waves' })),
      paths: { base: base(request), survey: surveyBase(request) },
    });
  });

  // Chart downloads are built from the same results as the page, so a viewer's file is suppressed alike.
  app.get<{ Params: SurveyParams & { file: string }; Querystring: Query & { from?: string } }>(
    '/evaluations/:evaluation/analysis/surveys/:survey/charts/:file',
    { config: viewers },
    async (request, reply) => {
      const match = /^([a-z0-9-]+)\.(svg|csv)$/.exec(request.params.file);
      if (!match) throw notFound('Chart');
      const [, id, kind] = match;
      const audience = await audienceFor(db, request.evaluation!.id, role(request));
      const by = byParam(request.query);
      const evaluationId = request.evaluation!.id;
      const surveyId = request.params.survey;
      const from = request.query.from;
      const charts =
        from === 'compare'
          ? (await compareGroups(db, evaluationId, surveyId, { by, audience })).charts
          : from === 'waves'
            ? (await compareWaves(db, evaluationId, surveyId, { audience })).charts
            : (await surveyResults(db, evaluationId, surveyId, { by, audience })).charts;
      const chart = charts.find((c) => c.id === id);
      if (!chart) throw notFound('Chart');
      reply.header('content-disposition', `attachment; filename="${chart.id}.${kind}"`).header('cache-control', 'no-store');
      if (kind === 'svg') return reply.type('image/svg+xml; charset=utf-8').send(await downloadSvg(chart));
      return reply.type('text/csv; charset=utf-8').send(chartCsv(chart));
    },
  );

  const renderNorms = async (request: FastifyRequest<{ Params: SurveyParams }>, reply: FastifyReply, values: Record<string, unknown> = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const audience = await audienceFor(db, evaluationId, role(request));
    const result = await compareWithNorms(db, evaluationId, request.params.survey, { audience });
    return reply.code(errors ? 400 : 200).view('results/views/norms.njk', {
      title: `Published norms: ${result.survey.title}`,
      result,
      norms: await listNorms(db, evaluationId),
      canEdit: hasRole(role(request), 'researcher'),
      scaleItems: [{ value: '', text: 'Choose a scale' }, ...result.scales.map((s) => ({ value: s.value, text: s.label, selected: values.instrumentScale === s.value }))],
      values,
      errors,
      paths: { base: base(request), survey: surveyBase(request) },
    });
  };

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/norms', { config: viewers }, (request, reply) => renderNorms(request, reply));

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/norms', { config: researchers }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await submitForm(normInput, body, (data) => addNorm(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderNorms(request, reply, body, result.errors);
    return reply.redirect(`${surveyBase(request)}/norms`, 303);
  });

  app.post<{ Params: SurveyParams & { norm: string } }>('/evaluations/:evaluation/analysis/surveys/:survey/norms/:norm/delete', { config: researchers }, async (request, reply) => {
    await deleteNorm(db, request.user!.id, request.evaluation!.id, request.params.norm);
    return reply.redirect(`${surveyBase(request)}/norms`, 303);
  });

  const renderLinking = async (request: FastifyRequest<{ Params: SurveyParams }>, reply: FastifyReply, errors?: FormErrors) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const chosen = new Set((survey.version.definition.linkingCode?.questions ?? []).map((q) => linkingParts.find((p) => p.question.id === q)?.id));
    return reply.code(errors ? 400 : 200).view('results/views/linking.njk', {
      title: `Linking code: ${survey.title}`,
      survey,
      hasCode: Boolean(survey.version.definition.linkingCode),
      parts: linkingParts.map((p) => ({ value: p.id, text: p.name, hint: { text: p.question.text }, checked: chosen.has(p.id) })),
      errors,
      paths: { base: base(request), survey: surveyBase(request) },
    });
  };

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/linking', { config: researchers }, (request, reply) => renderLinking(request, reply));

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/linking', { config: researchers }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = z.object({ action: z.enum(['set', 'remove']).default('set'), parts: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.string())) });
    const result = await submitForm(form, body, (data) =>
      data.action === 'remove' ? removeLinkingCode(db, request.user!.id, request.evaluation!.id, request.params.survey) : setLinkingCode(db, request.user!.id, request.evaluation!.id, request.params.survey, data.parts),
    );
    if (!result.ok) return renderLinking(request, reply, result.errors);
    return reply.redirect(`${surveyBase(request)}/linking`, 303);
  });
}

/** Importing an existing data set: upload, then map columns to questions, then import all or nothing. */
function registerDatasetPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;

  const renderUpload = async (request: FastifyRequest<{ Params: SurveyParams }>, reply: FastifyReply, errors?: FormErrors) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    return reply.code(errors ? 400 : 200).view('results/views/dataset-upload.njk', { title: `Import a data set: ${survey.title}`, survey, errors, paths: { base: base(request), survey: surveyBase(request) } });
  };

  app.get<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/import', { config: researchers }, (request, reply) => renderUpload(request, reply));

  app.post<{ Params: SurveyParams }>('/evaluations/:evaluation/analysis/surveys/:survey/import', { config: researchers }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    if (!isUpload(file) || (!file.filename && !file.content.length)) return renderUpload(request, reply, formErrors([{ field: 'file', message: 'Choose a CSV or Excel (.xlsx) file' }]));
    if (file.tooLarge) return renderUpload(request, reply, formErrors([{ field: 'file', message: 'The file must be smaller than 10 MB' }]));
    const result = await submitForm(z.object({}), {}, () => uploadDataset(db, request.user!.id, request.evaluation!.id, request.params.survey, file));
    if (!result.ok) return renderUpload(request, reply, result.errors);
    return reply.redirect(`${surveyBase(request)}/import/${result.value.id}`, 303);
  });

  const renderMapping = async (request: FastifyRequest<{ Params: SurveyParams & { upload: string } }>, reply: FastifyReply, chosen?: Record<string, string>, errors?: FormErrors) => {
    const upload = await getUpload(db, request.evaluation!.id, request.params.survey, request.params.upload);
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const mapping = chosen ?? upload.suggested;
    const columns = upload.columns.map((column, i) => ({
      column,
      index: i,
      examples: upload.preview.map((row) => row[i] ?? '').filter(Boolean).slice(0, 3).join(', '),
      items: [{ value: '', text: 'Do not import' }, ...upload.questions.map((q) => ({ value: q.id, text: `${q.id}: ${q.text.slice(0, 80) || q.format}`, selected: mapping[column] === q.id }))],
    }));
    return reply.code(errors ? 400 : 200).view('results/views/dataset-mapping.njk', { title: `Map the columns of ${upload.filename}`, survey, upload, columns, errors, paths: { base: base(request), survey: surveyBase(request) } });
  };

  app.get<{ Params: SurveyParams & { upload: string } }>('/evaluations/:evaluation/analysis/surveys/:survey/import/:upload', { config: researchers }, (request, reply) => renderMapping(request, reply));

  app.post<{ Params: SurveyParams & { upload: string } }>('/evaluations/:evaluation/analysis/surveys/:survey/import/:upload', { config: researchers }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const upload = await getUpload(db, request.evaluation!.id, request.params.survey, request.params.upload);
    const mapping: Record<string, string> = {};
    upload.columns.forEach((column, i) => {
      const value = body[`column-${i}`];
      if (typeof value === 'string' && value) mapping[column] = value;
    });
    const result = await submitForm(z.object({}), {}, () => importUpload(db, request.user!.id, request.evaluation!.id, request.params.survey, request.params.upload, mapping));
    if (!result.ok) {
      // Row problems have no field of their own: the summary links them to the mapping table.
      const list = result.errors.list.map((e) => (e.href.startsWith('#row-') ? { ...e, href: '#mapping' } : e));
      return renderMapping(request, reply, mapping, { ...result.errors, list });
    }
    return reply.code(201).view('results/views/dataset-done.njk', { title: 'Data set imported', stored: result.value.stored, upload, paths: { base: base(request), survey: surveyBase(request) } });
  });
}

export async function registerAnalysisPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerResultPages(app, deps);
  // Multipart uploads are parsed only inside this scope, so no other form accepts files.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      onFile: readUpload,
      limits: { fileSize: maxDatasetBytes, files: 1, fields: 5, fieldSize: 10_000, parts: 6 },
    });
    registerDatasetPages(scope, deps);
  });
  await registerAnalysisApi(app, deps);
}
