import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { parseForm, type FormErrors } from '../../../http/forms.ts';
import { versionNotes } from './notes.ts';
import { defaultOptions, exportFormats, exportQuery, formatNames, type ExportFormat } from './options.ts';
import { registerExportApi } from './api.ts';
import { sendExportFile } from './download.ts';
import { exportFile, planCodebook, planExport, recordExport, responseSummary } from './service.ts';

type Params = { evaluation: string; survey: string };
type Request = FastifyRequest<{ Params: Params }>;

// Exports hold the raw answers, so only researchers and the lead may take them.
const access = { access: member('researcher') };

const formatHints: Record<ExportFormat, string> = {
  csv: 'One row per response, one column per variable. Opens in any spreadsheet or statistics package.',
  xlsx: 'A Responses sheet and a Codebook sheet.',
  spss: 'A .sps syntax file with variable labels, value labels, missing values and measurement levels, and its data file.',
  r: 'An R script that reads the data with answer labels as factors, and its data file.',
  codebook: 'Every variable, its question, values, missing codes and scales, without any responses.',
};

function paths(request: Request) {
  const survey = `/evaluations/${request.evaluation!.slug}/surveys/${request.params.survey}`;
  return { survey, export: `${survey}/export`, download: `${survey}/export/download`, codebook: `${survey}/codebook`, csv: `${survey}/export/download?format=codebook` };
}

export async function registerExportPages(app: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const db = database.db;

  const renderForm = async (reply: FastifyReply, request: Request, values: Record<string, unknown>, errors?: FormErrors) => {
    const plan = await planExport(db, request.evaluation!.id, request.params.survey, defaultOptions, clock());
    const chosen = typeof values.format === 'string' ? values.format : 'csv';
    return reply.code(errors ? 400 : 200).view('surveys/exports/views/export.njk', {
      title: 'Export responses',
      survey: plan.survey,
      counts: await responseSummary(db, plan.survey.id),
      versionNotes: versionNotes(plan.layout),
      formats: exportFormats.map((f) => ({ value: f, text: formatNames[f], hint: { text: formatHints[f] }, checked: f === chosen })),
      values,
      errors,
      paths: paths(request),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/export', { config: access }, (request, reply) => renderForm(reply, request, {}));

  app.get<{ Params: Params; Querystring: Record<string, unknown> }>('/evaluations/:evaluation/surveys/:survey/export/download', { config: access }, async (request, reply) => {
    const form = parseForm(exportQuery, request.query);
    if (!form.ok) return renderForm(reply, request, request.query, form.errors);
    const plan = await planExport(db, request.evaluation!.id, request.params.survey, form.data, clock());
    await recordExport(db, request.user!.id, plan);
    return sendExportFile(reply, exportFile(db, plan));
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/codebook', { config: access }, async (request, reply) => {
    const plan = await planExport(db, request.evaluation!.id, request.params.survey, defaultOptions, clock());
    return reply.view('surveys/exports/views/codebook.njk', {
      title: 'Codebook',
      survey: plan.survey,
      version: plan.layout.currentVersion,
      versionNotes: versionNotes(plan.layout),
      entries: planCodebook(plan),
      paths: paths(request),
    });
  });
}

/** The export pages and the export API, registered together from the modules list. */
export async function registerSurveyExports(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerExportPages(app, deps);
  await registerExportApi(app, deps);
}
