import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ProtocolStagesTable, ProtocolTasksTable, TaskChangesTable } from '../../../db/tables.ts';

/** SQL for stages, tasks and the history of changes to tasks. */

export function listStages(db: Db, evaluationId: string) {
  return db
    .selectFrom('protocol_stages as s')
    .leftJoin('phases as p', 'p.id', 's.phase_id')
    .selectAll('s')
    .select('p.name as phase_name')
    .where('s.evaluation_id', '=', evaluationId)
    .orderBy('s.position')
    .orderBy('s.name')
    .execute();
}

export function insertStage(db: Db, values: Insertable<ProtocolStagesTable>) {
  return db.insertInto('protocol_stages').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateStage(db: Db, evaluationId: string, id: string, values: Updateable<ProtocolStagesTable>) {
  return db.updateTable('protocol_stages').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deleteStage(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('protocol_stages').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export async function countTasksInStage(db: Db, stageId: string): Promise<number> {
  const row = await db.selectFrom('protocol_tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('stage_id', '=', stageId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function selectTasks(db: Db, evaluationId: string) {
  return db
    .selectFrom('protocol_tasks as t')
    .innerJoin('protocol_stages as s', 's.id', 't.stage_id')
    .leftJoin('users as u', 'u.id', 't.owner_user_id')
    .selectAll('t')
    .select(['s.name as stage_name', 'u.name as owner_user_name'])
    .where('t.evaluation_id', '=', evaluationId);
}

/** Tasks in stage order, then in their order within the stage. */
export function listTasks(db: Db, evaluationId: string) {
  return selectTasks(db, evaluationId).orderBy('s.position').orderBy('s.name').orderBy('t.position').orderBy('t.created_at').execute();
}

export function findTask(db: Db, evaluationId: string, id: string) {
  return selectTasks(db, evaluationId).where('t.id', '=', id).executeTakeFirst();
}

/** Locks the task's row, so two people changing it at once are recorded one after the other. */
export function lockTask(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('protocol_tasks').select('id').where('evaluation_id', '=', evaluationId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertTask(db: Db, values: Insertable<ProtocolTasksTable>) {
  return db.insertInto('protocol_tasks').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateTask(db: Db, evaluationId: string, id: string, values: Updateable<ProtocolTasksTable>) {
  return db.updateTable('protocol_tasks').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function insertTaskChange(db: Db, values: Insertable<TaskChangesTable>) {
  return db.insertInto('task_changes').values(values).execute();
}

export function listTaskChanges(db: Db, taskId: string) {
  return db
    .selectFrom('task_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .selectAll('c')
    .select('u.name as user_name')
    .where('c.task_id', '=', taskId)
    .orderBy('c.id')
    .execute();
}
