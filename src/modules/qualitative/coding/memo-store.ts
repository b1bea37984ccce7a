import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { QdaMemosTable } from '../../../db/tables.ts';

/** SQL for memos: notes the team writes about the project, a code or a source. */

function memoQuery(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_memos')
    .leftJoin('qda_codes', (join) => join.onRef('qda_codes.id', '=', 'qda_memos.subject_id').on('qda_memos.subject', '=', 'code'))
    .leftJoin('qda_sources', (join) => join.onRef('qda_sources.id', '=', 'qda_memos.subject_id').on('qda_memos.subject', '=', 'source'))
    .leftJoin('users', 'users.id', 'qda_memos.author_id')
    .selectAll('qda_memos')
    .select(['qda_codes.name as code_name', 'qda_sources.name as source_name', 'users.name as author_name'])
    .where('qda_memos.evaluation_id', '=', evaluationId);
}

export function listMemos(db: Db, evaluationId: string, subject?: { subject: string; subjectId: string | null }) {
  let query = memoQuery(db, evaluationId);
  if (subject) {
    query = query.where('qda_memos.subject', '=', subject.subject).where('qda_memos.subject_id', subject.subjectId === null ? 'is' : '=', subject.subjectId);
  }
  return query.orderBy('qda_memos.subject').orderBy('qda_memos.updated_at', 'desc').execute();
}

export function findMemo(db: Db, evaluationId: string, memoId: string) {
  return memoQuery(db, evaluationId).where('qda_memos.id', '=', memoId).executeTakeFirst();
}

export function insertMemo(db: Db, values: Insertable<QdaMemosTable>) {
  return db.insertInto('qda_memos').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateMemo(db: Db, evaluationId: string, memoId: string, values: Updateable<QdaMemosTable>) {
  return db.updateTable('qda_memos').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', memoId).executeTakeFirst();
}

export function deleteMemo(db: Db, evaluationId: string, memoId: string) {
  return db.deleteFrom('qda_memos').where('evaluation_id', '=', evaluationId).where('id', '=', memoId).executeTakeFirst();
}
