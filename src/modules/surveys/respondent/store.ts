import type { Database, PreparedStatement } from '../../../db/database.ts';
import type { Answers } from '../conditions.ts';

/**
 * The respondent's SQL. Every statement that changes a response checks, in the same statement,
 * that the key matches, the response is still partial and the survey is open at `now`: one round
 * trip per page, and nothing is stored for a closed survey however the request was timed.
 *
 * These statements run on every respondent page, so they are written once as SQL text and run as
 * prepared statements (see Database.prepared): building them through Kysely on each call would
 * cost several times the client and server time of the query itself.
 */

export interface ResponseRow {
  id: string;
  survey_id: string;
  version_id: string;
  status: string;
  pages_saved: number;
  answers: Answers;
  title: string;
  survey_status: string;
  opens_at: Date | null;
  closes_at: Date | null;
  public_code: string;
  anonymity: string;
  access: string;
}

export interface StartRow {
  id: string;
  evaluation_id: string;
  title: string;
  status: string;
  access: string;
  opens_at: Date | null;
  closes_at: Date | null;
  version_id: string;
  welcome: string | null;
  privacy_notice: string | null;
}

/** The same rule as availability() in the survey service, in SQL, for the survey aliased `s`, with `now` as parameter $n. */
function surveyOpenAt(n: number): string {
  return `s.status = 'open' AND (s.opens_at IS NULL OR s.opens_at <= $${n}) AND (s.closes_at IS NULL OR s.closes_at > $${n})`;
}

/** Question ids as a PostgreSQL text[] literal; ids are letters, digits and underscores only. */
function idArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

async function run<Row>(database: Database, statement: PreparedStatement, values: readonly unknown[]): Promise<{ rows: Row[]; changed: number }> {
  const result = await database.prepared<Row>(statement, values);
  return { rows: result.rows, changed: result.rowCount };
}

const statement = (name: string, text: string): PreparedStatement => ({ name: `respondent_${name}`, text });

// What a respondent's page needs of a response `r` and its survey `s`. Statements that change a
// response return it, so the page the respondent is sent to next need not read it again.
const responseColumns = `r.id, r.survey_id, r.version_id, r.status, r.pages_saved, r.answers,
  s.title, s.status AS survey_status, s.opens_at, s.closes_at, s.public_code, s.anonymity, s.access`;

const surveyForStart = statement('survey_for_start', `
  SELECT s.id, s.evaluation_id, s.title, s.status, s.access, s.opens_at, s.closes_at,
         v.id AS version_id, v.definition->>'welcome' AS welcome, v.definition->>'privacyNotice' AS privacy_notice
  FROM surveys s
  JOIN LATERAL (SELECT id, definition FROM survey_versions WHERE survey_id = s.id ORDER BY number DESC LIMIT 1) v ON true
  WHERE s.public_code = $1`);

/** A survey by its public code, with its current version's id and the texts of its start page. */
export async function findSurveyForStart(database: Database, code: string): Promise<StartRow | undefined> {
  return (await run<StartRow>(database, surveyForStart, [code])).rows[0];
}

const insertResponseSql = statement('insert_response', `
  WITH r AS (
    INSERT INTO responses (survey_id, version_id, key_hash, resume_hash, participant_id, purpose, started_at)
    SELECT s.id, v.id, $2, $3, $4, s.purpose, CASE WHEN s.anonymity = 'anonymous' THEN NULL ELSE $5::timestamptz END
    FROM surveys s
    JOIN LATERAL (SELECT id FROM survey_versions WHERE survey_id = s.id ORDER BY number DESC LIMIT 1) v ON true
    WHERE s.id = $1 AND ${surveyOpenAt(5)}
    FOR SHARE OF s
    RETURNING *)
  SELECT ${responseColumns} FROM r JOIN surveys s ON s.id = r.survey_id`);

// The same insert for the survey's public link, found by its code, in one round trip: it also
// checks the survey is open to anyone and, if it has a privacy notice, that the respondent agreed ($6).
const insertByCodeSql = statement('insert_response_by_code', `
  WITH r AS (
    INSERT INTO responses (survey_id, version_id, key_hash, resume_hash, participant_id, purpose, started_at)
    SELECT s.id, v.id, $2, $3, $4, s.purpose, CASE WHEN s.anonymity = 'anonymous' THEN NULL ELSE $5::timestamptz END
    FROM surveys s
    JOIN LATERAL (SELECT id, definition FROM survey_versions WHERE survey_id = s.id ORDER BY number DESC LIMIT 1) v ON true
    WHERE s.public_code = $1 AND s.access = 'open' AND ${surveyOpenAt(5)}
      AND ($6::boolean OR coalesce(v.definition->>'privacyNotice', '') !~ '\\S')
    FOR SHARE OF s
    RETURNING *)
  SELECT ${responseColumns} FROM r JOIN surveys s ON s.id = r.survey_id`);

/**
 * Creates a response on the survey's current version if the survey is open. The survey row is
 * share-locked so an editor saving the definition at this moment either finishes first or sees
 * this response and makes a new version: a version with responses never changes.
 */
export async function insertResponse(
  database: Database,
  values: { surveyId: string; keyHash: string; resumeHash: string; participantId: string | null; now: Date },
): Promise<ResponseRow | undefined> {
  const { rows } = await run<ResponseRow>(database, insertResponseSql, [values.surveyId, values.keyHash, values.resumeHash, values.participantId, values.now]);
  return rows[0];
}

