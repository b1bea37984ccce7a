import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { endNotBeforeStart, optionalDate, optionalText, requiredText } from '../../shared-schemas.ts';
import { listMembers } from '../service.ts';
import { moved, nextPosition, setPositions, type Direction } from './ordering.ts';
import { requireLinks } from './ownership.ts';
import { isUuid, optionalId, requiredId } from './schemas.ts';
import { getStage } from './stages.ts';
import { changeReason, snapshotLabels, statusesNeedingReason, taskChanges, taskStatuses, taskStatusLabels, type TaskChanges, type TaskSnapshot, type TaskStatus } from './task-changes.ts';
import * as store from './tasks-store.ts';
import { inTransaction } from '../../../db/transaction.ts';

export interface Task {
  id: string;
  stageId: string;
  stageName: string;
  title: string;
  status: TaskStatus;
  statusLabel: string;
  startsOn: string | null;
  endsOn: string | null;
  /** A team member who owns the task, or null. */
  ownerUserId: string | null;
  /** Someone outside the team named in free text, when no team member owns it. */
  ownerName: string;
  /** The owner as shown: the member's name or the free text; '' for nobody. */
  owner: string;
  note: string;
}

export interface TaskChangeEntry {
  id: number;
  at: Date;
  by: string;
  kind: 'created' | 'changed';
  changes: { field: string; label: string; from: string | null; to: string | null }[];
  reason: string;
}

const stageMessage = 'Choose the stage the task belongs to';
const ownerMessage = 'Choose a member of the team, or type a name';

function statusNeedsReason(value: { status: TaskStatus; note: string }, ctx: z.RefinementCtx) {
  if (statusesNeedingReason.includes(value.status) && value.note === '') {
    const verb = value.status === 'cancelled' ? 'cancelled' : 'deferred';
    ctx.addIssue({ code: 'custom', path: ['note'], message: `Enter why the task was ${verb}, for example "${verb} at the funder's request"` });
  }
}

function oneOwner(value: { ownerUserId: string | null; ownerName: string }, ctx: z.RefinementCtx) {
  if (value.ownerUserId && value.ownerName) ctx.addIssue({ code: 'custom', path: ['ownerName'], message: 'Choose a team member or type a name, not both' });
}

export const taskInput = z
  .object({
    stageId: requiredId(stageMessage),
    title: requiredText('The task', 300),
    status: z.enum(taskStatuses, { error: 'Choose the status of the task' }).default('planned'),
    startsOn: optionalDate('Start date'),
    endsOn: optionalDate('End date'),
    ownerUserId: optionalId(ownerMessage),
    ownerName: optionalText('Owner', 200),
    note: optionalText('Note or reason', 2000),
    changeReason: optionalText('Why the change was made', 1000),
  })
  .superRefine(endNotBeforeStart)
  .superRefine(statusNeedsReason)
  .superRefine(oneOwner);
export type TaskInput = z.input<typeof taskInput>;

type TaskRow = NonNullable<Awaited<ReturnType<typeof store.findTask>>>;

function toTask(row: TaskRow): Task {
  const status = row.status as TaskStatus;
  return {
    id: row.id,
    stageId: row.stage_id,
    stageName: row.stage_name,
    title: row.title,
    status,
    statusLabel: taskStatusLabels[status],
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name,
    owner: row.owner_user_name ?? row.owner_name,
    note: row.note,
  };
}

const snapshot = (task: Task): TaskSnapshot => ({
  stage: task.stageName,
  title: task.title,
  status: task.status,
  startsOn: task.startsOn,
  endsOn: task.endsOn,
  owner: task.owner || null,
  note: task.note,
});

export async function listTasks(db: Db, evaluationId: string): Promise<Task[]> {
  return (await store.listTasks(db, evaluationId)).map(toTask);
}

export async function getTask(db: Db, evaluationId: string, taskId: string): Promise<Task> {
  const row = isUuid(taskId) ? await store.findTask(db, evaluationId, taskId) : undefined;
  if (!row) throw notFound('Task');
  return toTask(row);
}

/** The stage and owner named must be this evaluation's own. */
async function checkLinks(trx: Db, evaluationId: string, data: z.infer<typeof taskInput>): Promise<void> {
  await requireLinks(trx, 'protocol_stages', evaluationId, [data.stageId], 'stageId', stageMessage);
  if (data.ownerUserId && !(await listMembers(trx, evaluationId)).some((m) => m.userId === data.ownerUserId)) {
    throw badRequest(ownerMessage, [{ field: 'ownerUserId', message: 'Choose a member of this evaluation’s team, or type a name' }]);
  }
}

