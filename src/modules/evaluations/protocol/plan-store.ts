import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { WorkPlanEntriesTable } from '../../../db/tables.ts';

/** SQL for the week-by-week plan and the owners of each entry. */

export function listEntries(db: Db, evaluationId: string) {
  return db
    .selectFrom('work_plan_entries as e')
    .leftJoin('protocol_tasks as t', 't.id', 'e.task_id')
    .selectAll('e')
    .select('t.title as task_title')
    .where('e.evaluation_id', '=', evaluationId)
    .orderBy('e.week_starting')
    .orderBy('e.created_at')
    .execute();
}

/** Owners with the current name of those who are team members. */
export function listOwners(db: Db, evaluationId: string) {
  return db
    .selectFrom('work_plan_owners as o')
    .innerJoin('work_plan_entries as e', 'e.id', 'o.entry_id')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.entry_id', 'o.user_id', 'o.name', 'u.name as user_name'])
    .where('e.evaluation_id', '=', evaluationId)
    .orderBy('o.entry_id')
    .orderBy('o.position')
    .execute();
}

export function insertEntry(db: Db, values: Insertable<WorkPlanEntriesTable>) {
  return db.insertInto('work_plan_entries').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateEntry(db: Db, evaluationId: string, id: string, values: Updateable<WorkPlanEntriesTable>) {
  return db.updateTable('work_plan_entries').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deleteEntry(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('work_plan_entries').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export async function setOwners(db: Db, entryId: string, owners: { userId: string | null; name: string }[]): Promise<void> {
  await db.deleteFrom('work_plan_owners').where('entry_id', '=', entryId).execute();
  if (owners.length) {
    await db
      .insertInto('work_plan_owners')
      .values(owners.map((o, index) => ({ entry_id: entryId, position: index + 1, user_id: o.userId, name: o.name })))
      .execute();
  }
}
