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
  ids: string[];
  /** Per item question, in the order asked: its answers as text, commas made semicolons, comma-separated (null when there are no responses). */
  tokens: (string | null)[];
  /** Per text question, in the order asked: each response's answer as stored text, null when absent. */
  texts: (string | null)[][];
}

/**
 * The complete responses of a survey read once, in one row: their ids, each item question's
 * answers as one text (see readAnswerTokens in analysis/answer-values.ts) and each text question's answers as an array, every column in
 * the same response order. Nothing per response is built on the server.
 */
export async function answerColumns(db: Db, surveyId: string, itemQuestions: readonly string[], textQuestions: readonly string[]): Promise<AnswerColumnsText> {
  // One extraction per answer and no other work in the database: it is the slowest part here.
  const items = itemQuestions.map((q, i) => sql`string_agg(coalesce(translate(answers ->> ${q}, ',', ';'), ''), ',') AS ${sql.ref(`i${i}`)}`);
  const texts = textQuestions.map((q, i) => sql`array_agg(answers ->> ${q}) AS ${sql.ref(`t${i}`)}`);
  const rows = await sql<Record<string, string | (string | null)[] | null>>`
    SELECT ${sql.join([sql`string_agg(id::text, ',') AS ids`, ...items, ...texts])}
    FROM responses WHERE survey_id = ${surveyId} AND status = 'complete'`.execute(db);
  const row = rows.rows[0] ?? {};
  const ids = typeof row.ids === 'string' ? row.ids.split(',') : [];
  return {
    ids,
    tokens: itemQuestions.map((_, i) => (row[`i${i}`] as string | null | undefined) ?? null),
    texts: textQuestions.map((_, i) => (row[`t${i}`] as (string | null)[] | null | undefined) ?? []),
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
