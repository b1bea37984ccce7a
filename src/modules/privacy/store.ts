import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ConsentRecordsTable, WithdrawalsTable } from '../../db/tables-privacy.ts';

/** SQL for consent records, withdrawals and retention policies. */

export function listConsents(db: Db, evaluationId: string, filter: { qdaParticipantIds?: string[]; personId?: string; id?: string } = {}) {
  let query = db
    .selectFrom('consent_records as c')
    .leftJoin('qda_participants as q', 'q.id', 'c.qda_participant_id')
    .leftJoin('people as p', 'p.id', 'c.person_id')
    .leftJoin('study_document_versions as v', 'v.id', 'c.form_version_id')
    .leftJoin('users as u', 'u.id', 'c.recorded_by')
    .selectAll('c')
    .select(['q.label as participant_label', 'p.name as person_name', 'v.title as form_title', 'v.number as form_number', 'u.name as recorder_name'])
    .where('c.evaluation_id', '=', evaluationId);
  if (filter.id) query = query.where('c.id', '=', filter.id);
  if (filter.personId) query = query.where('c.person_id', '=', filter.personId);
  if (filter.qdaParticipantIds) query = filter.qdaParticipantIds.length ? query.where('c.qda_participant_id', 'in', filter.qdaParticipantIds) : query.where('c.id', 'is', null);
  return query.orderBy('c.given_on', 'desc').orderBy('c.created_at', 'desc').execute();
}

export async function insertConsent(db: Db, values: Insertable<ConsentRecordsTable>): Promise<string> {
  return (await db.insertInto('consent_records').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Marks a subject's consent records withdrawn on a day; records given later than that day are left. */
export async function markConsentsWithdrawn(db: Db, evaluationId: string, subject: { qdaParticipantIds: string[]; personId: string | null }, on: string): Promise<number> {
  const result = await db
    .updateTable('consent_records')
    .set({ withdrawn_on: on })
    .where('evaluation_id', '=', evaluationId)
    .where('withdrawn_on', 'is', null)
    .where('given_on', '<=', on)
    .where((eb) => {
      const parts = [];
      if (subject.qdaParticipantIds.length) parts.push(eb('qda_participant_id', 'in', subject.qdaParticipantIds));
      if (subject.personId) parts.push(eb('person_id', '=', subject.personId));
      return parts.length ? eb.or(parts) : eb.val(false);
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function nextWithdrawalNumber(db: Db, evaluationId: string): Promise<number> {
  const row = await db.selectFrom('withdrawals').select((eb) => eb.fn.max('number').as('n')).where('evaluation_id', '=', evaluationId).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export async function insertWithdrawal(db: Db, values: Insertable<WithdrawalsTable>): Promise<string> {
  return (await db.insertInto('withdrawals').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export function listWithdrawals(db: Db, evaluationId: string, filter: { id?: string; personId?: string; qdaParticipantIds?: string[] } = {}) {
  let query = db.selectFrom('withdrawals as w').leftJoin('users as u', 'u.id', 'w.recorded_by').selectAll('w').select('u.name as recorder_name').where('w.evaluation_id', '=', evaluationId);
  if (filter.id) query = query.where('w.id', '=', filter.id);
  if (filter.personId || filter.qdaParticipantIds) {
    query = query.where((eb) => {
      const parts = [];
      if (filter.personId) parts.push(eb('w.person_id', '=', filter.personId));
      if (filter.qdaParticipantIds?.length) parts.push(eb('w.qda_participant_id', 'in', filter.qdaParticipantIds));
      return parts.length ? eb.or(parts) : eb.val(false);
    });
  }
  return query.orderBy('w.number', 'desc').execute();
}

export function findRetentionPolicy(db: Db, evaluationId: string) {
  return db.selectFrom('retention_policies').selectAll().where('evaluation_id', '=', evaluationId).executeTakeFirst();
}

export async function saveRetentionPolicy(db: Db, evaluationId: string, values: { months_after_end: number | null; delete_on: string | null; updated_by: string | null }): Promise<void> {
  await db
    .insertInto('retention_policies')
    .values({ evaluation_id: evaluationId, ...values })
    .onConflict((oc) => oc.column('evaluation_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** Evaluations that have a retention policy, for the deletion job run over all of them. */
export async function evaluationsWithPolicies(db: Db): Promise<string[]> {
  return (await db.selectFrom('retention_policies').select('evaluation_id').execute()).map((r) => r.evaluation_id);
}
