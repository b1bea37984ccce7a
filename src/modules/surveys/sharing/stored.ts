import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { SurveyDefinition } from '../definition.ts';
import { countSharedFigures, type SharedFigures } from './statistics.ts';

/**
 * A survey's shared statistics figures, stored in the database (migration 025) so that any
 * Formative process serves a page from one row instead of counting every response again. The
 * figures are kept before suppression; each share applies its own smallest group when it reads them.
 *
 * Whether stored figures are still current is decided by what they were counted from:
 * - the survey version and a digest of its definition (a version without responses is edited in
 *   place, so its id alone does not say its questions are the same);
 * - the complete main responses: their number, and the sum of a 64-bit hash of each one's id.
 *   A complete response's answers never change (saving and completing both require a partial
 *   response), so the figures depend only on which responses are complete. The number alone would
 *   miss one response withdrawn and another completed between two counts; the sum of hashes
 *   changes then too, unless the two ids' hashes are equal (odds of 1 in 2^64). It needs no
 *   trigger or counter on the respondents' path, and it is read from an index (migration 025);
 * - the evaluation's scoring keys, which decide whether and how scales are scored.
 */

export interface SurveyToCount {
  id: string;
  evaluationId: string;
  version: { id: string; definition: unknown };
}

/** What figures are counted from, as it is now. */
interface Basis {
  versionId: string;
  definitionDigest: string;
  responses: number;
  digest: string;
}

export interface StoredFigures {
  figures: SharedFigures;
  countedAt: Date;
  /** Complete main responses the figures were counted from. */
  responses: number;
  /** False when responses have been completed or removed (or scoring keys changed) since. */
  current: boolean;
  /** Names this set of figures: equal keys, equal figures. */
  key: string;
}

const definitionDigest = (definition: unknown) => createHash('sha256').update(JSON.stringify(definition)).digest('base64url');

async function currentBasis(db: Db, survey: SurveyToCount): Promise<Basis> {
  const { rows } = await sql<{ n: number; ids: string; keys: string }>`
    SELECT count(*)::int AS n,
           coalesce(sum(uuid_hash_extended(r.id, 0)), 0)::text AS ids,
           (SELECT md5(coalesce(string_agg(k.instrument_id || ':' || k.item_id || ':' || k.reverse::text, ',' ORDER BY k.instrument_id, k.item_id), ''))
              FROM instrument_scoring_keys k WHERE k.evaluation_id = ${survey.evaluationId}) AS keys
    FROM responses r
    WHERE r.survey_id = ${survey.id} AND r.status = 'complete' AND r.purpose = 'main'`.execute(db);
  const row = rows[0]!;
  return { versionId: survey.version.id, definitionDigest: definitionDigest(survey.version.definition), responses: Number(row.n), digest: `${row.ids}/${row.keys}` };
}

async function readStored(db: Db, surveyId: string) {
  return db.selectFrom('shared_statistics').selectAll().where('survey_id', '=', surveyId).executeTakeFirst();
}

const sameQuestions = (row: { version_id: string; definition_digest: string }, basis: Basis) => row.version_id === basis.versionId && row.definition_digest === basis.definitionDigest;
const sameResponses = (row: { responses: number; digest: string }, basis: Basis) => row.responses === basis.responses && row.digest === basis.digest;
const keyOf = (surveyId: string, basis: { responses: number; digest: string; definitionDigest: string }, countedAt: Date) =>
  `${surveyId}:${basis.definitionDigest}:${basis.responses}:${basis.digest}:${countedAt.getTime()}`;

/**
 * Counts the figures and stores them. The basis is read before and after counting: if a response
 * was completed or removed meanwhile, the counting queries may disagree with one another, so it is
 * counted again (at most three times; after that the row is stored under the earlier basis, so it
 * reads as out of date and the next refresh counts again).
 */
async function countAndStore(db: Db, survey: SurveyToCount, now: Date): Promise<StoredFigures> {
  for (let attempt = 1; ; attempt++) {
    const before = await currentBasis(db, survey);
    const figures = await countSharedFigures(db, survey.evaluationId, survey.id, survey.version.definition as SurveyDefinition);
    const after = await currentBasis(db, survey);
    const settled = before.responses === after.responses && before.digest === after.digest;
    if (!settled && attempt < 3) continue;
    const row = { survey_id: survey.id, version_id: before.versionId, responses: before.responses, digest: before.digest, definition_digest: before.definitionDigest, figures: JSON.stringify(figures), counted_at: now };
    // Two processes counting at once both store correct figures; the later count wins.
    await db
      .insertInto('shared_statistics')
      .values(row)
      .onConflict((oc) => oc.column('survey_id').doUpdateSet(row).where('shared_statistics.counted_at', '<=', now))
      .execute();
    return { figures, countedAt: now, responses: before.responses, current: settled, key: keyOf(survey.id, before, now) };
  }
}

/**
 * The figures a shared page shows now. Stored figures of the same questions are served at once,
 * marked out of date if responses have changed since (the refresh job counts them again within
 * half a minute). With none stored, or stored for other questions, they are counted now: figures
 * must never be shown against questions they were not counted for.
 */
export async function storedFigures(db: Db, survey: SurveyToCount, now: Date): Promise<StoredFigures> {
  const [row, basis] = await Promise.all([readStored(db, survey.id), currentBasis(db, survey)]);
  if (!row || !sameQuestions(row, basis)) return countAndStore(db, survey, now);
  return {
    figures: row.figures as SharedFigures,
    countedAt: row.counted_at,
    responses: row.responses,
    current: sameResponses(row, basis),
    key: keyOf(survey.id, { responses: row.responses, digest: row.digest, definitionDigest: row.definition_digest }, row.counted_at),
  };
}

/** Counts and stores a survey's figures unless those stored are current; returns whether it counted. */
export async function refreshFigures(db: Db, survey: SurveyToCount, now: Date): Promise<boolean> {
  const [row, basis] = await Promise.all([readStored(db, survey.id), currentBasis(db, survey)]);
  if (row && sameQuestions(row, basis) && sameResponses(row, basis)) return false;
  await countAndStore(db, survey, now);
  return true;
}

/** Surveys with at least one share not revoked: those whose figures the refresh job keeps current. */
export async function sharedSurveys(db: Db): Promise<{ evaluationId: string; surveyId: string }[]> {
  const rows = await db.selectFrom('statistics_shares').select(['evaluation_id', 'survey_id']).distinct().where('revoked_at', 'is', null).orderBy('survey_id').execute();
  return rows.map((r) => ({ evaluationId: r.evaluation_id, surveyId: r.survey_id }));
}
