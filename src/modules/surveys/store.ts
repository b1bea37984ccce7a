import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ResponsesTable, SurveysTable } from '../../db/tables.ts';

export function insertSurvey(db: Db, values: Insertable<SurveysTable>) {
  return db.insertInto('surveys').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateSurvey(db: Db, id: string, values: Updateable<SurveysTable>) {
  return db.updateTable('surveys').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function findSurvey(db: Db, evaluationId: string, surveyId: string) {
  return db.selectFrom('surveys').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', surveyId).executeTakeFirst();
}

export function findSurveyByCode(db: Db, code: string) {
  return db.selectFrom('surveys').selectAll().where('public_code', '=', code).executeTakeFirst();
}

export function codeTaken(db: Db, code: string) {
  return db.selectFrom('surveys').select('id').where('public_code', '=', code).executeTakeFirst();
}

/** Surveys with their response counts, for the surveys page. */
export function listSurveys(db: Db, evaluationId: string) {
  return db
    .selectFrom('surveys')
    .leftJoin('waves', 'waves.id', 'surveys.wave_id')
    .selectAll('surveys')
    .select('waves.name as wave_name')
    .select((eb) => [
      eb.selectFrom('responses').whereRef('responses.survey_id', '=', 'surveys.id').where('responses.status', '=', 'complete').select((e) => e.fn.countAll<number>().as('n')).as('complete'),
      eb.selectFrom('responses').whereRef('responses.survey_id', '=', 'surveys.id').where('responses.status', '=', 'partial').select((e) => e.fn.countAll<number>().as('n')).as('partial'),
    ])
    .where('surveys.evaluation_id', '=', evaluationId)
    .orderBy('surveys.created_at')
    .execute();
}

export function currentVersion(db: Db, surveyId: string) {
  return db.selectFrom('survey_versions').selectAll().where('survey_id', '=', surveyId).orderBy('number', 'desc').limit(1).executeTakeFirst();
}

export function findVersion(db: Db, versionId: string) {
  return db.selectFrom('survey_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
}

export function listVersions(db: Db, surveyId: string) {
  return db.selectFrom('survey_versions').select(['id', 'number', 'created_at']).where('survey_id', '=', surveyId).orderBy('number').execute();
}

export function insertVersion(db: Db, values: { survey_id: string; number: number; definition: string; created_by: string | null }) {
  return db.insertInto('survey_versions').values(values).returningAll().executeTakeFirstOrThrow();
}

export function replaceVersionDefinition(db: Db, versionId: string, definition: string) {
  return db.updateTable('survey_versions').set({ definition }).where('id', '=', versionId).execute();
}

export async function versionHasResponses(db: Db, versionId: string): Promise<boolean> {
  return !!(await db.selectFrom('responses').select('id').where('version_id', '=', versionId).limit(1).executeTakeFirst());
}

export async function surveyHasResponses(db: Db, surveyId: string): Promise<boolean> {
  return !!(await db.selectFrom('responses').select('id').where('survey_id', '=', surveyId).limit(1).executeTakeFirst());
}

/** Locks the survey row so two editors cannot both decide a version is still unfrozen. */
export function lockSurvey(db: Db, surveyId: string) {
  return db.selectFrom('surveys').select('id').where('id', '=', surveyId).forUpdate().executeTakeFirst();
}

export function deleteSurvey(db: Db, surveyId: string) {
  return db.deleteFrom('surveys').where('id', '=', surveyId).execute();
}

/**
 * Inserts many responses with multi-row INSERTs of `perStatement` rows each: one statement per
 * thousand rows rather than a round trip per row, and well under PostgreSQL's limit of 65,535
 * parameters a statement. Run it inside a transaction so that the batches stand or fall together.
 */
export async function insertResponses(db: Db, rows: Insertable<ResponsesTable>[], perStatement = 1000): Promise<void> {
  for (let start = 0; start < rows.length; start += perStatement) {
    await db.insertInto('responses').values(rows.slice(start, start + perStatement)).execute();
  }
}
