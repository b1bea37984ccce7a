import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ContractVariationsTable } from '../../../db/tables.ts';

/** SQL for contract variations and the tasks each one touched. */

export function listVariations(db: Db, evaluationId: string) {
  return db.selectFrom('contract_variations').selectAll().where('evaluation_id', '=', evaluationId).orderBy('agreed_on').orderBy('created_at').execute();
}

export function listVariationTasks(db: Db, evaluationId: string) {
  return db
    .selectFrom('variation_tasks as vt')
    .innerJoin('protocol_tasks as t', 't.id', 'vt.task_id')
    .select(['vt.variation_id', 'vt.task_id', 't.title'])
    .where('t.evaluation_id', '=', evaluationId)
    .orderBy('t.title')
    .execute();
}

export function insertVariation(db: Db, values: Insertable<ContractVariationsTable>) {
  return db.insertInto('contract_variations').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateVariation(db: Db, evaluationId: string, id: string, values: Updateable<ContractVariationsTable>) {
  return db.updateTable('contract_variations').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deleteVariation(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('contract_variations').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export async function setVariationTasks(db: Db, variationId: string, taskIds: string[]): Promise<void> {
  await db.deleteFrom('variation_tasks').where('variation_id', '=', variationId).execute();
  if (taskIds.length) await db.insertInto('variation_tasks').values(taskIds.map((taskId) => ({ variation_id: variationId, task_id: taskId }))).execute();
}
