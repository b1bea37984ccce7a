import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ContactEventsTable } from '../../../db/tables-contacts.ts';

/** Queries of the contact log. Participants are read with their directory entry's name and units. */

export async function insertContactEvent(db: Db, row: Insertable<ContactEventsTable>) {
  return db.insertInto('contact_events').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findParticipant(db: Db, evaluationId: string, participantId: string) {
  return db.selectFrom('participants').selectAll().where('id', '=', participantId).where('evaluation_id', '=', evaluationId).executeTakeFirst();
}

export async function markOptedOut(db: Db, participantId: string, day: string): Promise<void> {
  await db.updateTable('participants').set({ opted_out_on: day }).where('id', '=', participantId).where('opted_out_on', 'is', null).execute();
}

export async function markBounced(db: Db, participantId: string, at: Date): Promise<void> {
  await db.updateTable('participants').set({ bounced_at: at }).where('id', '=', participantId).where('bounced_at', 'is', null).execute();
}

/** A survey's participants with their name, contact details and units, in name order. */
export async function listSurveyParticipants(db: Db, surveyId: string, participantId?: string) {
  let query = db
    .selectFrom('participants as pa')
    .leftJoin('people as pe', 'pe.id', 'pa.person_id')
    .leftJoin('units as u', 'u.id', 'pe.unit_id')
    .leftJoin('units as r', 'r.id', 'pe.region_id')
    .select([
      'pa.id', 'pa.survey_id', 'pa.person_id', 'pa.invited_at', 'pa.reminders_sent', 'pa.opted_out_on', 'pa.bounced_at',
      'pe.name', 'pe.email', 'pe.phone', 'pe.unit_id', 'pe.region_id', 'u.name as unit_name', 'r.name as region_name',
    ])
    // A completion in an anonymous survey still waiting to be applied (invitations/completions.ts) counts, as of today.
    .select(sql<string | null>`coalesce(pa.completed_on, CASE WHEN EXISTS (SELECT 1 FROM pending_completions pc WHERE pc.participant_id = pa.id) THEN current_date END)`.as('completed_on'))
    .where('pa.survey_id', '=', surveyId);
  if (participantId) query = query.where('pa.id', '=', participantId);
  return query.orderBy('pe.name').orderBy('pa.id').execute();
}

/** Every contact event of a survey's participants (or of one), oldest first. */
export async function listContactEvents(db: Db, surveyId: string, participantId?: string) {
  let query = db
    .selectFrom('contact_events as c')
    .innerJoin('participants as pa', 'pa.id', 'c.participant_id')
    .leftJoin('users as us', 'us.id', 'c.recorded_by')
    .select(['c.id', 'c.participant_id', 'c.kind', 'c.reason', 'c.note', 'c.occurred_on', 'c.created_at', 'us.name as recorded_by_name'])
    .where('pa.survey_id', '=', surveyId);
  if (participantId) query = query.where('c.participant_id', '=', participantId);
  return query.orderBy('c.occurred_on').orderBy('c.created_at').execute();
}

/** Fieldwork already done before the log was kept (the demo's pilot): when completed and how often reminded. */
export async function setPastFieldwork(db: Db, participantId: string, values: { completedOn: string | null; remindersSent: number; lastRemindedAt: Date | null }): Promise<void> {
  await db
    .updateTable('participants')
    .set({ completed_on: values.completedOn, reminders_sent: values.remindersSent, last_reminded_at: values.lastRemindedAt })
    .where('id', '=', participantId)
    .execute();
}

/** Participants added straight from directory entries, invited on one day (the demo's fallback). */
export async function insertParticipants(db: Db, rows: { evaluationId: string; surveyId: string; personId: string; tokenHash: string; invitedAt: Date }[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('participants')
    .values(rows.map((r) => ({ evaluation_id: r.evaluationId, survey_id: r.surveyId, person_id: r.personId, token_hash: r.tokenHash, invited_at: r.invitedAt })))
    .execute();
}
