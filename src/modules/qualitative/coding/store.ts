import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { QdaCodingsTable } from '../../../db/tables.ts';

/** SQL for the coding pages: codings with their text and coder, and the changes a coder makes. */

/** The source locked for the rest of the transaction, so a double-submitted coding is stored once. */
export function lockSource(db: Db, evaluationId: string, sourceId: string) {
  return db.selectFrom('qda_sources').select(['id', 'content', 'revision']).where('evaluation_id', '=', evaluationId).where('id', '=', sourceId).forUpdate().executeTakeFirst();
}

/** An identical coding by the same coder, if there is one. */
export function findSameCoding(db: Db, sourceId: string, codeId: string, start: number, end: number, coderId: string | null) {
  return db
    .selectFrom('qda_codings')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('code_id', '=', codeId)
    .where('start_offset', '=', start)
    .where('end_offset', '=', end)
    .where('coder_id', coderId === null ? 'is' : '=', coderId)
    .executeTakeFirst();
}

function codingQuery(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_codings')
    .innerJoin('qda_codes', 'qda_codes.id', 'qda_codings.code_id')
    .innerJoin('qda_sources', 'qda_sources.id', 'qda_codings.source_id')
    .leftJoin('users', 'users.id', 'qda_codings.coder_id')
    .selectAll('qda_codings')
    .select(['qda_codes.name as code_name', 'qda_codes.colour as code_colour', 'users.name as coder_name'])
    .select(sql<string>`substring(qda_sources.content from qda_codings.start_offset + 1 for qda_codings.end_offset - qda_codings.start_offset)`.as('text'))
    .where('qda_codings.evaluation_id', '=', evaluationId);
}

/** A source's codings in reading order, with the text each covers (cut in code points by PostgreSQL). */
export function listCodingsWithText(db: Db, evaluationId: string, sourceId: string, coderId?: string) {
  let query = codingQuery(db, evaluationId).where('qda_codings.source_id', '=', sourceId);
  if (coderId) query = query.where('qda_codings.coder_id', '=', coderId);
  return query.orderBy('qda_codings.start_offset').orderBy('qda_codings.end_offset', 'desc').orderBy('qda_codes.name').execute();
}

export function findCodingWithText(db: Db, evaluationId: string, sourceId: string, codingId: string) {
  return codingQuery(db, evaluationId).where('qda_codings.source_id', '=', sourceId).where('qda_codings.id', '=', codingId).executeTakeFirst();
}

export function updateCoding(db: Db, evaluationId: string, codingId: string, values: Updateable<QdaCodingsTable>) {
  return db.updateTable('qda_codings').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', codingId).executeTakeFirst();
}

export function deleteCoding(db: Db, evaluationId: string, codingId: string) {
  return db.deleteFrom('qda_codings').where('evaluation_id', '=', evaluationId).where('id', '=', codingId).executeTakeFirst();
}

/** Per source: how many codings it has and how many need a person to look again. */
export function codingCountsBySource(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_codings')
    .select('source_id')
    .select((eb) => eb.fn.countAll<number>().as('codings'))
    .select(sql<number>`count(*) filter (where needs_review)`.as('to_review'))
    .where('evaluation_id', '=', evaluationId)
    .groupBy('source_id')
    .execute();
}
