import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { optionalText, requiredText } from '../../shared-schemas.ts';
import { requireLinks } from './ownership.ts';
import { idList, requiredDate } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';
import * as store from './variations-store.ts';

/** A change to the contract: what it added, what it removed, and the tasks it touched. */
export interface Variation {
  id: string;
  agreedOn: string;
  reference: string;
  description: string;
  added: string;
  removed: string;
  tasks: { id: string; title: string }[];
}

const tasksMessage = 'Choose tasks of this evaluation';

export const variationInput = z.object({
  agreedOn: requiredDate('The date it was agreed'),
  reference: optionalText('Reference', 100),
  description: requiredText('A description of the variation', 5000),
  added: optionalText('What it added', 5000),
  removed: optionalText('What it removed', 5000),
  taskIds: idList(tasksMessage),
});
export type VariationInput = z.input<typeof variationInput>;

export async function listVariations(db: Db, evaluationId: string): Promise<Variation[]> {
  const links = await store.listVariationTasks(db, evaluationId);
  return (await store.listVariations(db, evaluationId)).map((row) => ({
    id: row.id,
    agreedOn: row.agreed_on,
    reference: row.reference,
    description: row.description,
    added: row.added,
    removed: row.removed,
    tasks: links.filter((l) => l.variation_id === row.id).map((l) => ({ id: l.task_id, title: l.title })),
  }));
}

export async function getVariation(db: Db, evaluationId: string, variationId: string): Promise<Variation> {
  const variation = (await listVariations(db, evaluationId)).find((v) => v.id === variationId);
  if (!variation) throw notFound('Contract variation');
  return variation;
}

const variationColumns = (data: z.infer<typeof variationInput>) => ({
  agreed_on: data.agreedOn,
  reference: data.reference,
  description: data.description,
  added: data.added,
  removed: data.removed,
});

export async function addVariation(db: Db, actorId: string | null, evaluationId: string, input: VariationInput): Promise<Variation> {
  const data = variationInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    await requireLinks(trx, 'protocol_tasks', evaluationId, data.taskIds, 'taskIds', tasksMessage);
    const row = await store.insertVariation(trx, { evaluation_id: evaluationId, ...variationColumns(data) });
    await store.setVariationTasks(trx, row.id, data.taskIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'contract-variation', entityId: row.id, detail: { agreedOn: data.agreedOn, reference: data.reference } });
    return row.id;
  });
  return getVariation(db, evaluationId, id);
}

export async function updateVariation(db: Db, actorId: string | null, evaluationId: string, variationId: string, input: VariationInput): Promise<Variation> {
  const data = variationInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getVariation(trx, evaluationId, variationId);
    await requireLinks(trx, 'protocol_tasks', evaluationId, data.taskIds, 'taskIds', tasksMessage);
    await store.updateVariation(trx, evaluationId, variationId, variationColumns(data));
    await store.setVariationTasks(trx, variationId, data.taskIds);
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'update',
      entity: 'contract-variation',
      entityId: variationId,
      detail: { from: { ...variationColumns({ ...before, taskIds: [] }), taskIds: before.tasks.map((t) => t.id) }, to: { ...variationColumns(data), taskIds: data.taskIds } },
    });
  });
  return getVariation(db, evaluationId, variationId);
}

export async function deleteVariation(db: Db, actorId: string | null, evaluationId: string, variationId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const variation = await getVariation(trx, evaluationId, variationId);
    await store.deleteVariation(trx, evaluationId, variationId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'contract-variation', entityId: variationId, detail: { agreedOn: variation.agreedOn, reference: variation.reference } });
  });
}
