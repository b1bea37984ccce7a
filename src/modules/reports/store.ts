import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** SQL of reports, their sections and versions, and the glossary of abbreviations. */

export function listReports(db: Db, evaluationId: string) {
  return db
    .selectFrom('reports')
    .selectAll('reports')
    .select((eb) => [
      eb.selectFrom('report_versions').whereRef('report_versions.report_id', '=', 'reports.id').select((v) => v.fn.max<number>('number').as('n')).as('latest_version'),
      eb.selectFrom('report_versions').whereRef('report_versions.report_id', '=', 'reports.id').where('status', '=', 'released').select((v) => v.fn.max<number>('number').as('n')).as('latest_released'),
    ])
    .where('evaluation_id', '=', evaluationId)
    .orderBy(sql`due_on IS NULL`)
    .orderBy('due_on')
    .orderBy('created_at')
    .execute();
}

export function findReport(db: Db, evaluationId: string, reportId: string) {
  return db.selectFrom('reports').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', reportId).executeTakeFirst();
}

export function insertReport(db: Db, values: { evaluation_id: string; title: string; template: string; due_on: string | null; created_by: string | null }) {
  return db.insertInto('reports').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateReport(db: Db, evaluationId: string, reportId: string, values: { title: string; due_on: string | null }) {
  return db.updateTable('reports').set({ ...values, updated_at: new Date() }).where('evaluation_id', '=', evaluationId).where('id', '=', reportId).execute();
}

export function deleteReport(db: Db, evaluationId: string, reportId: string) {
  return db.deleteFrom('reports').where('evaluation_id', '=', evaluationId).where('id', '=', reportId).execute();
}

export function listSections(db: Db, reportId: string) {
  return db.selectFrom('report_sections').selectAll().where('report_id', '=', reportId).execute();
}

export function saveSection(db: Db, values: { report_id: string; section: string; narrative: string; included: boolean; updated_by: string | null }) {
  return db
    .insertInto('report_sections')
    .values({ ...values, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['report_id', 'section']).doUpdateSet({ narrative: values.narrative, included: values.included, updated_by: values.updated_by, updated_at: new Date() }))
    .execute();
}

const versionColumns = ['id', 'report_id', 'number', 'status', 'fingerprint', 'built_by', 'built_at', 'released_by', 'released_at'] as const;

export function listVersions(db: Db, reportId: string) {
  return db
    .selectFrom('report_versions')
    .leftJoin('users as builder', 'builder.id', 'report_versions.built_by')
    .leftJoin('users as releaser', 'releaser.id', 'report_versions.released_by')
    .select(versionColumns.map((c) => `report_versions.${c}` as const))
    .select(['builder.name as built_by_name', 'releaser.name as released_by_name'])
    .where('report_id', '=', reportId)
    .orderBy('number', 'desc')
    .execute();
}

export function findVersion(db: Db, reportId: string, number: number) {
  return db.selectFrom('report_versions').selectAll().where('report_id', '=', reportId).where('number', '=', number).executeTakeFirst();
}

export async function insertVersion(db: Db, values: { report_id: string; model: string; fingerprint: string; built_by: string | null }) {
  const last = await db.selectFrom('report_versions').select((eb) => eb.fn.max<number>('number').as('n')).where('report_id', '=', values.report_id).executeTakeFirst();
  return db.insertInto('report_versions').values({ ...values, number: Number(last?.n ?? 0) + 1 }).returning(['id', 'number']).executeTakeFirstOrThrow();
}

export function markReleased(db: Db, versionId: string, userId: string) {
  return db.updateTable('report_versions').set({ status: 'released', released_by: userId, released_at: new Date() }).where('id', '=', versionId).where('status', '=', 'draft').executeTakeFirst();
}

export function listAbbreviations(db: Db, evaluationId: string) {
  return db.selectFrom('abbreviations').selectAll().where('evaluation_id', '=', evaluationId).orderBy(sql`lower(abbreviation)`).execute();
}

export async function abbreviationTaken(db: Db, evaluationId: string, abbreviation: string): Promise<boolean> {
  const row = await db.selectFrom('abbreviations').select('id').where('evaluation_id', '=', evaluationId).where('abbreviation', '=', abbreviation).executeTakeFirst();
  return row !== undefined;
}

export function insertAbbreviation(db: Db, values: { evaluation_id: string; abbreviation: string; meaning: string }) {
  return db.insertInto('abbreviations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function deleteAbbreviation(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('abbreviations').where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
}
