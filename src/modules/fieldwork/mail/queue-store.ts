import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { MailJobsTable } from '../../../db/tables-invitations.ts';
import { inTransaction } from '../../../db/transaction.ts';

/** The mail queue's SQL: a row per message, claimed by workers with FOR UPDATE SKIP LOCKED. */

/** Queues messages; one already queued for the same participant, kind and round is left alone. The number queued. */
export async function insertJobs(db: Db, rows: Insertable<MailJobsTable>[]): Promise<number> {
  let queued = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insertInto('mail_jobs')
      .values(rows.slice(i, i + 500))
      .onConflict((c) => c.columns(['participant_id', 'kind', 'round']).doNothing())
      .returning('id')
      .execute();
    queued += inserted.length;
  }
  return queued;
}

export interface ClaimedJob {
  id: string;
  participant_id: string;
  kind: string;
  round: number;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
}

/** Messages sent, or being sent, in the minute before `now`: what the rate limit counts. */
export async function recentlySent(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 60_000);
  const row = await db
    .selectFrom('mail_jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('sent_at', '>', since), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '>', since)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Claims up to `limit` due messages: queued ones whose time has come, and ones left 'sending' since
 * before `stuckBefore` by a worker that stopped mid-send. Rows another worker holds are skipped,
 * so two workers never take the same message. One statement: on the embedded database, which has
 * one connection, there is no other transaction to wait for.
 */
export async function claimJobs(db: Db, now: Date, stuckBefore: Date, limit: number): Promise<ClaimedJob[]> {
  if (limit <= 0) return [];
  const { rows } = await sql<ClaimedJob>`
    UPDATE mail_jobs SET status = 'sending', claimed_at = ${now}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM mail_jobs
      WHERE (status = 'queued' AND next_attempt_at <= ${now}) OR (status = 'sending' AND claimed_at < ${stuckBefore})
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, participant_id, kind, round, to_address, subject, body, attempts`.execute(db);
  return rows;
}

/**
 * Records messages the SMTP server accepted (status 'sent') or, with no server set, kept for the
 * outbox ('outbox'), and what that means for their participants: invited, or reminded once more.
 */
export async function markDelivered(db: Db, ids: readonly string[], status: 'sent' | 'outbox', now: Date): Promise<void> {
  if (!ids.length) return;
  await inTransaction(db, async (trx) => {
    const done = await trx
      .updateTable('mail_jobs')
      .set({ status, sent_at: status === 'sent' ? now : null, last_error: null })
      .where('id', 'in', [...ids])
      .where('status', '=', 'sending')
      .returning(['participant_id', 'kind'])
      .execute();
    const invited = done.filter((d) => d.kind === 'invitation').map((d) => d.participant_id);
    const reminded = done.filter((d) => d.kind === 'reminder').map((d) => d.participant_id);
    if (invited.length) {
      await trx.updateTable('participants').set({ invited_at: sql`coalesce(invited_at, ${now})` }).where('id', 'in', invited).execute();
    }
    if (reminded.length) {
      await trx.updateTable('participants').set({ reminders_sent: sql`reminders_sent + 1`, last_reminded_at: now }).where('id', 'in', reminded).execute();
    }
  });
}

/** Puts a message back in the queue to try again at `at`. */
export async function retryLater(db: Db, id: string, error: string, at: Date): Promise<void> {
  await db.updateTable('mail_jobs').set({ status: 'queued', last_error: error, next_attempt_at: at, claimed_at: null }).where('id', '=', id).where('status', '=', 'sending').execute();
}

/** A permanent rejection of the address: the message failed, and the participant and directory entry are marked bounced. */
export async function markBounced(db: Db, id: string, error: string, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const job = await trx.updateTable('mail_jobs').set({ status: 'failed', last_error: error }).where('id', '=', id).where('status', '=', 'sending').returning('participant_id').executeTakeFirst();
    if (!job) return;
    const participant = await trx.updateTable('participants').set({ bounced_at: now }).where('id', '=', job.participant_id).returning('person_id').executeTakeFirst();
    if (participant?.person_id) await trx.updateTable('people').set({ email_bounced_at: now }).where('id', '=', participant.person_id).execute();
  });
}

export function listOutbox(db: Db, surveyId: string, limit: number, offset: number) {
  return db
    .selectFrom('mail_jobs')
    .select(['id', 'participant_id', 'kind', 'round', 'to_address', 'subject', 'body', 'status', 'created_at'])
    .where('survey_id', '=', surveyId)
    .where('status', '=', 'outbox')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function statusCounts(db: Db, surveyId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('mail_jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
