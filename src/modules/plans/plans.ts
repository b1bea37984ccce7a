import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { listUnits } from '../organisation/service.ts';
import { deliverableStatuses, normalisePlanYear, normaliseTheme, planKinds, splitList } from './plan-rows.ts';

/** Plans, their workstreams and deliverables as the pages and the API show and change them. */

export const planKindLabels: Record<string, string> = { 'business-plan': 'Business plan', 'management-plan': 'Headline management plan' };
export const statusLabels: Record<string, string> = { planned: 'Planned', ongoing: 'Ongoing', done: 'Done', dropped: 'Dropped' };

export interface PlanListItem {
  id: string;
  title: string;
  kind: string;
  planYear: string;
  directorateId: string | null;
  directorateName: string | null;
  /** The register entry holding the plan document, when it has been added. */
  documentId: string | null;
  documentTitle: string | null;
  workstreams: number;
  deliverables: number;
}

export interface DeliverableView {
  id: string;
  workstreamId: string;
  text: string;
  status: string;
  themes: string[];
  planYear: string;
  programmes: { id: string; name: string }[];
  methods: { id: string; name: string }[];
}

export interface WorkstreamView {
  id: string;
  planId: string;
  title: string;
  directorateId: string | null;
  directorateName: string | null;
  deliverables: DeliverableView[];
}

export interface PlanDetail extends PlanListItem {
  workstreamList: WorkstreamView[];
}

const uuid = z.string().uuid();

export async function listPlans(db: Db, evaluationId: string, planYear?: string): Promise<PlanListItem[]> {
  let query = db
    .selectFrom('plans')
    .leftJoin('units', 'units.id', 'plans.directorate_id')
    .leftJoin('documents', 'documents.id', 'plans.document_id')
    .select(['plans.id', 'plans.title', 'plans.kind', 'plans.plan_year', 'plans.directorate_id', 'units.name as directorate_name', 'plans.document_id', 'documents.title as document_title'])
    .select((eb) => [
      eb.selectFrom('workstreams').whereRef('workstreams.plan_id', '=', 'plans.id').select(eb.fn.countAll<number>().as('n')).as('workstreams'),
      eb
        .selectFrom('deliverables')
        .innerJoin('workstreams', 'workstreams.id', 'deliverables.workstream_id')
        .whereRef('workstreams.plan_id', '=', 'plans.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('deliverables'),
    ])
    .where('plans.evaluation_id', '=', evaluationId);
  if (planYear) query = query.where('plans.plan_year', '=', planYear);
  const rows = await query.orderBy('plans.plan_year').orderBy('plans.kind').orderBy('plans.title').execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    planYear: r.plan_year,
    directorateId: r.directorate_id,
    directorateName: r.directorate_name,
    documentId: r.document_id,
    documentTitle: r.document_title,
    workstreams: Number(r.workstreams ?? 0),
    deliverables: Number(r.deliverables ?? 0),
  }));
}

async function findPlanRow(db: Db, evaluationId: string, planId: string) {
  if (!uuid.safeParse(planId).success) return undefined;
  return db
    .selectFrom('plans')
    .leftJoin('units', 'units.id', 'plans.directorate_id')
    .leftJoin('documents', 'documents.id', 'plans.document_id')
    .select(['plans.id', 'plans.title', 'plans.kind', 'plans.plan_year', 'plans.directorate_id', 'units.name as directorate_name', 'plans.document_id', 'documents.title as document_title'])
    .where('plans.evaluation_id', '=', evaluationId)
    .where('plans.id', '=', planId)
    .executeTakeFirst();
}

/** Deliverables with their programmes and methods, for the given workstreams. */
async function deliverablesOf(db: Db, workstreamIds: string[]): Promise<DeliverableView[]> {
  if (!workstreamIds.length) return [];
  const rows = await db.selectFrom('deliverables').selectAll().where('workstream_id', 'in', workstreamIds).orderBy('position').execute();
  const ids = rows.map((r) => r.id);
  const programmes = ids.length
    ? await db.selectFrom('deliverable_programmes').innerJoin('units', 'units.id', 'deliverable_programmes.unit_id').select(['deliverable_programmes.deliverable_id', 'units.id', 'units.name']).where('deliverable_programmes.deliverable_id', 'in', ids).orderBy('units.kind').orderBy('units.position').execute()
    : [];
  const methods = ids.length
    ? await db.selectFrom('improvement_method_deliverables').innerJoin('improvement_methods', 'improvement_methods.id', 'improvement_method_deliverables.method_id').select(['improvement_method_deliverables.deliverable_id', 'improvement_methods.id', 'improvement_methods.name']).where('improvement_method_deliverables.deliverable_id', 'in', ids).orderBy('improvement_methods.name').execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    workstreamId: r.workstream_id,
    text: r.text,
    status: r.status,
    themes: r.themes,
    planYear: r.plan_year,
    programmes: programmes.filter((p) => p.deliverable_id === r.id).map((p) => ({ id: p.id, name: p.name })),
    methods: methods.filter((m) => m.deliverable_id === r.id).map((m) => ({ id: m.id, name: m.name })),
  }));
}

