import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { StatisticsSharesTable } from '../../../db/tables-contacts.ts';

/** Queries of shared statistics pages: the shares, their access log, and the counts they show. */

export async function insertShare(db: Db, row: Insertable<StatisticsSharesTable>) {
  return db.insertInto('statistics_shares').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findShare(db: Db, shareId: string) {
  return db.selectFrom('statistics_shares').selectAll().where('id', '=', shareId).executeTakeFirst();
}

export async function listShares(db: Db, surveyId: string) {
  return db
    .selectFrom('statistics_shares as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .selectAll('s')
    .select('u.name as created_by_name')
    .select((eb) => [
      eb.selectFrom('statistics_share_accesses as a').select((e) => e.fn.countAll<string>().as('n')).whereRef('a.share_id', '=', 's.id').where('a.outcome', '=', 'granted').as('granted'),
      eb.selectFrom('statistics_share_accesses as a').select((e) => e.fn.countAll<string>().as('n')).whereRef('a.share_id', '=', 's.id').where('a.outcome', '!=', 'granted').as('refused'),
    ])
    .where('s.survey_id', '=', surveyId)
    .orderBy('s.created_at', 'desc')
    .execute();
}

export async function revokeShare(db: Db, shareId: string, at: Date) {
  return db.updateTable('statistics_shares').set({ revoked_at: at }).where('id', '=', shareId).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

export async function insertAccess(db: Db, shareId: string, outcome: 'granted' | 'wrong_password' | 'revoked', at: Date): Promise<void> {
  await db.insertInto('statistics_share_accesses').values({ share_id: shareId, outcome, at }).execute();
}

export async function listAccesses(db: Db, shareId: string, limit: number) {
  return db.selectFrom('statistics_share_accesses').select(['id', 'at', 'outcome']).where('share_id', '=', shareId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Complete responses of the main survey: pre-test and pilot answers never leave the team. */
export async function countSharedResponses(db: Db, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('survey_id', '=', surveyId)
    .where('status', '=', 'complete')
    .where('purpose', '=', 'main')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many complete main responses gave each value to each question, counted by the database
 * over the stored answers. A list answer (multiple choice) counts once as '[]' here, and its
 * options are counted by `countChosenOptions`.
 */
export async function countAnswerValues(db: Db, surveyId: string, questionIds: readonly string[]): Promise<{ question: string; value: string; n: number }[]> {
  if (!questionIds.length) return [];
  const result = await sql<{ question: string; value: string; n: number }>`
    SELECT e.key AS question,
           CASE WHEN jsonb_typeof(e.value) = 'array' THEN '[]' ELSE e.value #>> '{}' END AS value,
           count(*)::int AS n
    FROM responses r CROSS JOIN LATERAL jsonb_each(r.answers) e
    WHERE r.survey_id = ${surveyId} AND r.status = 'complete' AND r.purpose = 'main'
      AND e.key IN (${sql.join(questionIds.map((id) => sql.lit(id)))})
    GROUP BY 1, 2`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** For multiple-choice questions: how many complete main responses chose each option. */
export async function countChosenOptions(db: Db, surveyId: string, questionIds: readonly string[]): Promise<{ question: string; value: string; n: number }[]> {
  if (!questionIds.length) return [];
  const result = await sql<{ question: string; value: string; n: number }>`
    SELECT e.key AS question, x.value AS value, count(DISTINCT r.id)::int AS n
    FROM responses r CROSS JOIN LATERAL jsonb_each(r.answers) e
      CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.value) = 'array' THEN e.value ELSE '[]'::jsonb END) x
    WHERE r.survey_id = ${surveyId} AND r.status = 'complete' AND r.purpose = 'main'
      AND e.key IN (${sql.join(questionIds.map((id) => sql.lit(id)))})
    GROUP BY 1, 2`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}
