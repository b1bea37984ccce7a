import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, HttpError, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { allQuestions, type SurveyDefinition } from '../definition.ts';
import { storeResponses } from '../responses-import.ts';
import { getSurvey } from '../service.ts';
import { DatasetFileError, readDataset, type DatasetTable } from './file.ts';
import { datasetRows, mappingProblems, suggestMapping, type ColumnMapping } from './mapping.ts';

/**
 * Existing data (an earlier study, another team's survey) imported as the responses of a survey —
 * usually one made for that wave with the same instrument — so it is scored and compared like any
 * other wave. The file is kept until its columns are mapped; the import then stores every row or,
 * if any value does not fit its question, none, naming each row and column that is wrong.
 */

export interface DatasetUpload {
  id: string;
  surveyId: string;
  filename: string;
  columns: string[];
  rowCount: number;
  /** The first rows, to recognise the columns by. */
  preview: string[][];
  suggested: ColumnMapping;
  questions: { id: string; text: string; format: string }[];
}

const problemsShown = 20;

function reject(problems: string[]): HttpError {
  const listed = problems.slice(0, problemsShown);
  if (problems.length > listed.length) listed.push(`…and ${problems.length - listed.length} more problems`);
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return new HttpError(400, 'invalid_dataset', `Nothing was imported because of ${count}: ${listed.join('; ')}`, listed.map((message, i) => ({ field: `row-${i}`, message })));
}

async function parseFile(content: Buffer): Promise<DatasetTable> {
  try {
    return await readDataset(content);
  } catch (error) {
    if (error instanceof DatasetFileError) throw badRequest(error.message, [{ field: 'file', message: error.message }]);
    throw error;
  }
}

function describeUpload(row: { id: string; survey_id: string; filename: string; columns: string[]; rows: string[][] }, definition: SurveyDefinition): DatasetUpload {
  const linking = new Set(definition.linkingCode?.questions ?? []);
  return {
    id: row.id,
    surveyId: row.survey_id,
    filename: row.filename,
    columns: row.columns,
    rowCount: row.rows.length,
    preview: row.rows.slice(0, 3),
    suggested: suggestMapping(definition, row.columns),
    questions: allQuestions(definition).filter((q) => !linking.has(q.id)).map((q) => ({ id: q.id, text: q.text, format: q.format.type })),
  };
}

/** Reads and keeps an uploaded data set for mapping. */
export async function uploadDataset(db: Db, actorId: string, evaluationId: string, surveyId: string, file: { filename: string; content: Buffer }): Promise<DatasetUpload> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const table = await parseFile(file.content);
  const row = await db
    .insertInto('dataset_uploads')
    .values({ evaluation_id: evaluationId, survey_id: surveyId, filename: file.filename.slice(0, 200) || 'data set', columns: JSON.stringify(table.columns), rows: JSON.stringify(table.rows), created_by: actorId })
    .returning(['id', 'survey_id', 'filename', 'columns', 'rows'])
    .executeTakeFirstOrThrow();
  return describeUpload(row, survey.version.definition);
}

async function findUpload(db: Db, evaluationId: string, surveyId: string, uploadId: string) {
  if (!z.string().uuid().safeParse(uploadId).success) throw notFound('Uploaded data set');
  const row = await db
    .selectFrom('dataset_uploads')
    .select(['id', 'survey_id', 'filename', 'columns', 'rows'])
    .where('id', '=', uploadId)
    .where('evaluation_id', '=', evaluationId)
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  if (!row) throw notFound('Uploaded data set');
  return row;
}

export async function getUpload(db: Db, evaluationId: string, surveyId: string, uploadId: string): Promise<DatasetUpload> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  return describeUpload(await findUpload(db, evaluationId, surveyId, uploadId), survey.version.definition);
}

/** Checks every row against the survey and stores them all, or refuses with each problem by row and column. */
export async function importTable(db: Db, actorId: string | null, evaluationId: string, surveyId: string, table: DatasetTable, mapping: ColumnMapping, filename: string): Promise<{ stored: number }> {
  return inTransaction(db, async (trx) => {
    const survey = await getSurvey(trx, evaluationId, surveyId);
    const definition = survey.version.definition;
    const mappingIssues = mappingProblems(definition, table, mapping);
    if (mappingIssues.length) throw badRequest(mappingIssues.map((p) => p.message).join('; '), mappingIssues);
    const { rows, problems } = datasetRows(definition, table, mapping);
    if (problems.length) throw reject(problems);
    const stored = await storeResponses(trx, actorId, evaluationId, surveyId, rows);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'import-dataset', entity: 'survey', entityId: surveyId, detail: { filename, rows: stored, columns: Object.keys(mapping).filter((c) => mapping[c]).length } });
    return { stored };
  });
}

/** Imports a kept upload with the researcher's mapping; the upload goes once imported. */
export async function importUpload(db: Db, actorId: string, evaluationId: string, surveyId: string, uploadId: string, mapping: ColumnMapping): Promise<{ stored: number }> {
  return inTransaction(db, async (trx) => {
    const upload = await findUpload(trx, evaluationId, surveyId, uploadId);
    const result = await importTable(trx, actorId, evaluationId, surveyId, { columns: upload.columns, rows: upload.rows }, mapping, upload.filename);
    await trx.deleteFrom('dataset_uploads').where('id', '=', uploadId).execute();
    return result;
  });
}

/** Imports a file in one step (the API and the command line): the given mapping, or the suggested one. */
export async function importDatasetFile(db: Db, actorId: string | null, evaluationId: string, surveyId: string, file: { filename: string; content: Buffer }, mapping?: ColumnMapping): Promise<{ stored: number; mapping: ColumnMapping }> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const table = await parseFile(file.content);
  const used = mapping ?? suggestMapping(survey.version.definition, table.columns);
  const result = await importTable(db, actorId, evaluationId, surveyId, table, used, file.filename);
  return { ...result, mapping: used };
}
