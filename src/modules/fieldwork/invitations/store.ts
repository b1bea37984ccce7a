import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { MailTemplatesTable } from '../../../db/tables-invitations.ts';

/** The participants' and templates' SQL. Mail jobs live in ../mail/queue-store.ts. */

export function findTemplate(db: Db, surveyId: string, kind: string) {
  return db.selectFrom('mail_templates').select(['subject', 'body']).where('survey_id', '=', surveyId).where('kind', '=', kind).executeTakeFirst();
}

export async function upsertTemplate(db: Db, values: Insertable<MailTemplatesTable>): Promise<void> {
  await db
    .insertInto('mail_templates')
    .values(values)
    .onConflict((c) => c.columns(['survey_id', 'kind']).doUpdateSet({ subject: values.subject, body: values.body, updated_by: values.updated_by ?? null, updated_at: sql`now()` }))
    .execute();
}

export interface NewParticipant {
  id: string;
  evaluation_id: string;
  survey_id: string;
  person_id: string;
  sample_id: string | null;
  token_hash: string;
}

/** Adds participants; a person already invited to the survey is left as they are. The ids added. */
export async function insertParticipants(db: Db, rows: NewParticipant[]): Promise<string[]> {
  const added: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await db
      .insertInto('participants')
      .values(rows.slice(i, i + 1000))
      .onConflict((c) => c.columns(['survey_id', 'person_id']).doNothing())
      .returning('id')
      .execute();
    added.push(...inserted.map((r) => r.id));
  }
  return added;
}

