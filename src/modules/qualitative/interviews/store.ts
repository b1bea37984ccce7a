import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { InterviewsTable, QdaParticipantsTable } from '../../../db/tables.ts';

/** SQL for role categories, participants with their attributes, and interviews. */

export function listRoleCategories(db: Db, evaluationId: string) {
  return db.selectFrom('qda_role_categories').selectAll().where('evaluation_id', '=', evaluationId).orderBy('position').orderBy('created_at').execute();
}

export function insertRoleCategories(db: Db, evaluationId: string, names: string[], firstPosition: number) {
  return db
    .insertInto('qda_role_categories')
    .values(names.map((name, i) => ({ evaluation_id: evaluationId, name, position: firstPosition + i })))
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .execute();
}

export function updateRoleCategory(db: Db, evaluationId: string, id: string, name: string) {
  return db.updateTable('qda_role_categories').set({ name }).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteRoleCategory(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('qda_role_categories').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

/** Renames a category on every participant that holds it. */
export function renameParticipantsRole(db: Db, evaluationId: string, from: string, to: string) {
  return db.updateTable('qda_participants').set({ role_category: to }).where('evaluation_id', '=', evaluationId).where('role_category', '=', from).execute();
}

export async function countParticipantsWithRole(db: Db, evaluationId: string, role: string): Promise<number> {
  const row = await db
    .selectFrom('qda_participants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('evaluation_id', '=', evaluationId)
    .where('role_category', '=', role)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ParticipantFilter {
  id?: string | undefined;
  /** Part of the label, ignoring case. */
  search?: string | undefined;
  role?: string | undefined;
  external?: boolean | undefined;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listParticipants(db: Db, evaluationId: string, filter: ParticipantFilter = {}) {
  let query = db
    .selectFrom('qda_participants')
    .selectAll('qda_participants')
    .select((eb) => eb.selectFrom('interviews').whereRef('interviews.participant_id', '=', 'qda_participants.id').select((e) => e.fn.countAll<number>().as('n')).as('interviews'))
    .where('qda_participants.evaluation_id', '=', evaluationId);
  if (filter.id) query = query.where('qda_participants.id', '=', filter.id);
  if (filter.search) query = query.where(sql<string>`lower(qda_participants.label)`, 'like', likePattern(filter.search));
  if (filter.role) query = query.where('qda_participants.role_category', '=', filter.role);
  if (filter.external !== undefined) query = query.where('qda_participants.external', '=', filter.external);
  return query.orderBy(sql`lower(qda_participants.label)`).execute();
}

export function findParticipant(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('qda_participants').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
}

export async function labelTaken(db: Db, evaluationId: string, label: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('qda_participants').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(label)`, '=', label.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

export function insertParticipant(db: Db, values: Insertable<QdaParticipantsTable>) {
  return db.insertInto('qda_participants').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateParticipant(db: Db, evaluationId: string, id: string, values: Updateable<QdaParticipantsTable>) {
  return db.updateTable('qda_participants').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deleteParticipant(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('qda_participants').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function listAttributes(db: Db, participantIds: string[]) {
  if (!participantIds.length) return Promise.resolve([]);
  return db.selectFrom('qda_participant_attributes').selectAll().where('participant_id', 'in', participantIds).orderBy('name').execute();
}

export async function replaceAttributes(db: Db, participantId: string, attributes: { name: string; value: string }[]): Promise<void> {
  await db.deleteFrom('qda_participant_attributes').where('participant_id', '=', participantId).execute();
  if (attributes.length) {
    await db.insertInto('qda_participant_attributes').values(attributes.map((a) => ({ participant_id: participantId, name: a.name, value: a.value }))).execute();
  }
}

export interface InterviewFilter {
  status?: string | undefined;
  mode?: string | undefined;
  waveId?: string | undefined;
  role?: string | undefined;
  participantId?: string | undefined;
}

function interviewsWithNames(db: Db, evaluationId: string) {
  return db
    .selectFrom('interviews')
    .innerJoin('qda_participants', 'qda_participants.id', 'interviews.participant_id')
    .leftJoin('interview_schedule_versions', 'interview_schedule_versions.id', 'interviews.schedule_version_id')
    .selectAll('interviews')
    .select([
      'qda_participants.label as participant_label',
      'qda_participants.role_category',
      'interview_schedule_versions.schedule_id',
      'interview_schedule_versions.title as schedule_title',
      'interview_schedule_versions.number as schedule_version',
    ])
    .select((eb) => eb.selectFrom('qda_sources').whereRef('qda_sources.interview_id', '=', 'interviews.id').select((e) => e.fn.countAll<number>().as('n')).as('transcripts'))
    .where('interviews.evaluation_id', '=', evaluationId);
}

export function listInterviews(db: Db, evaluationId: string, filter: InterviewFilter = {}) {
  let query = interviewsWithNames(db, evaluationId);
  if (filter.status) query = query.where('interviews.status', '=', filter.status);
  if (filter.mode) query = query.where('interviews.mode', '=', filter.mode);
  if (filter.waveId) query = query.where('interviews.wave_id', '=', filter.waveId);
  if (filter.role) query = query.where('qda_participants.role_category', '=', filter.role);
  if (filter.participantId) query = query.where('interviews.participant_id', '=', filter.participantId);
  return query.orderBy('interviews.held_on', (ob) => ob.asc().nullsLast()).orderBy(sql`lower(qda_participants.label)`).execute();
}

export function findInterview(db: Db, evaluationId: string, id: string) {
  return interviewsWithNames(db, evaluationId).where('interviews.id', '=', id).executeTakeFirst();
}

export function insertInterview(db: Db, values: Insertable<InterviewsTable>) {
  return db.insertInto('interviews').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateInterview(db: Db, evaluationId: string, id: string, values: Updateable<InterviewsTable>) {
  return db.updateTable('interviews').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deleteInterview(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('interviews').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}
