import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { filterCondition, participantJoins, type SegmentFilter } from './filters.ts';

export interface SearchRow {
  source_id: string;
  name: string;
  kind: string;
  participant_id: string | null;
  participant_label: string | null;
  role_category: string | null;
  wave_id: string | null;
  rank: number;
  headline: string;
  total: string | number;
}

/** Marks ts_headline puts around matched words and between fragments: control characters no transcript holds. */
export const matchStart = '\u0001';
export const matchEnd = '\u0002';
export const fragmentBreak = '\u0003';

const headlineOptions = `StartSel=${matchStart}, StopSel=${matchEnd}, FragmentDelimiter=${fragmentBreak}, MaxFragments=2, MaxWords=30, MinWords=12`;
/** Characters before the first match, and in all, of the window ts_headline reads. */
const windowLead = 300;
const windowLength = 2000;

/**
 * Sources matching a web-search-style query (quoted phrases, `or`, `-word`) under PostgreSQL's
 * English configuration, ranked by cover density normalised by length, one page of them.
 *
 * Snippets: ts_headline parses the whole text it is given, about 6 ms for a 10,000-word
 * transcript, so it is given a window of the text starting a little before the first place a
 * query word's stem occurs (found with a regular expression, much cheaper), and the whole text
 * only when the stems are not found as written (the stemmer changed the word's ending).
 */
export async function searchSources(db: Db, evaluationId: string, query: string, filter: SegmentFilter, limit: number, offset: number): Promise<SearchRow[]> {
  const result = await sql<SearchRow>`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS query),
    stems AS (
      -- Each lexeme of the query as a word-start pattern; a final i or e is dropped ("polici" must find "policy").
      SELECT '\\m(' || string_agg(regexp_replace(regexp_replace(m[1], '(.{3,})[ie]$', '\\1'), '([^[:alnum:]])', '\\\\\\1', 'g'), '|') || ')' AS pattern
      FROM q, regexp_matches(q.query::text, '''((?:[^'']|'''')+)''', 'g') AS m
    ),
    hits AS (
      SELECT s.id AS source_id, s.name, s.kind, s.content, p.id AS participant_id, p.label AS participant_label,
        p.role_category, i.wave_id, ts_rank_cd(s.search, q.query, 1) AS rank, count(*) OVER () AS total
      FROM qda_sources s CROSS JOIN q
      ${participantJoins}
      WHERE s.evaluation_id = ${evaluationId} AND s.search @@ q.query AND ${filterCondition(filter)}
      ORDER BY rank DESC, s.name, s.id
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT h.source_id, h.name, h.kind, h.participant_id, h.participant_label, h.role_category, h.wave_id, h.rank, h.total,
      CASE WHEN w.first > 0
        THEN ts_headline('english', substring(h.content from greatest(w.first - ${windowLead}, 1) for ${windowLength}), q.query, ${headlineOptions})
        ELSE ts_headline('english', h.content, q.query, ${headlineOptions})
      END AS headline
    FROM hits h CROSS JOIN q CROSS JOIN stems
    CROSS JOIN LATERAL (SELECT coalesce(regexp_instr(h.content, stems.pattern, 1, 1, 0, 'i'), 0) AS first) w
    ORDER BY h.rank DESC, h.name, h.source_id`.execute(db);
  return result.rows;
}

/** Whether the query has any word PostgreSQL can search for (not only stop words such as "the"). */
export async function hasSearchableWords(db: Db, query: string): Promise<boolean> {
  const result = await sql<{ words: number }>`SELECT numnode(websearch_to_tsquery('english', ${query})) AS words`.execute(db);
  return Number(result.rows[0]?.words ?? 0) > 0;
}
