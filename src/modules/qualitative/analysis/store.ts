import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { blindCondition, filterCondition, participantJoins, type SegmentFilter } from './filters.ts';

/** The most context a query can ask for either side of a segment; what qda_segment_texts keeps. */
export const maxContext = 300;

export interface SegmentRow {
  coding_id: string;
  code_id: string;
  code_name: string;
  source_id: string;
  source_name: string;
  participant_id: string | null;
  participant_label: string | null;
  role_category: string | null;
  wave_id: string | null;
  start_offset: number;
  end_offset: number;
  valence: string;
  memo: string;
  coder_id: string | null;
  needs_review: boolean;
  context_before: string;
  text: string;
  context_after: string;
}

export interface SegmentQuery {
  evaluationId: string;
  codeIds: string[];
  filter: SegmentFilter;
  /** Characters of context either side, up to maxContext. */
  context: number;
  viewerId?: string | null;
  limit?: number;
  offset?: number;
}

/** The codings a segment query selects, under the aliases the filters use. */
function segmentsFrom(q: SegmentQuery, codes: RawBuilder<unknown>, moreJoins = sql``) {
  return sql`FROM qda_codings c
    JOIN qda_sources s ON s.id = c.source_id
    ${participantJoins}
    ${moreJoins}
    WHERE c.evaluation_id = ${q.evaluationId} AND c.code_id = ANY(${codes})
      AND ${filterCondition(q.filter)} AND ${blindCondition(q.viewerId)}`;
}

/**
 * Every segment of some codes with its text and context, after the filter, in source order, and
 * how many there are in all (one page of them when a limit is given). One statement:
 *  - `chosen`: the codings the filter keeps (the page of them, when paged);
 *  - `segments`: each with its text from qda_segment_texts when that is current (same source
 *    revision, same range), or else cut now from the source: a window of context, text and
 *    context cut once and split, so only the segments shown are ever cut;
 *  - `kept`: a data-modifying CTE storing what was cut, so the next query finds it.
 */
export async function selectSegments(db: Db, q: SegmentQuery): Promise<{ rows: SegmentRow[]; total: number }> {
  if (!q.codeIds.length) return { rows: [], total: 0 };
  const codes = sql`ARRAY[${sql.join(q.codeIds)}]::uuid[]`;
  const context = Math.max(0, Math.min(maxContext, Math.trunc(q.context)));
  const paged = q.limit !== undefined;
  const order = sql`source_name, source_id, start_offset, end_offset, coding_id`;
  const page = sql<SegmentRow>`
    WITH chosen AS (
      SELECT c.id AS coding_id, c.code_id, k.name AS code_name, c.source_id, s.name AS source_name, s.revision AS source_revision,
        p.id AS participant_id, p.label AS participant_label, p.role_category, i.wave_id,
        c.start_offset, c.end_offset, c.valence, c.memo, c.coder_id, c.needs_review
      ${segmentsFrom(q, codes, sql`JOIN qda_codes k ON k.id = c.code_id`)}
      ${paged ? sql`ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset ?? 0}` : sql``}
    ),
    segments AS (
      SELECT chosen.*, t.coding_id IS NOT NULL AS kept_before,
        coalesce(t.context_before, w.context_before) AS full_before, coalesce(t.text, w.text, '') AS text,
        coalesce(t.context_after, w.context_after) AS full_after
      FROM chosen
      LEFT JOIN qda_segment_texts t ON t.coding_id = chosen.coding_id AND t.code_id = chosen.code_id AND t.code_id = ANY(${codes})
        AND t.source_revision = chosen.source_revision AND t.start_offset = chosen.start_offset AND t.end_offset = chosen.end_offset
      LEFT JOIN LATERAL (
        SELECT substring(x.win from 1 for chosen.start_offset - x.win_start) AS context_before,
          substring(x.win from chosen.start_offset - x.win_start + 1 for chosen.end_offset - chosen.start_offset) AS text,
          substring(x.win from chosen.end_offset - x.win_start + 1) AS context_after
        FROM (
          -- CASE, as the planner may evaluate this list before it tests the WHERE clause.
          SELECT greatest(chosen.start_offset - ${maxContext}, 0) AS win_start,
            CASE WHEN t.coding_id IS NULL THEN substring(s.content from greatest(chosen.start_offset - ${maxContext}, 0) + 1
              for chosen.end_offset + ${maxContext} - greatest(chosen.start_offset - ${maxContext}, 0)) END AS win
          FROM qda_sources s WHERE s.id = chosen.source_id AND t.coding_id IS NULL
        ) x
      ) w ON TRUE
    ),
    kept AS (
      INSERT INTO qda_segment_texts (coding_id, code_id, source_revision, start_offset, end_offset, context_before, text, context_after)
      SELECT coding_id, code_id, source_revision, start_offset, end_offset, coalesce(full_before, ''), text, coalesce(full_after, '')
      FROM segments WHERE NOT kept_before
      ORDER BY coding_id
      ON CONFLICT (coding_id) DO UPDATE SET code_id = excluded.code_id, source_revision = excluded.source_revision, start_offset = excluded.start_offset,
        end_offset = excluded.end_offset, context_before = excluded.context_before, text = excluded.text, context_after = excluded.context_after
    )
    SELECT coding_id, code_id, code_name, source_id, source_name, participant_id, participant_label, role_category, wave_id,
      start_offset, end_offset, valence, memo, coder_id, needs_review,
      right(coalesce(full_before, ''), ${context}::int) AS context_before, text, left(coalesce(full_after, ''), ${context}::int) AS context_after
    FROM segments
    ORDER BY ${order}`.execute(db);
  const [result, count] = await Promise.all([
    page,
    paged ? sql<{ total: string | number }>`SELECT count(*) AS total ${segmentsFrom(q, codes)}`.execute(db) : undefined,
  ]);
  return { rows: result.rows, total: count ? Number(count.rows[0]?.total ?? 0) : result.rows.length };
}

