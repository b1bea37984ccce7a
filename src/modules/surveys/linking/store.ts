import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

/** The evaluation's linking key, made on first use. It is read only here and never leaves the server. */
export async function linkingKey(db: Db, evaluationId: string): Promise<string> {
  await db
    .insertInto('analysis_settings')
    .values({ evaluation_id: evaluationId, linking_key: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('evaluation_id').doNothing())
    .execute();
  const row = await db.selectFrom('analysis_settings').select('linking_key').where('evaluation_id', '=', evaluationId).executeTakeFirstOrThrow();
  return row.linking_key;
}

export async function evaluationOfSurvey(db: Db, surveyId: string): Promise<string | undefined> {
  return (await db.selectFrom('surveys').select('evaluation_id').where('id', '=', surveyId).executeTakeFirst())?.evaluation_id;
}

export async function setLink(db: Db, responseId: string, surveyId: string, codeHash: string): Promise<void> {
  await db
    .insertInto('response_links')
    .values({ response_id: responseId, survey_id: surveyId, code_hash: codeHash })
    .onConflict((oc) => oc.column('response_id').doUpdateSet({ code_hash: codeHash }))
    .execute();
}

export async function setLinks(db: Db, rows: readonly { response_id: string; survey_id: string; code_hash: string }[]): Promise<void> {
  if (rows.length) await db.insertInto('response_links').values([...rows]).execute();
}

export async function removeLink(db: Db, responseId: string): Promise<void> {
  await db.deleteFrom('response_links').where('response_id', '=', responseId).execute();
}

/**
 * Codes given by exactly one complete response in a survey, with that response: a code two
 * respondents share cannot say which of them is which, so it links neither.
 */
export async function uniqueCodes(db: Db, surveyId: string): Promise<{ code_hash: string; response_id: string }[]> {
  return db
    .selectFrom('response_links as l')
    .innerJoin('responses as r', 'r.id', 'l.response_id')
    .select(['l.code_hash', sql<string>`min(l.response_id::text)`.as('response_id')])
    .where('l.survey_id', '=', surveyId)
    .where('r.status', '=', 'complete')
    .groupBy('l.code_hash')
    .having(sql`count(*)`, '=', 1)
    .execute();
}

export async function linkedCount(db: Db, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('response_links as l')
    .innerJoin('responses as r', 'r.id', 'l.response_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('l.survey_id', '=', surveyId)
    .where('r.status', '=', 'complete')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
