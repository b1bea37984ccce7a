import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The analysis pages' SQL. Answers are read only from complete responses; item frequencies are
 * counted by the database (one pass over the survey's rows) so large surveys are not shipped to
 * the server just to be tallied.
 */

export interface SeriesSurveyRow {
  id: string;
  title: string;
  purpose: string;
  wave_id: string | null;
  wave_name: string | null;
  wave_position: number | null;
  created_at: Date;
  definition: unknown;
}

/** Every survey of an evaluation with its current definition and wave, in wave order. */
export async function surveysWithDefinitions(db: Db, evaluationId: string): Promise<SeriesSurveyRow[]> {
  return db
    .selectFrom('surveys as s')
    .leftJoin('waves as w', 'w.id', 's.wave_id')
    .innerJoinLateral(
      (eb) => eb.selectFrom('survey_versions as v').select('v.definition').whereRef('v.survey_id', '=', 's.id').orderBy('v.number', 'desc').limit(1).as('v'),
      (join) => join.onTrue(),
    )
    .select(['s.id', 's.title', 's.purpose', 's.wave_id', 'w.name as wave_name', 'w.position as wave_position', 's.created_at', 'v.definition'])
    .where('s.evaluation_id', '=', evaluationId)
    .orderBy('w.position', (ob) => ob.asc().nullsLast())
    .orderBy('s.created_at')
    .execute();
}

export interface AnswerColumnsText {
  /** The responses whose item answers come as coded vectors, then those read from the jsonb. */
  ids: string[];
  /** Vectors (see migration 026_answer_vectors) for the first `coded` of `ids`, `width` bytes each. */
  coded: number;
  vectors: Uint8Array;
  width: number;
  /** Per item question, in the order asked: its byte in each vector, or null when it has none. */
  positions: (number | null)[];
  /**
   * Per item question, in the order asked, for the responses after the first `coded`: their
   * answers as text, commas made semicolons, comma-separated (null when there are none).
   */
  tokens: (string | null)[];
  /** Per text question, in the order asked: each response's answer as stored text, null when absent. */
  texts: (string | null)[][];
}

/** Each question's position in the survey's answer vectors (absent: not an item question placed there). */
async function vectorPositions(db: Db, surveyId: string, questions: readonly string[]): Promise<Map<string, number>> {
  if (!questions.length) return new Map();
  const rows = await db.selectFrom('survey_answer_columns').select(['question_id', 'position']).where('survey_id', '=', surveyId).where('question_id', 'in', [...questions]).execute();
  return new Map(rows.map((r) => [r.question_id, r.position]));
}

const commaList = (text: unknown): string[] => (typeof text === 'string' && text ? text.split(',') : []);

/**
 * The complete responses of a survey read once, in one statement (so in one snapshot): their
 * ids, each item question's answers and each text question's answers as an array, every column
 * in the same response order. Item answers come from the compact vectors the database keeps
 * beside the answers, one byte per answer; responses without a usable vector (one with an
 * answer no code stands for, or written where the trigger did not run), and every response when
 * a question has no position, are read from the jsonb with one key lookup per answer, which is
 * the slow part this avoids. Nothing per response is built on the server.
 */
export async function answerColumns(db: Db, surveyId: string, itemQuestions: readonly string[], textQuestions: readonly string[]): Promise<AnswerColumnsText> {
  const placed = await vectorPositions(db, surveyId, itemQuestions);
  const allPlaced = itemQuestions.length > 0 && itemQuestions.every((q) => placed.has(q));
  const width = allPlaced ? Math.max(...placed.values()) + 1 : 0;
  const coded = allPlaced ? sql`substring(item_answers FROM 1 FOR 1) = '\\x01'::bytea` : sql`false`;
  // Vectors written before a later position was placed are shorter: padded, their missing places read as not answered.
  const vectors = sql`string_agg(substring(item_answers || decode(repeat('00', ${width}::integer), 'hex') FROM 2 FOR ${width}::integer), ''::bytea) FILTER (WHERE coded) AS vectors`;
  const items = itemQuestions.map((q, i) => sql`string_agg(coalesce(translate(answers ->> ${q}, ',', ';'), ''), ',') FILTER (WHERE NOT coded) AS ${sql.ref(`i${i}`)}`);
  const texts = textQuestions.flatMap((q, i) => [sql`array_agg(answers ->> ${q}) FILTER (WHERE coded) AS ${sql.ref(`c${i}`)}`, sql`array_agg(answers ->> ${q}) FILTER (WHERE NOT coded) AS ${sql.ref(`t${i}`)}`]);
  const rows = await sql<Record<string, unknown>>`
    SELECT ${sql.join([sql`string_agg(id::text, ',') FILTER (WHERE coded) AS coded_ids`, sql`string_agg(id::text, ',') FILTER (WHERE NOT coded) AS ids`, vectors, ...items, ...texts])}
    FROM (SELECT id, answers, item_answers, coalesce(${coded}, false) AS coded FROM responses WHERE survey_id = ${surveyId} AND status = 'complete') AS r`.execute(db);
  const row = rows.rows[0] ?? {};
  const codedIds = commaList(row.coded_ids);
  const vectorBytes = row.vectors instanceof Uint8Array ? row.vectors : new Uint8Array(0);
  return {
    ids: [...codedIds, ...commaList(row.ids)],
    coded: codedIds.length,
    vectors: vectorBytes,
    width,
    positions: itemQuestions.map((q) => (allPlaced ? placed.get(q)! : null)),
    tokens: itemQuestions.map((_, i) => (row[`i${i}`] as string | null | undefined) ?? null),
    texts: textQuestions.map((_, i) => [...((row[`c${i}`] as (string | null)[] | null | undefined) ?? []), ...((row[`t${i}`] as (string | null)[] | null | undefined) ?? [])]),
  };
}

/**
 * How many complete responses give each stored value of each question (lists count as their JSON
 * text). Each question's answer is looked up by key, so the work grows with the questions asked
 * for, not with everything a response holds.
 */
export async function answerCounts(db: Db, surveyId: string, questionIds: readonly string[]): Promise<{ question: string; value: string; n: number }[]> {
  if (!questionIds.length) return [];
  const rows = await sql<{ question: string; value: string; n: string }>`
    SELECT q.key AS question, r.answers ->> q.key AS value, count(*) AS n
    FROM responses r, unnest(${sql.val([...questionIds])}::text[]) AS q(key)
    WHERE r.survey_id = ${surveyId} AND r.status = 'complete' AND r.answers ? q.key
    GROUP BY 1, 2`.execute(db);
  return rows.rows.map((r) => ({ question: r.question, value: r.value, n: Number(r.n) }));
}

export async function settings(db: Db, evaluationId: string): Promise<{ disclosure_threshold: number } | undefined> {
  return db.selectFrom('analysis_settings').select('disclosure_threshold').where('evaluation_id', '=', evaluationId).executeTakeFirst();
}

export interface NormRow {
  id: string;
  instrument_id: string;
  scale_id: string;
  mean: number;
  sd: number;
  n: number;
  citation: string;
  population: string;
}

export async function listNorms(db: Db, evaluationId: string): Promise<NormRow[]> {
  return db
    .selectFrom('analysis_norms')
    .select(['id', 'instrument_id', 'scale_id', 'mean', 'sd', 'n', 'citation', 'population'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('instrument_id')
    .orderBy('scale_id')
    .orderBy('created_at')
    .execute();
}

export async function insertNorm(db: Db, values: Omit<NormRow, 'id'> & { evaluation_id: string; created_by: string | null }): Promise<NormRow> {
  return db.insertInto('analysis_norms').values(values).returning(['id', 'instrument_id', 'scale_id', 'mean', 'sd', 'n', 'citation', 'population']).executeTakeFirstOrThrow();
}

export async function deleteNorm(db: Db, evaluationId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('analysis_norms').where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The evaluation a survey belongs to, for callers that name only the survey (the command line). */
export async function evaluationOfSurvey(db: Db, surveyId: string): Promise<string | undefined> {
  return (await db.selectFrom('surveys').select('evaluation_id').where('id', '=', surveyId).executeTakeFirst())?.evaluation_id;
}
