import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { EthicsApprovalsTable, StudyDocumentVersionsTable } from '../../../db/tables.ts';

/** SQL for ethics approvals, study documents and their versions. */

export function listApprovals(db: Db, evaluationId: string) {
  return db
    .selectFrom('ethics_approvals')
    .selectAll()
    .where('evaluation_id', '=', evaluationId)
    .orderBy('decided_on', (ob) => ob.asc().nullsLast())
    .orderBy('created_at')
    .execute();
}

export function insertApproval(db: Db, values: Insertable<EthicsApprovalsTable>) {
  return db.insertInto('ethics_approvals').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateApproval(db: Db, evaluationId: string, id: string, values: Updateable<EthicsApprovalsTable>) {
  return db.updateTable('ethics_approvals').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteApproval(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('ethics_approvals').where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Documents with their latest version's number and date. */
export function listDocuments(db: Db, evaluationId: string) {
  return db
    .selectFrom('study_documents as d')
    .innerJoin('study_document_versions as v', 'v.document_id', 'd.id')
    .select(['d.id', 'd.kind', 'd.title', 'd.created_at'])
    .select((eb) => [eb.fn.max('v.number').as('latest'), eb.fn.max('v.created_at').as('updated_at')])
    .where('d.evaluation_id', '=', evaluationId)
    .groupBy(['d.id', 'd.kind', 'd.title', 'd.created_at'])
    .orderBy('d.title')
    .execute();
}

export function insertDocument(db: Db, values: { evaluation_id: string; kind: string; title: string }) {
  return db.insertInto('study_documents').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Locks the document so two edits at once get consecutive version numbers. */
export function lockDocument(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('study_documents').select('id').where('evaluation_id', '=', evaluationId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function renameDocument(db: Db, id: string, title: string) {
  return db.updateTable('study_documents').set({ title }).where('id', '=', id).execute();
}

export function listVersions(db: Db, documentId: string) {
  return db
    .selectFrom('study_document_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .selectAll('v')
    .select('u.name as user_name')
    .where('v.document_id', '=', documentId)
    .orderBy('v.number')
    .execute();
}

export function insertVersion(db: Db, values: Insertable<StudyDocumentVersionsTable>) {
  return db.insertInto('study_document_versions').values(values).execute();
}
