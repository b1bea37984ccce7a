import type { Db } from '../src/db/database.ts';

/**
 * Fills the learning-set tables (migration 020): a held session with attendance, a presented
 * finding and feedback, its status history, a member linked to the directory, and who overrode a
 * research question's coverage.
 */
export async function fillLearningSetTables(db: Db, evaluation: string, user: string): Promise<void> {
  const set = await db.insertInto('learning_sets')
    .values({ evaluation_id: evaluation, kind: 'internal-staff', name: 'Staff set “north”', description: 'Line one\nline two', created_by: user, created_at: '2006-05-01 09:00:00.000001+00' })
    .returning('id').executeTakeFirstOrThrow();
  const person = await db.selectFrom('people').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  const member = await db.insertInto('learning_set_members')
    .values({ learning_set_id: set.id, name: 'Ada Brook', role: 'Team leader', organisation: 'North region', person_id: person.id })
    .returning('id').executeTakeFirstOrThrow();
  const session = await db.insertInto('learning_set_sessions')
    .values({ learning_set_id: set.id, planned_on: '2006-06-12', place: 'Room 3', facilitator: 'Bob', status: 'held', created_by: user })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('learning_set_session_changes').values([
    { session_id: session.id, from_status: null, to_status: 'planned', changed_by: user },
    { session_id: session.id, from_status: 'planned', to_status: 'held', reason: 'Went ahead', changed_by: user },
  ]).execute();
  await db.insertInto('learning_set_attendance').values({ session_id: session.id, member_id: member.id }).execute();
  const finding = await db.selectFrom('findings').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  await db.insertInto('learning_set_presented_findings').values({ session_id: session.id, finding_id: finding.id, position: 1 }).execute();
  await db.insertInto('learning_set_feedback')
    .values({ session_id: session.id, member_id: member.id, finding_id: finding.id, response: 'adds-nuance', note: 'True here — “mostly”', recorded_by: user })
    .execute();
  await db.updateTable('research_questions').set({ override_by: user, override_at: '2006-07-01 10:00:00.000001+00' }).where('evaluation_id', '=', evaluation).where('override_addressed', 'is not', null).execute();
}