const taskColumns = (data: z.infer<typeof taskInput>) => ({
  stage_id: data.stageId,
  title: data.title,
  status: data.status,
  starts_on: data.startsOn,
  ends_on: data.endsOn,
  owner_user_id: data.ownerUserId,
  owner_name: data.ownerUserId ? '' : data.ownerName,
  note: data.note,
});

async function recordChange(trx: Db, actorId: string | null, task: Task, kind: 'created' | 'changed', changes: TaskChanges, reason: string) {
  await store.insertTaskChange(trx, { task_id: task.id, changed_by: actorId, kind, changes: JSON.stringify(changes), reason });
}

export async function addTask(db: Db, actorId: string | null, evaluationId: string, input: TaskInput): Promise<Task> {
  const data = taskInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkLinks(trx, evaluationId, data);
    const position = await nextPosition(trx, 'protocol_tasks', evaluationId, { stageId: data.stageId });
    const { id } = await store.insertTask(trx, { evaluation_id: evaluationId, ...taskColumns(data), position });
    const task = await getTask(trx, evaluationId, id);
    await recordChange(trx, actorId, task, 'created', taskChanges(null, snapshot(task)), data.changeReason);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'task', entityId: id, detail: { title: task.title, status: task.status } });
    return task;
  });
}

/** Changes a task and records what changed, who changed it and why, in the same transaction. */
export async function updateTask(db: Db, actorId: string | null, evaluationId: string, taskId: string, input: TaskInput): Promise<Task> {
  const data = taskInput.parse(input);
  return inTransaction(db, async (trx) => {
    if (!(await store.lockTask(trx, evaluationId, taskId))) throw notFound('Task');
    const before = await getTask(trx, evaluationId, taskId);
    await checkLinks(trx, evaluationId, data);
    const movesStage = data.stageId !== before.stageId;
    const position = movesStage ? await nextPosition(trx, 'protocol_tasks', evaluationId, { stageId: data.stageId }) : undefined;
    await store.updateTask(trx, evaluationId, taskId, { ...taskColumns(data), ...(position ? { position } : {}), updated_at: new Date() });
    const after = await getTask(trx, evaluationId, taskId);
    const changes = taskChanges(snapshot(before), snapshot(after));
    if (Object.keys(changes).length === 0) return after;
    const reason = changeReason(changes, snapshot(after), data.changeReason);
    await recordChange(trx, actorId, after, 'changed', changes, reason);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'task', entityId: taskId, detail: { ...changes, ...(reason ? { reason } : {}) } });
    return after;
  });
}

export async function moveTask(db: Db, evaluationId: string, taskId: string, direction: Direction): Promise<void> {
  await inTransaction(db, async (trx) => {
    const task = await getTask(trx, evaluationId, taskId);
    const ids = (await listTasks(trx, evaluationId)).filter((t) => t.stageId === task.stageId).map((t) => t.id);
    await setPositions(trx, 'protocol_tasks', evaluationId, moved(ids, taskId, direction));
  });
}

const fieldOrder = Object.keys(snapshotLabels) as (keyof TaskSnapshot)[];

/** A recorded value as people read it: statuses by their label. */
function shown(field: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return field === 'status' ? (taskStatusLabels[value as TaskStatus] ?? value) : value;
}

export async function taskHistory(db: Db, evaluationId: string, taskId: string): Promise<TaskChangeEntry[]> {
  await getTask(db, evaluationId, taskId);
  return (await store.listTaskChanges(db, taskId)).map((row) => ({
    id: row.id,
    at: row.changed_at,
    by: row.user_name ?? 'Formative',
    kind: row.kind === 'created' ? 'created' : 'changed',
    // jsonb keeps keys in its own order; show them in the order of the task's fields.
    changes: fieldOrder
      .filter((field) => field in row.changes)
      .map((field) => ({ field, label: snapshotLabels[field], from: shown(field, row.changes[field]!.from), to: shown(field, row.changes[field]!.to) })),
    reason: row.reason,
  }));
}

/** The tasks of one stage, for pages that list a stage with its work. */
export async function tasksOfStage(db: Db, evaluationId: string, stageId: string): Promise<Task[]> {
  await getStage(db, evaluationId, stageId);
  return (await listTasks(db, evaluationId)).filter((t) => t.stageId === stageId);
}