export async function getPlan(db: Db, evaluationId: string, planId: string): Promise<PlanDetail> {
  const row = await findPlanRow(db, evaluationId, planId);
  if (!row) throw notFound('Plan');
  const workstreams = await db
    .selectFrom('workstreams')
    .leftJoin('units', 'units.id', 'workstreams.directorate_id')
    .select(['workstreams.id', 'workstreams.plan_id', 'workstreams.title', 'workstreams.directorate_id', 'units.name as directorate_name'])
    .where('workstreams.plan_id', '=', row.id)
    .orderBy('workstreams.position')
    .execute();
  const deliverables = await deliverablesOf(db, workstreams.map((w) => w.id));
  const workstreamList = workstreams.map((w) => ({
    id: w.id,
    planId: w.plan_id,
    title: w.title,
    directorateId: w.directorate_id,
    directorateName: w.directorate_name,
    deliverables: deliverables.filter((d) => d.workstreamId === w.id),
  }));
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    planYear: row.plan_year,
    directorateId: row.directorate_id,
    directorateName: row.directorate_name,
    documentId: row.document_id,
    documentTitle: row.document_title,
    workstreams: workstreamList.length,
    deliverables: deliverables.length,
    workstreamList,
  };
}

const optionalUnit = z.union([z.literal('').transform(() => null), uuid], { error: "Choose one of the organisation's units" }).nullish().transform((v) => v ?? null);
const planYear = z.string({ error: 'Enter the plan year, like 2005/06' }).transform((text, ctx) => {
  const year = normalisePlanYear(text);
  if (!year) {
    ctx.addIssue({ code: 'custom', message: 'Enter the plan year, like 2005/06' });
    return z.NEVER;
  }
  return year;
});

export const planInput = z.object({
  title: z.string({ error: 'Enter the plan title' }).trim().min(1, 'Enter the plan title').max(300, 'The title must be 300 characters or fewer'),
  kind: z.enum(planKinds, { error: 'Choose the kind of plan' }),
  planYear,
  directorateId: optionalUnit,
  documentId: z.union([z.literal('').transform(() => null), uuid], { error: 'Choose one of the documents in the register' }).nullish().transform((v) => v ?? null),
});

export const workstreamInput = z.object({
  title: z.string({ error: 'Enter the workstream title' }).trim().min(1, 'Enter the workstream title').max(300, 'The title must be 300 characters or fewer'),
  directorateId: optionalUnit,
});

const idList = z.union([z.string(), z.array(z.string())]).optional().transform((v) => [...new Set([v ?? []].flat().filter((s) => s !== ''))]);

export const deliverableInput = z.object({
  text: z.string({ error: 'Enter the deliverable' }).trim().min(1, 'Enter the deliverable').max(4000, 'The deliverable must be 4,000 characters or fewer'),
  status: z.enum(deliverableStatuses, { error: 'Choose the status' }),
  themes: z.union([z.string(), z.array(z.string())]).optional().transform((v) => [...new Set((Array.isArray(v) ? v : splitList((v ?? '').replace(/\r?\n/g, ';'))).map(normaliseTheme).filter(Boolean))]),
  programmeIds: idList,
  methodIds: idList,
});

async function checkDocument(db: Db, evaluationId: string, documentId: string | null): Promise<void> {
  if (!documentId) return;
  const found = await db.selectFrom('documents').select('id').where('evaluation_id', '=', evaluationId).where('id', '=', documentId).executeTakeFirst();
  if (!found) throw badRequest('The document is not in this evaluation', [{ field: 'documentId', message: 'Choose one of the documents in the register' }]);
}

async function checkUnits(db: Db, evaluationId: string, ids: (string | null)[], field: string): Promise<void> {
  const known = new Set((await listUnits(db, evaluationId)).map((u) => u.id));
  if (ids.some((id) => id !== null && !known.has(id))) throw badRequest("The unit is not one of this evaluation's", [{ field, message: "Choose one of the organisation's units" }]);
}

