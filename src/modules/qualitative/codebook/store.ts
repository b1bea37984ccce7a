import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { QdaCodesTable } from '../../../db/tables.ts';
import { blindCondition } from '../analysis/filters.ts';

/** SQL for reshaping a codebook: renaming, moving, merging, splitting and deleting codes. */

/** The code locked for the rest of the transaction, so two restructurings of it cannot interleave. */
export function lockCode(db: Db, evaluationId: string, codeId: string) {
  return db.selectFrom('qda_codes').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', codeId).forUpdate().executeTakeFirst();
}

export function updateCode(db: Db, evaluationId: string, codeId: string, values: Updateable<QdaCodesTable>) {
  return db.updateTable('qda_codes').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', codeId).returningAll().executeTakeFirstOrThrow();
}

/** The framework references already present in an evaluation's codebook, with their codes. */
export function codesWithFrameworkRefs(db: Db, evaluationId: string, prefix: string) {
  return db
    .selectFrom('qda_codes')
    .select(['id', 'framework_ref'])
    .where('evaluation_id', '=', evaluationId)
    .where('framework_ref', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .execute();
}

/** Moves every coding of one code to another; returns how many moved. */
export async function moveAllCodings(db: Db, evaluationId: string, fromCodeId: string, toCodeId: string): Promise<number> {
  const result = await db
    .updateTable('qda_codings')
    .set({ code_id: toCodeId })
    .where('evaluation_id', '=', evaluationId)
    .where('code_id', '=', fromCodeId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Moves the named codings of one code to another; codings of other codes are left alone. */
export async function moveCodings(db: Db, evaluationId: string, fromCodeId: string, codingIds: string[], toCodeId: string): Promise<number> {
  if (!codingIds.length) return 0;
  const result = await db
    .updateTable('qda_codings')
    .set({ code_id: toCodeId })
    .where('evaluation_id', '=', evaluationId)
    .where('code_id', '=', fromCodeId)
    .where('id', 'in', codingIds)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function codingIdsOfCode(db: Db, evaluationId: string, codeId: string) {
  return db.selectFrom('qda_codings').select('id').where('evaluation_id', '=', evaluationId).where('code_id', '=', codeId).execute();
}

export async function countCodingsOfCode(db: Db, evaluationId: string, codeId: string): Promise<number> {
  const row = await db
    .selectFrom('qda_codings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('evaluation_id', '=', evaluationId)
    .where('code_id', '=', codeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteCodingsOfCode(db: Db, evaluationId: string, codeId: string): Promise<number> {
  const result = await db.deleteFrom('qda_codings').where('evaluation_id', '=', evaluationId).where('code_id', '=', codeId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Gives the children of one code a new parent (null: the top level); returns how many moved. */
export async function reparentChildren(db: Db, evaluationId: string, fromParentId: string, toParentId: string | null): Promise<number> {
  const result = await db
    .updateTable('qda_codes')
    .set({ parent_id: toParentId })
    .where('evaluation_id', '=', evaluationId)
    .where('parent_id', '=', fromParentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Memos written about one code, moved to another. */
export async function moveCodeMemos(db: Db, evaluationId: string, fromCodeId: string, toCodeId: string): Promise<number> {
  const result = await db
    .updateTable('qda_memos')
    .set({ subject_id: toCodeId })
    .where('evaluation_id', '=', evaluationId)
    .where('subject', '=', 'code')
    .where('subject_id', '=', fromCodeId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteCodeMemos(db: Db, evaluationId: string, codeId: string): Promise<number> {
  const result = await db
    .deleteFrom('qda_memos')
    .where('evaluation_id', '=', evaluationId)
    .where('subject', '=', 'code')
    .where('subject_id', '=', codeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function deleteCode(db: Db, evaluationId: string, codeId: string) {
  return db.deleteFrom('qda_codes').where('evaluation_id', '=', evaluationId).where('id', '=', codeId).executeTakeFirst();
}

/** The codings of a code with the text each covers, cut by PostgreSQL in code points, for choosing what to split off. */
/** A code's segments; with a viewer, only those the viewer may see (blind coding, ../agreement/blind.ts). */
export function segmentsOfCode(db: Db, evaluationId: string, codeId: string, viewerId: string | null = null) {
  return db
    .selectFrom('qda_codings')
    .innerJoin('qda_sources', 'qda_sources.id', 'qda_codings.source_id')
    .leftJoin('users', 'users.id', 'qda_codings.coder_id')
    .select(['qda_codings.id', 'qda_codings.source_id', 'qda_sources.name as source_name', 'qda_codings.start_offset', 'qda_codings.end_offset', 'qda_codings.valence', 'qda_codings.memo', 'users.name as coder_name'])
    .select(sql<string>`substring(qda_sources.content from qda_codings.start_offset + 1 for qda_codings.end_offset - qda_codings.start_offset)`.as('text'))
    .where('qda_codings.evaluation_id', '=', evaluationId)
    .where('qda_codings.code_id', '=', codeId)
    .where(blindCondition(viewerId, sql`qda_codings`))
    .orderBy('qda_sources.name')
    .orderBy('qda_codings.start_offset')
    .execute();
}