const responseByKey = statement('response_by_key', `SELECT ${responseColumns} FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE r.key_hash = $1`);

/** Starts a response from the survey's public link; undefined when the survey is not open to anyone or consent is missing. */
export async function insertResponseByCode(
  database: Database,
  values: { code: string; keyHash: string; resumeHash: string; consented: boolean; now: Date },
): Promise<ResponseRow | undefined> {
  const { rows } = await run<ResponseRow>(database, insertByCodeSql, [values.code, values.keyHash, values.resumeHash, null, values.now, values.consented]);
  return rows[0];
}

export async function findResponseByKey(database: Database, keyHash: string): Promise<ResponseRow | undefined> {
  return (await run<ResponseRow>(database, responseByKey, [keyHash])).rows[0];
}

const saveAnswersSql = statement('save_answers', `
  UPDATE responses r
  SET answers = (r.answers - $3::text[]) || $4::jsonb, pages_saved = greatest(r.pages_saved, $5::integer)
  FROM surveys s
  WHERE r.key_hash = $1 AND r.version_id = $2 AND r.status = 'partial' AND s.id = r.survey_id AND ${surveyOpenAt(6)}
  RETURNING ${responseColumns}`);

/**
 * Saves one page: its questions' old answers are removed and the new ones merged in, and the
 * furthest page saved moves on. Repeating the same statement leaves the same row, so a resent
 * page is stored once. Undefined when the key, version, status or survey state does not allow it.
 */
export async function saveAnswers(
  database: Database,
  values: { keyHash: string; versionId: string; remove: readonly string[]; answers: Answers; pagesSaved: number; now: Date },
): Promise<ResponseRow | undefined> {
  const parameters = [values.keyHash, values.versionId, idArray(values.remove), JSON.stringify(values.answers), values.pagesSaved, values.now];
  return (await run<ResponseRow>(database, saveAnswersSql, parameters)).rows[0];
}

const completeSql = statement('complete', `
  UPDATE responses r
  SET status = 'complete', answers = r.answers - $3::text[],
      completed_at = CASE WHEN s.anonymity = 'anonymous' THEN NULL ELSE $4::timestamptz END
  FROM surveys s
  WHERE r.key_hash = $1 AND r.status = 'partial' AND r.answers = $2::jsonb AND s.id = r.survey_id AND ${surveyOpenAt(4)}
  RETURNING ${responseColumns}`);

// For a questionnaire without conditions every question is shown, so "every required question is
// answered" is "the answers hold every required id" ($3), checked in the same statement.
const completeWhenAnsweredSql = statement('complete_when_answered', `
  UPDATE responses r
  SET status = 'complete', completed_at = CASE WHEN s.anonymity = 'anonymous' THEN NULL ELSE $4::timestamptz END
  FROM surveys s
  WHERE r.key_hash = $1 AND r.version_id = $2 AND r.status = 'partial' AND r.answers ?& $3::text[]
    AND s.id = r.survey_id AND ${surveyOpenAt(4)}
  RETURNING ${responseColumns}`);

/** Completes a response of a questionnaire without conditions if its required questions are all answered. */
export async function completeWhenAnswered(
  database: Database,
  values: { keyHash: string; versionId: string; required: readonly string[]; now: Date },
): Promise<ResponseRow | undefined> {
  return (await run<ResponseRow>(database, completeWhenAnsweredSql, [values.keyHash, values.versionId, idArray(values.required), values.now])).rows[0];
}

/**
 * Marks a response complete, dropping answers to questions the respondent no longer sees. It only
 * applies to the answers that were checked (`checked`): if another tab saved a page in between, it
 * changes nothing and the caller checks again. completed_at is kept only where the survey is not anonymous.
 */
export async function completeResponse(
  database: Database,
  values: { keyHash: string; checked: Answers; remove: readonly string[]; now: Date },
): Promise<ResponseRow | undefined> {
  const parameters = [values.keyHash, JSON.stringify(values.checked), idArray(values.remove), values.now];
  return (await run<ResponseRow>(database, completeSql, parameters)).rows[0];
}

const replaceKeyByCodeSql = statement('replace_key_by_code', `
  UPDATE responses r SET key_hash = $3 FROM surveys s
  WHERE r.survey_id = $1 AND r.resume_hash = $2 AND s.id = r.survey_id
  RETURNING ${responseColumns}`);

/** Gives the response with this resume code a new key; the old key stops working. */
export async function replaceKeyByResumeCode(
  database: Database,
  values: { surveyId: string; resumeHash: string; keyHash: string },
): Promise<ResponseRow | undefined> {
  return (await run<ResponseRow>(database, replaceKeyByCodeSql, [values.surveyId, values.resumeHash, values.keyHash])).rows[0];
}

const replaceKeyByIdSql = statement('replace_key_by_id', 'UPDATE responses SET key_hash = $3, resume_hash = $4 WHERE id = $2 AND survey_id = $1');

/** Gives a response a new key and resume code, for a personal link that reopens a participant's own response. */
export async function replaceKeyById(database: Database, values: { surveyId: string; responseId: string; keyHash: string; resumeHash: string }): Promise<boolean> {
  return (await run(database, replaceKeyByIdSql, [values.surveyId, values.responseId, values.keyHash, values.resumeHash])).changed === 1;
}