export async function createPlan(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof planInput>): Promise<PlanDetail> {
  const data = planInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkUnits(trx, evaluationId, [data.directorateId], 'directorateId');
    await checkDocument(trx, evaluationId, data.documentId);
    const taken = await trx.selectFrom('plans').select('id').where('evaluation_id', '=', evaluationId).where('plan_year', '=', data.planYear).where((eb) => eb(eb.fn('lower', ['title']), '=', data.title.toLowerCase())).executeTakeFirst();
    if (taken) throw badRequest('A plan with this title already exists for that year', [{ field: 'title', message: `There is already a plan called "${data.title}" for ${data.planYear}` }]);
    const row = await trx.insertInto('plans').values({ evaluation_id: evaluationId, title: data.title, kind: data.kind, plan_year: data.planYear, directorate_id: data.directorateId, document_id: data.documentId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'plan', entityId: row.id, detail: { title: data.title, planYear: data.planYear } });
    return getPlan(trx, evaluationId, row.id);
  });
}

export async function updatePlan(db: Db, actorId: string | null, evaluationId: string, planId: string, input: z.input<typeof planInput>): Promise<PlanDetail> {
  const data = planInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getPlan(trx, evaluationId, planId);
    await checkUnits(trx, evaluationId, [data.directorateId], 'directorateId');
    await checkDocument(trx, evaluationId, data.documentId);
    try {
      await trx.updateTable('plans').set({ title: data.title, kind: data.kind, plan_year: data.planYear, directorate_id: data.directorateId, document_id: data.documentId }).where('id', '=', before.id).execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw badRequest('A plan with this title already exists for that year', [{ field: 'title', message: `There is already a plan called "${data.title}" for ${data.planYear}` }]);
      throw error;
    }
    // A plan's deliverables belong to its year.
    if (data.planYear !== before.planYear) {
      await trx.updateTable('deliverables').set({ plan_year: data.planYear }).where('workstream_id', 'in', (eb) => eb.selectFrom('workstreams').select('id').where('plan_id', '=', before.id)).execute();
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'plan', entityId: planId, detail: { title: data.title, planYear: data.planYear } });
    return getPlan(trx, evaluationId, planId);
  });
}

export async function deletePlan(db: Db, actorId: string | null, evaluationId: string, planId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const plan = await getPlan(trx, evaluationId, planId);
    await trx.deleteFrom('plans').where('id', '=', plan.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'plan', entityId: planId, detail: { title: plan.title, deliverables: plan.deliverables } });
  });
}

async function findWorkstream(db: Db, evaluationId: string, workstreamId: string) {
  if (!uuid.safeParse(workstreamId).success) throw notFound('Workstream');
  const row = await db
    .selectFrom('workstreams')
    .innerJoin('plans', 'plans.id', 'workstreams.plan_id')
    .select(['workstreams.id', 'workstreams.plan_id', 'workstreams.title', 'workstreams.directorate_id', 'workstreams.position', 'plans.plan_year'])
    .where('plans.evaluation_id', '=', evaluationId)
    .where('workstreams.id', '=', workstreamId)
    .executeTakeFirst();
  if (!row) throw notFound('Workstream');
  return row;
}

export async function getWorkstream(db: Db, evaluationId: string, workstreamId: string) {
  const w = await findWorkstream(db, evaluationId, workstreamId);
  return { id: w.id, planId: w.plan_id, title: w.title, directorateId: w.directorate_id, planYear: w.plan_year };
}

export async function addWorkstream(db: Db, actorId: string | null, evaluationId: string, planId: string, input: z.input<typeof workstreamInput>) {
  const data = workstreamInput.parse(input);
  return inTransaction(db, async (trx) => {
    const plan = await getPlan(trx, evaluationId, planId);
    await checkUnits(trx, evaluationId, [data.directorateId], 'directorateId');
    if (plan.workstreamList.some((w) => w.title.toLowerCase() === data.title.toLowerCase())) throw badRequest('The plan already has this workstream', [{ field: 'title', message: `The plan already has a workstream called "${data.title}"` }]);
    const row = await trx.insertInto('workstreams').values({ plan_id: plan.id, title: data.title, directorate_id: data.directorateId, position: plan.workstreams + 1 }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'workstream', entityId: row.id, detail: { title: data.title } });
    return getWorkstream(trx, evaluationId, row.id);
  });
}

