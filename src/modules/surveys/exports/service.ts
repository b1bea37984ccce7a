import { PassThrough, Readable } from 'node:stream';
import type { Db } from '../../../db/database.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { uuid } from '../../shared-schemas.ts';
import { findSurveyByCode, getSurvey, getVersion, listVersions, type Survey, type SurveyVersion } from '../service.ts';
import { zipBundle } from './bundle.ts';
import { codebookCsv, codebookEntries, type CodebookEntry } from './codebook.ts';
import { cellFor } from './cells.ts';
import { csvRows, csvStream, type CsvStyle } from './csv.ts';
import { buildLayout, type ExportLayout } from './layout.ts';
import type { ExportDescription } from './notes.ts';
import { fileStem, type ExportFormat, type ExportOptions } from './options.ts';
import { responseRows, type RowCounter } from './response-rows.ts';
import { rScript } from './r-script.ts';
import { spssSyntax } from './spss-syntax.ts';
import { responseCounts, type ResponseFilter } from './store.ts';
import { rowBuilder } from './table-rows.ts';
import { writeXlsx } from './xlsx.ts';

/** Everything decided before the first response is read: which survey, which columns, which rows. */
export interface ExportPlan {
  survey: Survey & { version: SurveyVersion };
  layout: ExportLayout;
  description: ExportDescription;
  options: ExportOptions;
  filter: ResponseFilter;
  /** The start of every file name, made from the survey title. */
  stem: string;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Readable;
}

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  codebook: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  spss: 'application/zip',
  r: 'application/zip',
};

/** The survey named by its id or by the code in its public link, within one evaluation. */
export async function findExportSurvey(db: Db, evaluationId: string, ref: string): Promise<Survey & { version: SurveyVersion }> {
  if (uuid.safeParse(ref).success) return getSurvey(db, evaluationId, ref);
  const byCode = await findSurveyByCode(db, ref);
  if (!byCode || byCode.evaluationId !== evaluationId) throw notFound('Survey');
  return getSurvey(db, evaluationId, byCode.id);
}

export async function planExport(db: Db, evaluationId: string, surveyRef: string, options: ExportOptions, now: Date): Promise<ExportPlan> {
  const survey = await findExportSurvey(db, evaluationId, surveyRef);
  const older = await Promise.all(
    (await listVersions(db, survey.id)).filter((v) => v.id !== survey.version.id).map((v) => getVersion(db, v.id)),
  );
  return {
    survey,
    layout: buildLayout(survey.anonymity, survey.version, older),
    description: { surveyTitle: survey.title, exportedAt: now, partial: options.partial, pretest: options.pretest },
    options,
    filter: {
      surveyId: survey.id,
      statuses: options.partial ? ['complete', 'partial'] : ['complete'],
      purposes: options.pretest ? ['pretest', 'pilot', 'main'] : ['pilot', 'main'],
    },
    stem: fileStem(survey.title),
  };
}

export function columnNames(layout: ExportLayout): string[] {
  return [...layout.fixed.map((c) => c.name), ...layout.variables.map((v) => v.name)];
}

export function planCodebook(plan: ExportPlan): CodebookEntry[] {
  return codebookEntries(plan.layout, plan.survey.version.definition.pages);
}

/**
 * The responses as CSV. `forStatistics` is the data file beside an SPSS or R script: always
 * codes, free text exactly as typed, and (for SPSS) one line per response.
 */
export function responsesCsv(db: Db, plan: ExportPlan, counter: RowCounter, forStatistics?: CsvStyle): Readable {
  const style = forStatistics ?? { lineBreaks: 'keep' };
  const line = csvRows(plan.layout, { mode: !forStatistics && plan.options.labels ? 'labels' : 'codes', style, guardFormulas: !forStatistics });
  const rows = responseRows(db, plan.filter, plan.layout.identifying, counter);
  return csvStream(columnNames(plan.layout), rows, line, style, !forStatistics && plan.options.bom);
}

function responsesXlsx(db: Db, plan: ExportPlan, counter: RowCounter): Readable {
  const output = new PassThrough();
  const mode = plan.options.labels ? 'labels' : 'codes';
  // Cells in a workbook are typed, so a formula typed by a respondent is only ever text there.
  const cells = rowBuilder(plan.layout, plan.layout.variables.map((v) => cellFor(v, mode)), (value) => value);
  const rows = responseRows(db, plan.filter, plan.layout.identifying, counter);
  writeXlsx(output, columnNames(plan.layout), rows, cells, planCodebook(plan)).catch((error: unknown) => output.destroy(error as Error));
  return output;
}

/** The script for a statistics package and the name of the data file it reads. */
export function statisticsFiles(plan: ExportPlan, format: 'spss' | 'r', dataName = `${plan.stem}.csv`): { script: { name: string; text: string }; dataName: string; style: CsvStyle } {
  return format === 'spss'
    ? { script: { name: `${plan.stem}.sps`, text: spssSyntax(plan.layout, plan.description, dataName) }, dataName, style: { lineBreaks: 'space' } }
    : { script: { name: `${plan.stem}.R`, text: rScript(plan.layout, plan.description, dataName) }, dataName, style: { lineBreaks: 'keep' } };
}

/** The file a download delivers, streamed: nothing is read from the database until it is read. */
export function exportFile(db: Db, plan: ExportPlan, counter: RowCounter = { rows: 0 }): ExportFile {
  const format = plan.options.format;
  const contentType = contentTypes[format];
  switch (format) {
    case 'csv':
      return { fileName: `${plan.stem}-responses.csv`, contentType, body: responsesCsv(db, plan, counter) };
    case 'xlsx':
      return { fileName: `${plan.stem}-responses.xlsx`, contentType, body: responsesXlsx(db, plan, counter) };
    case 'codebook':
      return { fileName: `${plan.stem}-codebook.csv`, contentType, body: Readable.from([codebookCsv(planCodebook(plan), plan.options.bom)]) };
    case 'spss':
    case 'r': {
      const { script, dataName, style } = statisticsFiles(plan, format);
      const files = [
        { name: script.name, content: script.text },
        { name: dataName, content: responsesCsv(db, plan, counter, style) },
      ];
      const body = zipBundle(files, plan.description.exportedAt);
      return { fileName: `${plan.stem}-${format}.zip`, contentType, body };
    }
  }
}

/** Raw data leaving Formative is recorded: who took which survey's responses, in what form. */
export async function recordExport(db: Db, actorId: string | null, plan: ExportPlan): Promise<void> {
  const { format, labels, partial, pretest } = plan.options;
  await recordAudit(db, { evaluationId: plan.survey.evaluationId, userId: actorId, action: 'export', entity: 'survey-responses', entityId: plan.survey.id, detail: { format, labels, partial, pretest } });
}

/** How many responses there are of each kind, for the export page. */
export async function responseSummary(db: Db, surveyId: string): Promise<{ complete: number; partial: number; pretest: number }> {
  const summary = { complete: 0, partial: 0, pretest: 0 };
  for (const row of await responseCounts(db, surveyId)) {
    const n = Number(row.n);
    if (row.purpose === 'pretest') summary.pretest += n;
    else if (row.status === 'complete') summary.complete += n;
    else summary.partial += n;
  }
  return summary;
}
