import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { blindCondition } from '../analysis/filters.ts';

/** A coding with what taking a quote from it needs: its text, code, speaker and consent. */
export async function findCodingForQuote(db: Db, evaluationId: string, codingId: string, viewerId: string | null = null) {
  const result = await sql<{
    id: string;
    source_id: string;
    source_name: string;
    code_id: string;
    code_name: string;
    start_offset: number;
    end_offset: number;
    valence: string;
    text: string;
    participant_id: string | null;
    interview_id: string | null;
    consent_quote: boolean | null;
    interview_status: string | null;
  }>`
    SELECT c.id, c.source_id, s.name AS source_name, c.code_id, k.name AS code_name, c.start_offset, c.end_offset, c.valence,
      substring(s.content from c.start_offset + 1 for c.end_offset - c.start_offset) AS text,
      coalesce(s.participant_id, i.participant_id) AS participant_id, i.id AS interview_id,
      i.consent_quote, i.status AS interview_status
    FROM qda_codings c
    JOIN qda_sources s ON s.id = c.source_id
    JOIN qda_codes k ON k.id = c.code_id
    LEFT JOIN interviews i ON i.id = s.interview_id
    WHERE c.evaluation_id = ${evaluationId} AND c.id = ${codingId} AND ${blindCondition(viewerId)}`.execute(db);
  return result.rows[0];
}

export function insertQuote(db: Db, values: {
  evaluation_id: string;
  coding_id: string;
  source_id: string;
  code_id: string;
  participant_id: string | null;
  start_offset: number;
  end_offset: number;
  valence: string;
  original_text: string;
  text: string;
  note: string;
  created_by: string | null;
}) {
  return db.insertInto('qda_quotes').values(values).returning('id').executeTakeFirstOrThrow();
}

export interface QuoteRow {
  id: string;
  coding_id: string | null;
  code_id: string | null;
  code_name: string | null;
  source_id: string;
  source_name: string;
  source_kind: string;
  start_offset: number;
  end_offset: number;
  valence: string;
  original_text: string;
  text: string;
  note: string;
  role_category: string | null;
  external: boolean | null;
  has_participant: boolean;
  /** False when the interview behind the quote no longer has consent to quotation. */
  may_quote: boolean;
  created_at: Date;
  edited_at: Date | null;
}

/** The evaluation's quotes, optionally only those of some codes, by code then in the order taken. */
export async function selectQuotes(db: Db, evaluationId: string, filter: { codeIds?: string[]; quoteId?: string } = {}): Promise<QuoteRow[]> {
  const conditions = [sql`q.evaluation_id = ${evaluationId}`];
  if (filter.codeIds) conditions.push(filter.codeIds.length ? sql`q.code_id = ANY(ARRAY[${sql.join(filter.codeIds)}]::uuid[])` : sql`FALSE`);
  if (filter.quoteId) conditions.push(sql`q.id = ${filter.quoteId}`);
  const result = await sql<QuoteRow>`
    SELECT q.id, q.coding_id, q.code_id, k.name AS code_name, q.source_id, s.name AS source_name, s.kind AS source_kind,
      q.start_offset, q.end_offset, q.valence, q.original_text, q.text, q.note,
      p.role_category, p.external, p.id IS NOT NULL AS has_participant,
      (i.id IS NULL OR (i.consent_quote AND i.status <> 'withdrawn')) AS may_quote,
      q.created_at, q.edited_at
    FROM qda_quotes q
    JOIN qda_sources s ON s.id = q.source_id
    LEFT JOIN qda_codes k ON k.id = q.code_id
    LEFT JOIN interviews i ON i.id = s.interview_id
    LEFT JOIN qda_participants p ON p.id = coalesce(q.participant_id, s.participant_id, i.participant_id)
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY k.position NULLS LAST, k.name, q.created_at, q.id`.execute(db);
  return result.rows;
}

export function updateQuote(db: Db, evaluationId: string, quoteId: string, values: { text: string; note: string; edited_by: string | null }) {
  return db
    .updateTable('qda_quotes')
    .set({ ...values, edited_at: new Date() })
    .where('evaluation_id', '=', evaluationId)
    .where('id', '=', quoteId)
    .executeTakeFirst();
}

export function deleteQuote(db: Db, evaluationId: string, quoteId: string) {
  return db.deleteFrom('qda_quotes').where('evaluation_id', '=', evaluationId).where('id', '=', quoteId).executeTakeFirst();
}

export function listRules(db: Db, evaluationId: string) {
  return db.selectFrom('qda_attribution_rules').select(['role_category', 'attribution']).where('evaluation_id', '=', evaluationId).orderBy('role_category').execute();
}

/** Replaces every rule of the evaluation with those given. */
export async function replaceRules(db: Db, evaluationId: string, rules: { role_category: string; attribution: string }[]) {
  await db.deleteFrom('qda_attribution_rules').where('evaluation_id', '=', evaluationId).execute();
  if (rules.length) await db.insertInto('qda_attribution_rules').values(rules.map((r) => ({ ...r, evaluation_id: evaluationId }))).execute();
}