export async function updateWorkstream(db: Db, actorId: string | null, evaluationId: string, workstreamId: string, input: z.input<typeof workstreamInput>) {
  const data = workstreamInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await findWorkstream(trx, evaluationId, workstreamId);
    await checkUnits(trx, evaluationId, [data.directorateId], 'directorateId');
    try {
      await trx.updateTable('workstreams').set({ title: data.title, directorate_id: data.directorateId }).where('id', '=', before.id).execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw badRequest('The plan already has this workstream', [{ field: 'title', message: `The plan already has a workstream called "${data.title}"` }]);
      throw error;
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'workstream', entityId: before.id, detail: { title: data.title } });
    return getWorkstream(trx, evaluationId, before.id);
  });
}

export async function getDeliverable(db: Db, evaluationId: string, deliverableId: string): Promise<DeliverableView & { planId: string; workstreamTitle: string }> {
  if (!uuid.safeParse(deliverableId).success) throw notFound('Deliverable');
  const row = await db
    .selectFrom('deliverables')
    .innerJoin('workstreams', 'workstreams.id', 'deliverables.workstream_id')
    .select(['deliverables.workstream_id', 'workstreams.plan_id', 'workstreams.title'])
    .where('deliverables.evaluation_id', '=', evaluationId)
    .where('deliverables.id', '=', deliverableId)
    .executeTakeFirst();
  if (!row) throw notFound('Deliverable');
  const [view] = (await deliverablesOf(db, [row.workstream_id])).filter((d) => d.id === deliverableId);
  return { ...view!, planId: row.plan_id, workstreamTitle: row.title };
}

async function setDeliverableLinks(trx: Db, evaluationId: string, deliverableId: string, data: z.infer<typeof deliverableInput>): Promise<void> {
  await checkUnits(trx, evaluationId, data.programmeIds, 'programmeIds');
  if (data.methodIds.length) {
    const known = await trx.selectFrom('improvement_methods').select('id').where('evaluation_id', '=', evaluationId).where('id', 'in', data.methodIds.filter((id) => uuid.safeParse(id).success)).execute();
    if (known.length !== data.methodIds.length) throw badRequest('The improvement method is not in this evaluation', [{ field: 'methodIds', message: "Choose from this evaluation's improvement methods" }]);
  }
  await trx.deleteFrom('deliverable_programmes').where('deliverable_id', '=', deliverableId).execute();
  if (data.programmeIds.length) await trx.insertInto('deliverable_programmes').values(data.programmeIds.map((unit_id) => ({ deliverable_id: deliverableId, unit_id }))).execute();
  await trx.deleteFrom('improvement_method_deliverables').where('deliverable_id', '=', deliverableId).execute();
  if (data.methodIds.length) await trx.insertInto('improvement_method_deliverables').values(data.methodIds.map((method_id) => ({ method_id, deliverable_id: deliverableId }))).execute();
}

export async function addDeliverable(db: Db, actorId: string | null, evaluationId: string, workstreamId: string, input: z.input<typeof deliverableInput>) {
  const data = deliverableInput.parse(input);
  return inTransaction(db, async (trx) => {
    const workstream = await findWorkstream(trx, evaluationId, workstreamId);
    const last = await trx.selectFrom('deliverables').select((eb) => eb.fn.max('position').as('max')).where('workstream_id', '=', workstream.id).executeTakeFirst();
    const row = await trx
      .insertInto('deliverables')
      .values({ evaluation_id: evaluationId, workstream_id: workstream.id, text: data.text, status: data.status, themes: data.themes, plan_year: workstream.plan_year, position: Number(last?.max ?? 0) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setDeliverableLinks(trx, evaluationId, row.id, data);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'deliverable', entityId: row.id, detail: { status: data.status } });
    return getDeliverable(trx, evaluationId, row.id);
  });
}

export async function updateDeliverable(db: Db, actorId: string | null, evaluationId: string, deliverableId: string, input: z.input<typeof deliverableInput>) {
  const data = deliverableInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getDeliverable(trx, evaluationId, deliverableId);
    await trx.updateTable('deliverables').set({ text: data.text, status: data.status, themes: data.themes }).where('id', '=', before.id).execute();
    await setDeliverableLinks(trx, evaluationId, before.id, data);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'deliverable', entityId: before.id, detail: { status: { from: before.status, to: data.status } } });
    return getDeliverable(trx, evaluationId, before.id);
  });
}

export async function deleteDeliverable(db: Db, actorId: string | null, evaluationId: string, deliverableId: string): Promise<string> {
  return inTransaction(db, async (trx) => {
    const before = await getDeliverable(trx, evaluationId, deliverableId);
    await trx.deleteFrom('deliverables').where('id', '=', before.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'deliverable', entityId: before.id, detail: {} });
    return before.planId;
  });
}