/** The codes given and every code below them, each with the given code it falls under. */
export async function codesWithin(db: Db, evaluationId: string, codeIds: string[]): Promise<{ code_id: string; root_id: string }[]> {
  if (!codeIds.length) return [];
  const result = await sql<{ code_id: string; root_id: string }>`
    WITH RECURSIVE within_code(root_id, code_id) AS (
      SELECT id, id FROM qda_codes WHERE evaluation_id = ${evaluationId} AND id = ANY(ARRAY[${sql.join(codeIds)}]::uuid[])
      UNION
      SELECT w.root_id, k.id FROM qda_codes k JOIN within_code w ON k.parent_id = w.code_id
    )
    SELECT code_id, root_id FROM within_code`.execute(db);
  return result.rows;
}

export interface CoOccurrenceRow {
  code_a: string;
  code_b: string;
  overlaps: string | number;
  sources: string | number;
}

/** Pairs of the codes whose segments overlap in the same source: how often, and in how many sources. */
export async function selectCoOccurrence(db: Db, evaluationId: string, codeIds: string[], filter: SegmentFilter, viewerId: string | null): Promise<CoOccurrenceRow[]> {
  if (codeIds.length < 2) return [];
  const codes = sql`ARRAY[${sql.join(codeIds)}]::uuid[]`;
  const result = await sql<CoOccurrenceRow>`
    SELECT c.code_id AS code_a, d.code_id AS code_b, count(*) AS overlaps, count(DISTINCT c.source_id) AS sources
    FROM qda_codings c
    JOIN qda_codings d ON d.source_id = c.source_id AND d.code_id > c.code_id
      AND d.start_offset < c.end_offset AND c.start_offset < d.end_offset
    JOIN qda_sources s ON s.id = c.source_id
    ${participantJoins}
    WHERE c.evaluation_id = ${evaluationId} AND c.code_id = ANY(${codes}) AND d.code_id = ANY(${codes})
      AND ${filterCondition(filter)} AND ${blindCondition(viewerId)} AND ${blindCondition(viewerId, sql`d`)}
    GROUP BY c.code_id, d.code_id`.execute(db);
  return result.rows;
}

/** The overlapping pairs of codings of two codes, in source order. */
export async function selectOverlappingPairs(db: Db, evaluationId: string, codeA: string, codeB: string, filter: SegmentFilter, viewerId: string | null) {
  const result = await sql<{ a: string; b: string }>`
    SELECT c.id AS a, d.id AS b
    FROM qda_codings c
    JOIN qda_codings d ON d.source_id = c.source_id AND d.code_id = ${codeB}
      AND d.start_offset < c.end_offset AND c.start_offset < d.end_offset
    JOIN qda_sources s ON s.id = c.source_id
    ${participantJoins}
    WHERE c.evaluation_id = ${evaluationId} AND c.code_id = ${codeA}
      AND ${filterCondition(filter)} AND ${blindCondition(viewerId)} AND ${blindCondition(viewerId, sql`d`)}
    ORDER BY s.name, c.start_offset, d.start_offset`.execute(db);
  return result.rows;
}

/** The evaluation's participants, for filters and matrix rows. */
export function listParticipants(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_participants')
    .select(['id', 'label', 'role_category', 'external'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('label')
    .execute();
}

/** Role categories in use or listed for the evaluation, in the list's order and then by name. */
export async function listRoleCategories(db: Db, evaluationId: string): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT min(name) AS name FROM (
      SELECT name, position FROM qda_role_categories WHERE evaluation_id = ${evaluationId}
      UNION ALL
      SELECT role_category, 1000000 FROM qda_participants WHERE evaluation_id = ${evaluationId} AND role_category <> ''
    ) r
    GROUP BY lower(name)
    ORDER BY min(position), lower(name)`.execute(db);
  return result.rows.map((r) => r.name);
}

/** The attribute names in use, each with its values, for the filter's choices. */
export async function listAttributes(db: Db, evaluationId: string): Promise<{ name: string; values: string[] }[]> {
  const result = await sql<{ name: string; values: string[] }>`
    SELECT min(a.name) AS name, array_agg(DISTINCT a.value ORDER BY a.value) AS values
    FROM qda_participant_attributes a JOIN qda_participants p ON p.id = a.participant_id
    WHERE p.evaluation_id = ${evaluationId}
    GROUP BY lower(a.name)
    ORDER BY lower(min(a.name))`.execute(db);
  return result.rows;
}

/**
 * The evaluation's codes in codebook order, without counting their codings (which the core's
 * listCodes does for every code, the slow part on a large project).
 */
export function listCodeRefs(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_codes')
    .select(['id', 'parent_id', 'name', 'description', 'colour', 'framework_ref', 'position'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('position')
    .orderBy('name')
    .execute();
}
