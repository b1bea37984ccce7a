import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { AdvisoryDecisionsTable, AdvisoryMeetingsTable, AdvisoryMembersTable } from '../../../db/tables.ts';

/** SQL for the advisory group: members, meetings and the decisions taken at them. */

export function listMembers(db: Db, evaluationId: string) {
  return db.selectFrom('advisory_members').selectAll().where('evaluation_id', '=', evaluationId).orderBy('name').execute();
}

export function insertMember(db: Db, values: Insertable<AdvisoryMembersTable>) {
  return db.insertInto('advisory_members').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateMember(db: Db, evaluationId: string, id: string, values: Updateable<AdvisoryMembersTable>) {
  return db.updateTable('advisory_members').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteMember(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('advisory_members').where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function listMeetings(db: Db, evaluationId: string) {
  return db.selectFrom('advisory_meetings').selectAll().where('evaluation_id', '=', evaluationId).orderBy('held_on').orderBy('created_at').execute();
}

export function insertMeeting(db: Db, values: Insertable<AdvisoryMeetingsTable>) {
  return db.insertInto('advisory_meetings').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateMeeting(db: Db, evaluationId: string, id: string, values: Updateable<AdvisoryMeetingsTable>) {
  return db.updateTable('advisory_meetings').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteMeeting(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('advisory_meetings').where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Decisions with the task and question they are linked to, by name, in the order they were taken. */
export function listDecisions(db: Db, evaluationId: string) {
  return db
    .selectFrom('advisory_decisions as d')
    .innerJoin('advisory_meetings as m', 'm.id', 'd.meeting_id')
    .leftJoin('protocol_tasks as t', 't.id', 'd.task_id')
    .leftJoin('research_questions as q', 'q.id', 'd.question_id')
    .selectAll('d')
    .select(['m.held_on', 't.title as task_title', 'q.text as question_text'])
    .where('m.evaluation_id', '=', evaluationId)
    .orderBy('m.held_on')
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}

export function insertDecision(db: Db, values: Insertable<AdvisoryDecisionsTable>) {
  return db.insertInto('advisory_decisions').values(values).returning('id').executeTakeFirstOrThrow();
}

export function deleteDecision(db: Db, meetingId: string, id: string) {
  return db.deleteFrom('advisory_decisions').where('meeting_id', '=', meetingId).where('id', '=', id).returningAll().executeTakeFirst();
}