/** Directory entries of the evaluation among `personIds`, not merged into another. */
export function peopleOfEvaluation(db: Db, evaluationId: string, personIds: readonly string[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db.selectFrom('people').select(['id', 'merged_into_id']).where('evaluation_id', '=', evaluationId).where('id', 'in', personIds).execute();
}

export interface ParticipantRow {
  id: string;
  person_id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  invited_at: Date | null;
  reminders_sent: number;
  last_reminded_at: Date | null;
  completed_on: string | null;
  opted_out_on: string | null;
  bounced_at: Date | null;
  response_id: string | null;
  mail_status: string | null;
  /** Completed in an anonymous survey, and not yet copied to completed_on (see completions.ts). */
  completion_pending: boolean;
}

export function listParticipants(db: Db, surveyId: string): Promise<ParticipantRow[]> {
  return db
    .selectFrom('participants as p')
    .leftJoin('people as pe', 'pe.id', 'p.person_id')
    .select([
      'p.id', 'p.person_id', 'pe.name', 'pe.email', 'pe.phone', 'p.invited_at', 'p.reminders_sent', 'p.last_reminded_at',
      'p.completed_on', 'p.opted_out_on', 'p.bounced_at', 'p.response_id',
    ])
    .select(sql<boolean>`EXISTS (SELECT 1 FROM pending_completions pc WHERE pc.participant_id = p.id)`.as('completion_pending'))
    // The state of the participant's latest message, for the list.
    .select((eb) =>
      eb.selectFrom('mail_jobs as j').select('j.status').whereRef('j.participant_id', '=', 'p.id').orderBy('j.created_at', 'desc').orderBy('j.round', 'desc').limit(1).as('mail_status'),
    )
    .where('p.survey_id', '=', surveyId)
    .orderBy('pe.name')
    .orderBy('p.id')
    .execute();
}

export function findByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('participants').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function markCompleted(db: Db, participantId: string, day: string): Promise<void> {
  await db.updateTable('participants').set({ completed_on: day }).where('id', '=', participantId).where('completed_on', 'is', null).execute();
}

/** Notes that a participant of an anonymous survey completed, to be applied later in a group (see completions.ts). */
export async function insertPendingCompletion(db: Db, participantId: string): Promise<void> {
  await sql`INSERT INTO pending_completions (participant_id, survey_id)
    SELECT id, survey_id FROM participants WHERE id = ${participantId} AND completed_on IS NULL
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function surveysWithPendingCompletions(db: Db): Promise<string[]> {
  return (await db.selectFrom('pending_completions').select('survey_id').distinct().execute()).map((r) => r.survey_id);
}

/** The survey's waiting completions, locked for this transaction; none that another is applying. */
export async function lockPendingCompletions(db: Db, surveyId: string): Promise<string[]> {
  const result = await sql<{ participant_id: string }>`SELECT participant_id FROM pending_completions WHERE survey_id = ${surveyId} FOR UPDATE SKIP LOCKED`.execute(db);
  return result.rows.map((r) => r.participant_id);
}

export async function completedParticipantIds(db: Db, surveyId: string): Promise<string[]> {
  return (await db.selectFrom('participants').select('id').where('survey_id', '=', surveyId).where('completed_on', 'is not', null).execute()).map((r) => r.id);
}

/** Copies one waiting completion to its participant, or (`touch`) rewrites a completed participant unchanged. */
export async function applyCompletion(db: Db, participantId: string, day: string, touch: boolean): Promise<void> {
  await db
    .updateTable('participants')
    .set(touch ? { completed_on: sql`completed_on` } : { completed_on: sql`coalesce(completed_on, ${day}::date)` })
    .where('id', '=', participantId)
    .execute();
}

export async function deletePendingCompletions(db: Db, participantIds: readonly string[]): Promise<void> {
  if (participantIds.length) await db.deleteFrom('pending_completions').where('participant_id', 'in', participantIds).execute();
}

export async function setResponse(db: Db, participantId: string, responseId: string): Promise<void> {
  await db.updateTable('participants').set({ response_id: responseId }).where('id', '=', participantId).execute();
}

export async function setOptedOut(db: Db, participantId: string, day: string | null): Promise<void> {
  await db.updateTable('participants').set({ opted_out_on: day }).where('id', '=', participantId).execute();
}

export interface Recipient {
  participant_id: string;
  name: string;
  email: string;
  reminders_sent: number;
}

/** Participants with a usable address who have had no invitation yet. */
export function invitationRecipients(db: Db, surveyId: string): Promise<Recipient[]> {
  return db
    .selectFrom('participants as p')
    .innerJoin('people as pe', 'pe.id', 'p.person_id')
    .select(['p.id as participant_id', 'pe.name', 'pe.email', 'p.reminders_sent'])
    .where('p.survey_id', '=', surveyId)
    .where('p.invited_at', 'is', null)
    .where('p.opted_out_on', 'is', null)
    .where('p.bounced_at', 'is', null)
    .where('p.completed_on', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('pending_completions as pc').select('pc.participant_id').whereRef('pc.participant_id', '=', 'p.id'))))
    .where('pe.email', 'is not', null)
    .where('pe.email_bounced_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mail_jobs as j').select('j.id').whereRef('j.participant_id', '=', 'p.id').where('j.kind', '=', 'invitation'))))
    .orderBy('p.id')
    .execute() as Promise<Recipient[]>;
}

/**
 * Participants to remind: invited at least `before` (and not reminded since), not completed, not
 * opted out, not bounced, with a usable address.
 */
export function reminderRecipients(db: Db, surveyId: string, before: Date): Promise<Recipient[]> {
  return db
    .selectFrom('participants as p')
    .innerJoin('people as pe', 'pe.id', 'p.person_id')
    .select(['p.id as participant_id', 'pe.name', 'pe.email', 'p.reminders_sent'])
    .where('p.survey_id', '=', surveyId)
    .where('p.invited_at', '<=', before)
    .where((eb) => eb.or([eb('p.last_reminded_at', 'is', null), eb('p.last_reminded_at', '<=', before)]))
    .where('p.completed_on', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('pending_completions as pc').select('pc.participant_id').whereRef('pc.participant_id', '=', 'p.id'))))
    .where('p.opted_out_on', 'is', null)
    .where('p.bounced_at', 'is', null)
    .where('pe.email', 'is not', null)
    .where('pe.email_bounced_at', 'is', null)
    .orderBy('p.id')
    .execute() as Promise<Recipient[]>;
}

/** Records a bounce for an address: on the directory entries with it and their participants in this evaluation. */
export async function recordBounce(db: Db, evaluationId: string, email: string, at: Date): Promise<number> {
  const people = await db
    .updateTable('people')
    .set({ email_bounced_at: at })
    .where('evaluation_id', '=', evaluationId)
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .returning('id')
    .execute();
  if (!people.length) return 0;
  const participants = await db
    .updateTable('participants')
    .set({ bounced_at: at })
    .where('evaluation_id', '=', evaluationId)
    .where('person_id', 'in', people.map((p) => p.id))
    .where('bounced_at', 'is', null)
    .returning('id')
    .execute();
  return participants.length;
}

/** Directory entries not yet participants of the survey, matching `q` in name or e-mail, for the add page. */
export function candidates(db: Db, evaluationId: string, surveyId: string, q: string, limit: number) {
  let query = db
    .selectFrom('people as pe')
    .select(['pe.id', 'pe.name', 'pe.email', 'pe.job_title'])
    .where('pe.evaluation_id', '=', evaluationId)
    .where('pe.merged_into_id', 'is', null)
    .where('pe.left_on', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('participants as p').select('p.id').whereRef('p.person_id', '=', 'pe.id').where('p.survey_id', '=', surveyId))));
  const term = q.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('pe.name', 'ilike', like), eb('pe.email', 'ilike', like)]));
  }
  return query.orderBy('pe.name').orderBy('pe.id').limit(limit).execute();
}

/** Whether the sampling tables exist (the sampling module brings them). */
async function samplingExists(db: Db): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`SELECT to_regclass('sample_members') IS NOT NULL AS present`.execute(db);
  return rows[0]?.present === true;
}

export async function listSamples(db: Db, evaluationId: string): Promise<{ id: string; name: string; purpose: string; size: number }[]> {
  if (!(await samplingExists(db))) return [];
  const { rows } = await sql<{ id: string; name: string; purpose: string; size: number }>`
    SELECT s.id, s.name, s.purpose, (SELECT count(*) FROM sample_members m WHERE m.sample_id = s.id)::integer AS size
    FROM samples s WHERE s.evaluation_id = ${evaluationId} ORDER BY s.drawn_at, s.name`.execute(db);
  return rows;
}

/** The directory entries drawn in a sample of this evaluation; undefined when there is no such sample. */
export async function sampleMembers(db: Db, evaluationId: string, sampleId: string): Promise<string[] | undefined> {
  if (!(await samplingExists(db))) return undefined;
  const { rows: found } = await sql<{ id: string }>`SELECT id FROM samples WHERE id = ${sampleId} AND evaluation_id = ${evaluationId}`.execute(db);
  if (!found.length) return undefined;
  const { rows } = await sql<{ person_id: string }>`
    SELECT person_id FROM sample_members WHERE sample_id = ${sampleId} AND person_id IS NOT NULL ORDER BY frame_position`.execute(db);
  return rows.map((r) => r.person_id);
}

export async function surveyEvaluation(db: Db, surveyId: string): Promise<string | undefined> {
  const row = await db.selectFrom('surveys').select('evaluation_id').where('id', '=', surveyId).executeTakeFirst();
  return row?.evaluation_id;
}

/** Records fieldwork done before Formative held it (the demo's 2006 pilot): when people were invited and which day they completed. */
export async function recordPastFieldwork(db: Db, participantId: string, values: { invitedAt: Date; completedOn: string | null }): Promise<void> {
  await db.updateTable('participants').set({ invited_at: values.invitedAt, completed_on: values.completedOn }).where('id', '=', participantId).execute();
}
