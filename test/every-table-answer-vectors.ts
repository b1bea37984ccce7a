import type { Db } from '../src/db/database.ts';

/**
 * Fills the answer vector positions (migration 026). Versions written earlier have placed their
 * item questions already (a trigger does); this adds one more, far past them, with an awkward id.
 */
export async function fillAnswerVectorTables(db: Db, evaluation: string): Promise<void> {
  const survey = await db.selectFrom('surveys').select('id').where('evaluation_id', '=', evaluation).orderBy('created_at').executeTakeFirstOrThrow();
  await db.insertInto('survey_answer_columns').values({ survey_id: survey.id, question_id: 'item "late" — é, \\ back', position: 9_999 }).execute();
}
