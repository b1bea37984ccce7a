import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { requiredText } from '../../shared-schemas.ts';
import { listMembers } from '../service.ts';
import { byMonthAndWeek, type MonthGroup } from './calendar.ts';
import { requireLinks } from './ownership.ts';
import * as store from './plan-store.ts';
import { idList, optionalId, requiredDate } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';

/** One line of the week-by-week plan: what is done that week, by whom, towards which task. */
export interface PlanEntry {
  id: string;
  weekStarting: string;
  activity: string;
  taskId: string | null;
  taskTitle: string | null;
  owners: { userId: string | null; name: string }[];
}

const taskMessage = 'Choose one of the tasks of this evaluation, or none';
const ownersMessage = 'Choose members of this evaluation’s team';

/** Names typed in one box, separated by commas, semicolons or new lines; or a JSON list. */
const otherNames = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[,;\n]/)).map((name) => name.trim()).filter((name) => name !== ''))
  .pipe(z.array(z.string().max(200, 'Each name must be 200 characters or fewer')));

export const planEntryInput = z.object({
  weekStarting: requiredDate('The week starting date'),
  activity: requiredText('The activity', 1000),
  taskId: optionalId(taskMessage),
  ownerUserIds: idList(ownersMessage),
  otherOwners: otherNames,
});
export type PlanEntryInput = z.input<typeof planEntryInput>;

export async function listPlan(db: Db, evaluationId: string): Promise<PlanEntry[]> {
  const owners = await store.listOwners(db, evaluationId);
  return (await store.listEntries(db, evaluationId)).map((row) => ({
    id: row.id,
    weekStarting: row.week_starting,
    activity: row.activity,
    taskId: row.task_id,
    taskTitle: row.task_title,
    owners: owners.filter((o) => o.entry_id === row.id).map((o) => ({ userId: o.user_id, name: o.user_name ?? o.name })),
  }));
}

/** The plan as the timeline shows it: by month, then week. */
export async function planTimeline(db: Db, evaluationId: string): Promise<MonthGroup<PlanEntry>[]> {
  return byMonthAndWeek(await listPlan(db, evaluationId));
}

export async function getPlanEntry(db: Db, evaluationId: string, entryId: string): Promise<PlanEntry> {
  const entry = (await listPlan(db, evaluationId)).find((e) => e.id === entryId);
  if (!entry) throw notFound('Plan entry');
  return entry;
}

/** Team members first, by the name they have now; then the others as typed. */
async function resolveOwners(trx: Db, evaluationId: string, data: z.infer<typeof planEntryInput>) {
  const members = new Map((await listMembers(trx, evaluationId)).map((m) => [m.userId, m.name]));
  if (data.ownerUserIds.some((id) => !members.has(id))) throw badRequest(ownersMessage, [{ field: 'ownerUserIds', message: ownersMessage }]);
  return [...data.ownerUserIds.map((userId) => ({ userId, name: members.get(userId)! })), ...data.otherOwners.map((name) => ({ userId: null, name }))];
}

async function save(trx: Db, evaluationId: string, entryId: string | null, data: z.infer<typeof planEntryInput>): Promise<string> {
  if (data.taskId) await requireLinks(trx, 'protocol_tasks', evaluationId, [data.taskId], 'taskId', taskMessage);
  const owners = await resolveOwners(trx, evaluationId, data);
  const columns = { week_starting: data.weekStarting, activity: data.activity, task_id: data.taskId };
  const id = entryId ?? (await store.insertEntry(trx, { evaluation_id: evaluationId, ...columns })).id;
  if (entryId) await store.updateEntry(trx, evaluationId, entryId, columns);
  await store.setOwners(trx, id, owners);
  return id;
}

export async function addPlanEntry(db: Db, actorId: string | null, evaluationId: string, input: PlanEntryInput): Promise<PlanEntry> {
  const data = planEntryInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    const entryId = await save(trx, evaluationId, null, data);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'plan-entry', entityId: entryId, detail: { weekStarting: data.weekStarting, activity: data.activity } });
    return entryId;
  });
  return getPlanEntry(db, evaluationId, id);
}

export async function updatePlanEntry(db: Db, actorId: string | null, evaluationId: string, entryId: string, input: PlanEntryInput): Promise<PlanEntry> {
  const data = planEntryInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getPlanEntry(trx, evaluationId, entryId);
    await save(trx, evaluationId, entryId, data);
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'update',
      entity: 'plan-entry',
      entityId: entryId,
      detail: { weekStarting: { from: before.weekStarting, to: data.weekStarting }, activity: { from: before.activity, to: data.activity } },
    });
  });
  return getPlanEntry(db, evaluationId, entryId);
}

export async function deletePlanEntry(db: Db, actorId: string | null, evaluationId: string, entryId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const entry = await getPlanEntry(trx, evaluationId, entryId);
    await store.deleteEntry(trx, evaluationId, entryId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'plan-entry', entityId: entryId, detail: { weekStarting: entry.weekStarting, activity: entry.activity } });
  });
}
