import type { Db } from '../src/db/database.ts';

/** Fills the table of completions waiting to be applied (migration 024): one participant not yet marked completed. */
export async function fillCompletionTables(db: Db, evaluation: string): Promise<void> {
  const participant = await db.selectFrom('participants').select(['id', 'survey_id']).where('evaluation_id', '=', evaluation).where('completed_on', 'is', null).orderBy('token_hash').executeTakeFirstOrThrow();
  await db.insertInto('pending_completions').values({ participant_id: participant.id, survey_id: participant.survey_id }).execute();
}
