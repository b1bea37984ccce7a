import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * What the privacy module may ask of fieldwork about one person: their survey participations with
 * contact history and mail, erasing those on withdrawal, and retiring personal links and queued
 * mail when retention ends. Callers hold the transaction; nothing here audits on its own.
 */

export interface SurveyParticipation {
  id: string;
  surveyId: string;
  surveyTitle: string;
  anonymity: string;
  invitedAt: Date | null;
  remindersSent: number;
  completedOn: string | null;
  optedOutOn: string | null;
  /** The response, only in confidential and identified surveys. */
  responseId: string | null;
  contacts: { kind: string; reason: string | null; note: string; occurredOn: string }[];
  mail: { kind: string; round: number; toAddress: string; subject: string; status: string; sentAt: Date | null }[];
}

export async function participationsOfPerson(db: Db, evaluationId: string, personId: string): Promise<SurveyParticipation[]> {
  const rows = await db
    .selectFrom('participants as p')
    .innerJoin('surveys as s', 's.id', 'p.survey_id')
    .select(['p.id', 'p.survey_id', 's.title', 's.anonymity', 'p.invited_at', 'p.reminders_sent', 'p.completed_on', 'p.opted_out_on', 'p.response_id'])
    .where('p.evaluation_id', '=', evaluationId)
    .where('p.person_id', '=', personId)
    .orderBy('p.created_at')
    .execute();
  const result: SurveyParticipation[] = [];
  for (const row of rows) {
    const contacts = await db.selectFrom('contact_events').select(['kind', 'reason', 'note', 'occurred_on']).where('participant_id', '=', row.id).orderBy('occurred_on').execute();
    const mail = await db.selectFrom('mail_jobs').select(['kind', 'round', 'to_address', 'subject', 'status', 'sent_at']).where('participant_id', '=', row.id).orderBy('round').execute();
    result.push({
      id: row.id,
      surveyId: row.survey_id,
      surveyTitle: row.title,
      anonymity: row.anonymity,
      invitedAt: row.invited_at,
      remindersSent: row.reminders_sent,
      completedOn: row.completed_on,
      optedOutOn: row.opted_out_on,
      responseId: row.anonymity === 'anonymous' ? null : row.response_id,
      contacts: contacts.map((c) => ({ kind: c.kind, reason: c.reason, note: c.note, occurredOn: c.occurred_on })),
      mail: mail.map((m) => ({ kind: m.kind, round: m.round, toAddress: m.to_address, subject: m.subject, status: m.status, sentAt: m.sent_at })),
    });
  }
  return result;
}

/**
 * Detaches a withdrawn person from their survey participations: their mail is deleted, notes in
 * the contact log are blanked, and the participation no longer names them. The participation row
 * itself stays, so response rates still count the invitation. Returns the ids of the responses the
 * participations led to (confidential and identified surveys only) for the surveys module to erase.
 */
export async function detachParticipations(db: Db, evaluationId: string, personId: string): Promise<{ counts: Record<string, number>; responseIds: string[]; participationIds: string[] }> {
  const rows = await db
    .selectFrom('participants as p')
    .innerJoin('surveys as s', 's.id', 'p.survey_id')
    .select(['p.id', 'p.response_id', 's.anonymity'])
    .where('p.evaluation_id', '=', evaluationId)
    .where('p.person_id', '=', personId)
    .execute();
  const ids = rows.map((r) => r.id);
  // An anonymous survey's participation never leads to a response; the check keeps it so.
  const responseIds = rows.filter((r) => r.anonymity !== 'anonymous' && r.response_id).map((r) => r.response_id!);
  const counts = { surveyParticipations: ids.length, mailMessages: 0, contactNotes: 0 };
  if (ids.length) {
    counts.mailMessages = Number((await db.deleteFrom('mail_jobs').where('participant_id', 'in', ids).executeTakeFirst()).numDeletedRows);
    counts.contactNotes = Number((await db.updateTable('contact_events').set({ note: '' }).where('participant_id', 'in', ids).where('note', '<>', '').executeTakeFirst()).numUpdatedRows);
    await db.updateTable('participants').set({ person_id: null }).where('id', 'in', ids).execute();
  }
  return { counts, responseIds, participationIds: rows.filter((r) => r.anonymity !== 'anonymous').map((r) => r.id) };
}

/**
 * Personal data fieldwork keeps only while fieldwork runs: the personal links (their digests are
 * replaced so no link works again), queued and sent mail (addresses and bodies), and notes in the
 * contact log. Counts what would go; removes it only when `apply` is set.
 */
export async function retainFieldwork(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  const count = async (query: { executeTakeFirst(): Promise<{ n: string | number | bigint } | undefined> }) => Number((await query.executeTakeFirst())?.n ?? 0);
  const counts = {
    personalLinks: await count(db.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId).where('token_hash', 'not like', 'retired:%')),
    mailMessages: await count(db.selectFrom('mail_jobs').select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId)),
    contactNotes: await count(db.selectFrom('contact_events').select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId).where('note', '<>', '')),
  };
  if (apply) {
    // A digest that no secret can produce: the personal link stops working, the row (and the
    // response rate it counts towards) stays.
    await db
      .updateTable('participants')
      .set({ token_hash: sql<string>`'retired:' || id::text` })
      .where('evaluation_id', '=', evaluationId)
      .where('token_hash', 'not like', 'retired:%')
      .execute();
    await db.deleteFrom('mail_jobs').where('evaluation_id', '=', evaluationId).execute();
    await db.updateTable('contact_events').set({ note: '' }).where('evaluation_id', '=', evaluationId).where('note', '<>', '').execute();
  }
  return counts;
}
