import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { blindCondition, filterCondition, participantJoins, type SegmentFilter } from './filters.ts';

/** Participants with at least one source the filter keeps: the rows of a matrix by participant. */
export async function selectMatrixParticipants(db: Db, evaluationId: string, filter: SegmentFilter) {
  const result = await sql<{ id: string; label: string; role_category: string }>`
    SELECT DISTINCT p.id, p.label, p.role_category
    FROM qda_sources s ${participantJoins}
    WHERE s.evaluation_id = ${evaluationId} AND p.id IS NOT NULL AND ${filterCondition(filter)}
    ORDER BY p.label, p.id`.execute(db);
  return result.rows;
}

export interface MatrixCountRow {
  column_id: string;
  participant_id: string;
  role_key: string;
  segments: string | number;
}

/**
 * Segments per column and participant: a column counts the codings of its code and of every
 * code below it. Codings in sources without a participant (documents) belong to no row.
 */
export async function selectMatrixCounts(db: Db, evaluationId: string, columnIds: string[], filter: SegmentFilter, viewerId: string | null): Promise<MatrixCountRow[]> {
  if (!columnIds.length) return [];
  const result = await sql<MatrixCountRow>`
    WITH RECURSIVE columns(column_id, code_id) AS (
      SELECT id, id FROM qda_codes WHERE evaluation_id = ${evaluationId} AND id = ANY(ARRAY[${sql.join(columnIds)}]::uuid[])
      UNION
      SELECT columns.column_id, k.id FROM qda_codes k JOIN columns ON k.parent_id = columns.code_id
    )
    SELECT columns.column_id, p.id AS participant_id, lower(p.role_category) AS role_key, count(*) AS segments
    FROM qda_codings c
    JOIN columns ON columns.code_id = c.code_id
    JOIN qda_sources s ON s.id = c.source_id
    ${participantJoins}
    WHERE c.evaluation_id = ${evaluationId} AND p.id IS NOT NULL AND ${filterCondition(filter)} AND ${blindCondition(viewerId)}
    GROUP BY columns.column_id, p.id, lower(p.role_category)`.execute(db);
  return result.rows;
}

export function listSummaries(db: Db, evaluationId: string, rowKind: 'participant' | 'role') {
  return db
    .selectFrom('qda_matrix_summaries')
    .select(['code_id', 'participant_id', 'role_category', 'summary', 'updated_at'])
    .where('evaluation_id', '=', evaluationId)
    .where('row_kind', '=', rowKind)
    .execute();
}

export interface SummaryKey {
  evaluationId: string;
  codeId: string;
  rowKind: 'participant' | 'role';
  /** A participant id, or a role category (lower-cased). */
  rowKey: string;
}

const rowColumn = (key: SummaryKey) => (key.rowKind === 'participant' ? 'participant_id' : 'role_category');

export function findSummary(db: Db, key: SummaryKey) {
  return db
    .selectFrom('qda_matrix_summaries')
    .select(['summary', 'updated_at', 'updated_by'])
    .where('evaluation_id', '=', key.evaluationId)
    .where('code_id', '=', key.codeId)
    .where('row_kind', '=', key.rowKind)
    .where(rowColumn(key), '=', key.rowKey)
    .executeTakeFirst();
}

/** Writes a cell's summary over the one before (one statement, so two saves cannot both insert); empty removes it. */
export async function saveSummary(db: Db, key: SummaryKey, summary: string, userId: string | null): Promise<void> {
  if (!summary) {
    await db
      .deleteFrom('qda_matrix_summaries')
      .where('evaluation_id', '=', key.evaluationId)
      .where('code_id', '=', key.codeId)
      .where('row_kind', '=', key.rowKind)
      .where(rowColumn(key), '=', key.rowKey)
      .execute();
    return;
  }
  await db
    .insertInto('qda_matrix_summaries')
    .values({
      evaluation_id: key.evaluationId,
      code_id: key.codeId,
      row_kind: key.rowKind,
      participant_id: key.rowKind === 'participant' ? key.rowKey : null,
      role_category: key.rowKind === 'role' ? key.rowKey : null,
      summary,
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc
        .columns(['code_id', rowColumn(key)])
        .where('row_kind', '=', key.rowKind)
        .doUpdateSet({ summary, updated_by: userId, updated_at: sql`now()` }),
    )
    .execute();
}
