import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EvaluationsTable, PeriodsTable } from '../../db/tables.ts';

export type PeriodKind = 'phases' | 'waves';

const isUuid = (ref: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);

export function findEvaluation(db: Db, ref: string) {
  return db
    .selectFrom('evaluations')
    .selectAll()
    .where(isUuid(ref) ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
}

export function findEvaluationWithRole(db: Db, ref: string, userId: string) {
  return db
    .selectFrom('evaluations')
    .innerJoin('memberships', 'memberships.evaluation_id', 'evaluations.id')
    .select(['evaluations.id', 'evaluations.slug', 'evaluations.title', 'evaluations.archived_at', 'memberships.role'])
    .where(isUuid(ref) ? 'evaluations.id' : 'evaluations.slug', '=', ref)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
}

export function listEvaluationsForUser(db: Db, userId: string) {
  return db
    .selectFrom('evaluations')
    .innerJoin('memberships', 'memberships.evaluation_id', 'evaluations.id')
    .selectAll('evaluations')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .orderBy('evaluations.archived_at', (ob) => ob.desc().nullsFirst())
    .orderBy('evaluations.title')
    .execute();
}

export function listAllEvaluations(db: Db) {
  return db.selectFrom('evaluations').selectAll().orderBy('title').execute();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('evaluations').select('id').where('slug', '=', slug).executeTakeFirst());
}

export function insertEvaluation(db: Db, values: Insertable<EvaluationsTable>) {
  return db.insertInto('evaluations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateEvaluation(db: Db, id: string, values: Updateable<EvaluationsTable>) {
  return db.updateTable('evaluations').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function listPeriods(db: Db, kind: PeriodKind, evaluationId: string) {
  return db.selectFrom(kind).selectAll().where('evaluation_id', '=', evaluationId).orderBy('position').orderBy('starts_on').execute();
}

export function insertPeriod(db: Db, kind: PeriodKind, values: Insertable<PeriodsTable>) {
  return db.insertInto(kind).values(values).returningAll().executeTakeFirstOrThrow();
}

export function deletePeriod(db: Db, kind: PeriodKind, evaluationId: string, id: string) {
  return db.deleteFrom(kind).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function nextPeriodPosition(db: Db, kind: PeriodKind, evaluationId: string) {
  return db
    .selectFrom(kind)
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
    .where('evaluation_id', '=', evaluationId)
    .executeTakeFirstOrThrow();
}

export function listMembers(db: Db, evaluationId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role', 'memberships.created_at'])
    .where('memberships.evaluation_id', '=', evaluationId)
    .orderBy('users.name')
    .execute();
}

export function upsertMembership(db: Db, evaluationId: string, userId: string, role: string) {
  return db
    .insertInto('memberships')
    .values({ evaluation_id: evaluationId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['evaluation_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export function findMembership(db: Db, evaluationId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('evaluation_id', '=', evaluationId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export function deleteMembership(db: Db, evaluationId: string, userId: string) {
  return db.deleteFrom('memberships').where('evaluation_id', '=', evaluationId).where('user_id', '=', userId).execute();
}

export async function countLeads(db: Db, evaluationId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('evaluation_id', '=', evaluationId)
    .where('role', '=', 'lead')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
