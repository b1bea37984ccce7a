import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { conflict, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { requiredText } from '../../shared-schemas.ts';
import { moved, nextPosition, setPositions, type Direction } from './ordering.ts';
import { requireLinks } from './ownership.ts';
import { optionalId } from './schemas.ts';
import * as store from './tasks-store.ts';
import { inTransaction } from '../../../db/transaction.ts';

/** A stage of the work, like "Case studies"; optionally part of one of the evaluation's phases. */
export interface Stage {
  id: string;
  number: number;
  name: string;
  phaseId: string | null;
  phaseName: string | null;
}

const phaseMessage = 'Choose one of the phases of this evaluation, or none';

export const stageInput = z.object({
  name: requiredText('The name of the stage', 200),
  phaseId: optionalId(phaseMessage),
});
export type StageInput = z.input<typeof stageInput>;

export async function listStages(db: Db, evaluationId: string): Promise<Stage[]> {
  return (await store.listStages(db, evaluationId)).map((row, index) => ({
    id: row.id,
    number: index + 1,
    name: row.name,
    phaseId: row.phase_id,
    phaseName: row.phase_name,
  }));
}

export async function getStage(db: Db, evaluationId: string, stageId: string): Promise<Stage> {
  const stage = (await listStages(db, evaluationId)).find((s) => s.id === stageId);
  if (!stage) throw notFound('Stage');
  return stage;
}

export async function addStage(db: Db, actorId: string | null, evaluationId: string, input: StageInput): Promise<Stage> {
  const data = stageInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    if (data.phaseId) await requireLinks(trx, 'phases', evaluationId, [data.phaseId], 'phaseId', phaseMessage);
    const row = await store.insertStage(trx, { evaluation_id: evaluationId, name: data.name, phase_id: data.phaseId, position: await nextPosition(trx, 'protocol_stages', evaluationId) });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'stage', entityId: row.id, detail: { name: data.name } });
    return row.id;
  });
  return getStage(db, evaluationId, id);
}

export async function updateStage(db: Db, actorId: string | null, evaluationId: string, stageId: string, input: StageInput): Promise<Stage> {
  const data = stageInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getStage(trx, evaluationId, stageId);
    if (data.phaseId) await requireLinks(trx, 'phases', evaluationId, [data.phaseId], 'phaseId', phaseMessage);
    await store.updateStage(trx, evaluationId, stageId, { name: data.name, phase_id: data.phaseId });
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'update',
      entity: 'stage',
      entityId: stageId,
      detail: { name: { from: before.name, to: data.name }, phaseId: { from: before.phaseId, to: data.phaseId } },
    });
  });
  return getStage(db, evaluationId, stageId);
}

/** Deletes an empty stage; tasks are never deleted with it, since their history is part of the record. */
export async function deleteStage(db: Db, actorId: string | null, evaluationId: string, stageId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const stage = await getStage(trx, evaluationId, stageId);
    const tasks = await store.countTasksInStage(trx, stageId);
    if (tasks > 0) throw conflict(`The stage ${stage.name} cannot be deleted because ${tasks === 1 ? 'a task is' : `${tasks} tasks are`} in it. Move ${tasks === 1 ? 'it' : 'them'} to another stage first.`);
    await store.deleteStage(trx, evaluationId, stageId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'stage', entityId: stageId, detail: { name: stage.name } });
  });
}

export async function moveStage(db: Db, evaluationId: string, stageId: string, direction: Direction): Promise<void> {
  await inTransaction(db, async (trx) => {
    const ids = (await listStages(trx, evaluationId)).map((s) => s.id);
    if (!ids.includes(stageId)) throw notFound('Stage');
    await setPositions(trx, 'protocol_stages', evaluationId, moved(ids, stageId, direction));
  });
}
