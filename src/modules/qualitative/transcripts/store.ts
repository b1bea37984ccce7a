import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { QdaTurnsTable } from '../../../db/tables.ts';
import { blindCondition } from '../analysis/filters.ts';

/** SQL for editing transcripts in place and for the codings an edit left to review. */

/** The source, locked until the transaction ends: two edits of one transcript must not interleave. */
export function lockSource(db: Db, evaluationId: string, sourceId: string) {
  return db.selectFrom('qda_sources').select(['id', 'name', 'content', 'revision', 'kind']).where('evaluation_id', '=', evaluationId).where('id', '=', sourceId).forUpdate().executeTakeFirst();
}

export function updateSourceContent(db: Db, sourceId: string, content: string, revision: number, at: Date) {
  return db.updateTable('qda_sources').set({ content, revision, updated_at: at }).where('id', '=', sourceId).execute();
}

export function lockCodings(db: Db, sourceId: string) {
  return db.selectFrom('qda_codings').select(['id', 'start_offset', 'end_offset', 'review_note']).where('source_id', '=', sourceId).orderBy('start_offset').forUpdate().execute();
}

export function moveCoding(db: Db, codingId: string, start: number, end: number) {
  return db.updateTable('qda_codings').set({ start_offset: start, end_offset: end }).where('id', '=', codingId).execute();
}

export function flagCoding(db: Db, codingId: string, start: number, end: number, reviewNote: string) {
  return db.updateTable('qda_codings').set({ start_offset: start, end_offset: end, needs_review: true, review_note: reviewNote }).where('id', '=', codingId).execute();
}

export async function replaceTurns(db: Db, sourceId: string, turns: Insertable<QdaTurnsTable>[]): Promise<void> {
  await db.deleteFrom('qda_turns').where('source_id', '=', sourceId).execute();
  if (turns.length) await db.insertInto('qda_turns').values(turns).execute();
}

/** Codings an edit flagged, with the text they now cover cut by PostgreSQL (positions are code points). */
/** Codings flagged for review; with a viewer, only those the viewer may see (blind coding). */
export function listFlaggedCodings(db: Db, evaluationId: string, viewerId: string | null = null) {
  return db
    .selectFrom('qda_codings')
    .innerJoin('qda_sources', 'qda_sources.id', 'qda_codings.source_id')
    .innerJoin('qda_codes', 'qda_codes.id', 'qda_codings.code_id')
    .select([
      'qda_codings.id',
      'qda_codings.source_id',
      'qda_sources.name as source_name',
      'qda_codes.name as code_name',
      'qda_codings.start_offset',
      'qda_codings.end_offset',
      'qda_codings.review_note',
    ])
    .select(sql<string>`substring(qda_sources.content from qda_codings.start_offset + 1 for qda_codings.end_offset - qda_codings.start_offset)`.as('text'))
    .where('qda_codings.evaluation_id', '=', evaluationId)
    .where('qda_codings.needs_review', '=', true)
    .where(blindCondition(viewerId, sql`qda_codings`))
    .orderBy('qda_sources.name')
    .orderBy('qda_codings.start_offset')
    .execute();
}

export function clearReview(db: Db, evaluationId: string, codingId: string) {
  return db
    .updateTable('qda_codings')
    .set({ needs_review: false, review_note: '' })
    .where('evaluation_id', '=', evaluationId)
    .where('id', '=', codingId)
    .where('needs_review', '=', true)
    .returning('id')
    .executeTakeFirst();
}

/** Deletes a source with its turns and codings (by cascade) and the memos written about them. */
export async function deleteSource(db: Db, evaluationId: string, sourceId: string): Promise<void> {
  const codingIds = db.selectFrom('qda_codings').select('id').where('source_id', '=', sourceId);
  await db
    .deleteFrom('qda_memos')
    .where('evaluation_id', '=', evaluationId)
    .where((eb) => eb.or([eb.and([eb('subject', '=', 'source'), eb('subject_id', '=', sourceId)]), eb.and([eb('subject', '=', 'coding'), eb('subject_id', 'in', codingIds)])]))
    .execute();
  await db.deleteFrom('qda_sources').where('evaluation_id', '=', evaluationId).where('id', '=', sourceId).execute();
}

/** How many codings of each source need review, for the transcripts list. */
export function countFlaggedBySource(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_codings')
    .select(['source_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('evaluation_id', '=', evaluationId)
    .where('needs_review', '=', true)
    .groupBy('source_id')
    .execute();
}
