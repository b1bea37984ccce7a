import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** SQL for findings, their constructs and evidence, and recommendations. */

export interface FindingRow {
  id: string;
  statement: string;
  detail: string;
  valence: string;
  strength: string;
  position: number;
}

export function selectFindings(db: Db, evaluationId: string, findingId?: string): Promise<FindingRow[]> {
  let query = db
    .selectFrom('findings')
    .select(['id', 'statement', 'detail', 'valence', 'strength', 'position'])
    .where('evaluation_id', '=', evaluationId);
  if (findingId) query = query.where('id', '=', findingId);
  return query.orderBy('position').orderBy('created_at').orderBy('id').execute();
}

export async function selectConstructs(db: Db, findingIds: readonly string[]): Promise<{ finding_id: string; id: string; name: string }[]> {
  if (!findingIds.length) return [];
  return db
    .selectFrom('finding_constructs as f')
    .innerJoin('qda_codes as c', 'c.id', 'f.code_id')
    .select(['f.finding_id', 'c.id', 'c.name'])
    .where('f.finding_id', 'in', [...findingIds])
    .orderBy('c.position')
    .orderBy('c.name')
    .execute();
}

/** An evidence row with what showing it needs from the row it points at. */
export interface EvidenceRow {
  id: string;
  finding_id: string;
  kind: string;
  stance: string;
  note: string;
  position: number;
  coding_id: string | null;
  quote_id: string | null;
  survey_id: string | null;
  document_id: string | null;
  context_event_id: string | null;
  result_spec: Record<string, unknown> | null;
  /** The kind of source a coding or quote is on: transcript, document or note. */
  source_kind: string | null;
  source_id: string | null;
  source_name: string | null;
  code_name: string | null;
  /** The coded segment's text, for a coding (pseudonymised before it is shown). */
  segment_text: string | null;
  role_category: string | null;
  external: boolean | null;
  has_participant: boolean | null;
  survey_title: string | null;
  document_title: string | null;
  document_issuer: string | null;
  event_title: string | null;
  event_date: string | null;
  event_description: string | null;
}

export async function selectEvidence(db: Db, findingIds: readonly string[]): Promise<EvidenceRow[]> {
  if (!findingIds.length) return [];
  const result = await sql<EvidenceRow>`
    SELECT e.id, e.finding_id, e.kind, e.stance, e.note, e.position,
      e.coding_id, e.quote_id, e.survey_id, e.document_id, e.context_event_id, e.result_spec,
      s.kind AS source_kind, s.id AS source_id, s.name AS source_name,
      k.name AS code_name,
      CASE WHEN e.coding_id IS NOT NULL THEN substring(s.content from c.start_offset + 1 for c.end_offset - c.start_offset) END AS segment_text,
      p.role_category, p.external, CASE WHEN e.coding_id IS NOT NULL THEN p.id IS NOT NULL END AS has_participant,
      sv.title AS survey_title, d.title AS document_title, d.issuer AS document_issuer,
      ce.title AS event_title, ce.occurred_on::text AS event_date, ce.description AS event_description
    FROM finding_evidence e
    LEFT JOIN qda_codings c ON c.id = e.coding_id
    LEFT JOIN qda_quotes q ON q.id = e.quote_id
    LEFT JOIN qda_sources s ON s.id = coalesce(c.source_id, q.source_id)
    LEFT JOIN qda_codes k ON k.id = coalesce(c.code_id, q.code_id)
    LEFT JOIN interviews i ON i.id = s.interview_id
    LEFT JOIN qda_participants p ON p.id = coalesce(s.participant_id, i.participant_id)
    LEFT JOIN surveys sv ON sv.id = e.survey_id
    LEFT JOIN documents d ON d.id = e.document_id
    LEFT JOIN context_events ce ON ce.id = e.context_event_id
    WHERE e.finding_id = ANY(ARRAY[${sql.join([...findingIds])}]::uuid[])
    ORDER BY e.position, e.created_at, e.id`.execute(db);
  return result.rows;
}

/** The evaluation a coding belongs to, with its code: for checking evidence before it is linked. */
export function findCoding(db: Db, evaluationId: string, codingId: string) {
  return db
    .selectFrom('qda_codings')
    .select(['id', 'code_id', 'source_id'])
    .where('evaluation_id', '=', evaluationId)
    .where('id', '=', codingId)
    .executeTakeFirst();
}

export async function nextPosition(db: Db, table: 'findings' | 'recommendations', evaluationId: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.max('position').as('max')).where('evaluation_id', '=', evaluationId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function nextEvidencePosition(db: Db, findingId: string): Promise<number> {
  const row = await db.selectFrom('finding_evidence').select((eb) => eb.fn.max('position').as('max')).where('finding_id', '=', findingId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function replaceConstructs(db: Db, findingId: string, codeIds: readonly string[]): Promise<void> {
  await db.deleteFrom('finding_constructs').where('finding_id', '=', findingId).execute();
  if (codeIds.length) await db.insertInto('finding_constructs').values(codeIds.map((code_id) => ({ finding_id: findingId, code_id }))).execute();
}

/** Codes of the evaluation among those given. */
export async function codesOfEvaluation(db: Db, evaluationId: string, codeIds: readonly string[]): Promise<string[]> {
  if (!codeIds.length) return [];
  const rows = await db.selectFrom('qda_codes').select('id').where('evaluation_id', '=', evaluationId).where('id', 'in', [...codeIds]).execute();
  return rows.map((r) => r.id);
}

export interface RecommendationRow {
  id: string;
  text: string;
  addressed_to: string;
  position: number;
}

export function selectRecommendations(db: Db, evaluationId: string, recommendationId?: string): Promise<RecommendationRow[]> {
  let query = db.selectFrom('recommendations').select(['id', 'text', 'addressed_to', 'position']).where('evaluation_id', '=', evaluationId);
  if (recommendationId) query = query.where('id', '=', recommendationId);
  return query.orderBy('position').orderBy('created_at').orderBy('id').execute();
}

export async function selectRecommendationLinks(db: Db, evaluationId: string): Promise<{ recommendation_id: string; finding_id: string }[]> {
  return db
    .selectFrom('recommendation_findings as l')
    .innerJoin('recommendations as r', 'r.id', 'l.recommendation_id')
    .innerJoin('findings as f', 'f.id', 'l.finding_id')
    .select(['l.recommendation_id', 'l.finding_id'])
    .where('r.evaluation_id', '=', evaluationId)
    .orderBy('f.position')
    .orderBy('f.created_at')
    .execute();
}

export async function replaceRecommendationLinks(db: Db, recommendationId: string, findingIds: readonly string[]): Promise<void> {
  await db.deleteFrom('recommendation_findings').where('recommendation_id', '=', recommendationId).execute();
  if (findingIds.length) await db.insertInto('recommendation_findings').values(findingIds.map((finding_id) => ({ recommendation_id: recommendationId, finding_id }))).execute();
}

/** Findings of the evaluation among those given. */
export async function findingsOfEvaluation(db: Db, evaluationId: string, findingIds: readonly string[]): Promise<string[]> {
  if (!findingIds.length) return [];
  const rows = await db.selectFrom('findings').select('id').where('evaluation_id', '=', evaluationId).where('id', 'in', [...findingIds]).execute();
  return rows.map((r) => r.id);
}
