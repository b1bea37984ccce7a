import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { segmentsForCode } from '../qualitative/service.ts';

/**
 * The organisation's catalogue of improvement methods, each linked to the deliverables that used
 * it and to the codes whose coded segments are evidence about it, so the evaluation can say which
 * methods were used where and with what result. Links to case-study projects will be added with the
 * case-study module.
 */

/** Common methods, described in our own words, that a team may add to the catalogue in one go. */
export const commonMethods: readonly { name: string; description: string }[] = [
  { name: 'Action learning', description: 'Small sets of peers meet regularly to work on real problems from their own work, questioning each other rather than giving advice, and act between meetings.' },
  { name: 'Appreciative inquiry', description: 'Starts from what already works well: people describe their best experiences, imagine what could be, and plan how to build on those strengths.' },
  { name: 'Lean thinking', description: 'Maps how work flows to the person served and removes the steps that add no value to them, such as waiting, rework and needless hand-offs.' },
  { name: 'Root cause analysis', description: 'Traces a problem or incident back through its contributing causes, for example by asking "why?" repeatedly, to fix the cause rather than the symptom.' },
  { name: 'Six sigma', description: 'Reduces variation in a process by measuring it, analysing the sources of defects and controlling the improved process, usually in define–measure–analyse–improve–control stages.' },
  { name: 'Statistical process control', description: 'Plots a measure over time with control limits to tell ordinary variation from special causes, so that changes are judged on evidence.' },
  { name: 'SWOT', description: 'Lists the strengths and weaknesses inside an organisation and the opportunities and threats outside it, as a starting point for planning.' },
];

export const methodInput = z.object({
  name: z.string({ error: 'Enter the name of the method' }).trim().min(1, 'Enter the name of the method').max(200, 'The name must be 200 characters or fewer'),
  description: z.string().trim().max(5000, 'The description must be 5,000 characters or fewer').default(''),
});

export interface MethodSummary {
  id: string;
  name: string;
  description: string;
  deliverables: number;
  done: number;
  dropped: number;
  codes: number;
  facilitating: number;
  inhibiting: number;
  codings: number;
}

const uuid = z.string().uuid();

export async function listMethods(db: Db, evaluationId: string): Promise<MethodSummary[]> {
  const rows = await sql<{ id: string; name: string; description: string; deliverables: number; done: number; dropped: number; codes: number; codings: number; facilitating: number; inhibiting: number }>`
    SELECT m.id, m.name, m.description,
      (SELECT count(*)::int FROM improvement_method_deliverables l WHERE l.method_id = m.id) AS deliverables,
      (SELECT count(*)::int FROM improvement_method_deliverables l JOIN deliverables d ON d.id = l.deliverable_id WHERE l.method_id = m.id AND d.status = 'done') AS done,
      (SELECT count(*)::int FROM improvement_method_deliverables l JOIN deliverables d ON d.id = l.deliverable_id WHERE l.method_id = m.id AND d.status = 'dropped') AS dropped,
      (SELECT count(*)::int FROM improvement_method_codes c WHERE c.method_id = m.id) AS codes,
      (SELECT count(*)::int FROM improvement_method_codes c JOIN qda_codings q ON q.code_id = c.code_id WHERE c.method_id = m.id) AS codings,
      (SELECT count(*)::int FROM improvement_method_codes c JOIN qda_codings q ON q.code_id = c.code_id WHERE c.method_id = m.id AND q.valence = 'facilitating') AS facilitating,
      (SELECT count(*)::int FROM improvement_method_codes c JOIN qda_codings q ON q.code_id = c.code_id WHERE c.method_id = m.id AND q.valence = 'inhibiting') AS inhibiting
    FROM improvement_methods m WHERE m.evaluation_id = ${evaluationId}
    ORDER BY lower(m.name)`.execute(db);
  return rows.rows;
}

export async function getMethod(db: Db, evaluationId: string, methodId: string) {
  const row = uuid.safeParse(methodId).success
    ? await db.selectFrom('improvement_methods').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', methodId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Improvement method');
  const deliverables = await db
    .selectFrom('improvement_method_deliverables as l')
    .innerJoin('deliverables as d', 'd.id', 'l.deliverable_id')
    .innerJoin('workstreams as w', 'w.id', 'd.workstream_id')
    .innerJoin('plans as p', 'p.id', 'w.plan_id')
    .select(['d.id', 'd.text', 'd.status', 'd.plan_year', 'w.title as workstream', 'p.id as plan_id', 'p.title as plan'])
    .where('l.method_id', '=', row.id)
    .orderBy('d.plan_year')
    .orderBy('p.title')
    .execute();
  const codes = await db
    .selectFrom('improvement_method_codes as c')
    .innerJoin('qda_codes as q', 'q.id', 'c.code_id')
    .select(['q.id', 'q.name'])
    .where('c.method_id', '=', row.id)
    .orderBy('q.name')
    .execute();
  const evidence = [];
  for (const code of codes) {
    for (const segment of await segmentsForCode(db, evaluationId, code.id)) evidence.push({ codeName: code.name, ...segment });
  }
  const byStatus: Record<string, number> = { planned: 0, ongoing: 0, done: 0, dropped: 0 };
  for (const d of deliverables) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  const byValence: Record<string, number> = { facilitating: 0, inhibiting: 0, mixed: 0, neutral: 0 };
  for (const e of evidence) byValence[e.valence] = (byValence[e.valence] ?? 0) + 1;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    deliverables: deliverables.map((d) => ({ id: d.id, text: d.text, status: d.status, planYear: d.plan_year, workstream: d.workstream, planId: d.plan_id, plan: d.plan })),
    codes: codes.map((c) => ({ id: c.id, name: c.name })),
    evidence,
    byStatus,
    byValence,
  };
}

function nameTaken(name: string) {
  return badRequest('An improvement method with this name already exists', [{ field: 'name', message: `There is already a method called "${name}"` }]);
}

export async function createMethod(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof methodInput>) {
  const data = methodInput.parse(input);
  return inTransaction(db, async (trx) => {
    const taken = await trx.selectFrom('improvement_methods').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(name)`, '=', data.name.toLowerCase()).executeTakeFirst();
    if (taken) throw nameTaken(data.name);
    const row = await trx.insertInto('improvement_methods').values({ evaluation_id: evaluationId, name: data.name, description: data.description }).returning(['id', 'name', 'description']).executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'improvement-method', entityId: row.id, detail: { name: row.name } });
    return row;
  });
}

/** Adds the common methods the catalogue does not have yet; returns how many were added. */
export async function addCommonMethods(db: Db, actorId: string | null, evaluationId: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    const have = new Set((await trx.selectFrom('improvement_methods').select('name').where('evaluation_id', '=', evaluationId).execute()).map((r) => r.name.toLowerCase()));
    const missing = commonMethods.filter((m) => !have.has(m.name.toLowerCase()));
    if (missing.length) await trx.insertInto('improvement_methods').values(missing.map((m) => ({ evaluation_id: evaluationId, ...m }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'improvement-method', detail: { added: missing.map((m) => m.name) } });
    return missing.length;
  });
}

export async function updateMethod(db: Db, actorId: string | null, evaluationId: string, methodId: string, input: z.input<typeof methodInput>) {
  const data = methodInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getMethod(trx, evaluationId, methodId);
    const taken = await trx.selectFrom('improvement_methods').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(name)`, '=', data.name.toLowerCase()).where('id', '<>', before.id).executeTakeFirst();
    if (taken) throw nameTaken(data.name);
    await trx.updateTable('improvement_methods').set({ name: data.name, description: data.description }).where('id', '=', before.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'improvement-method', entityId: before.id, detail: { name: data.name } });
    return getMethod(trx, evaluationId, before.id);
  });
}

export async function deleteMethod(db: Db, actorId: string | null, evaluationId: string, methodId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await getMethod(trx, evaluationId, methodId);
    await trx.deleteFrom('improvement_methods').where('id', '=', before.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'improvement-method', entityId: before.id, detail: { name: before.name } });
  });
}

/** The codes whose segments are evidence about the method; replaces the earlier choice. */
export async function setMethodCodes(db: Db, actorId: string | null, evaluationId: string, methodId: string, codeIds: readonly string[]) {
  const ids = [...new Set(codeIds.filter((id) => id !== ''))];
  return inTransaction(db, async (trx) => {
    const method = await getMethod(trx, evaluationId, methodId);
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const known = valid.length ? await trx.selectFrom('qda_codes').select('id').where('evaluation_id', '=', evaluationId).where('id', 'in', valid).execute() : [];
    if (known.length !== ids.length) throw badRequest('The code is not in this evaluation', [{ field: 'codeIds', message: "Choose from this evaluation's codes" }]);
    await trx.deleteFrom('improvement_method_codes').where('method_id', '=', method.id).execute();
    if (ids.length) await trx.insertInto('improvement_method_codes').values(ids.map((code_id) => ({ method_id: method.id, code_id }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'improvement-method', entityId: method.id, detail: { codes: ids.length } });
    return getMethod(trx, evaluationId, method.id);
  });
}

/** Records that deliverables used a method, in one statement; links already there are kept. */
export async function linkMethodToDeliverables(db: Db, actorId: string | null, evaluationId: string, methodId: string, deliverableIds: readonly string[]): Promise<number> {
  return inTransaction(db, async (trx) => {
    const method = await getMethod(trx, evaluationId, methodId);
    if (!deliverableIds.length) return 0;
    const known = await trx.selectFrom('deliverables').select('id').where('evaluation_id', '=', evaluationId).where('id', 'in', [...deliverableIds]).execute();
    if (known.length !== new Set(deliverableIds).size) throw badRequest('A deliverable is not in this evaluation', [{ field: 'deliverableIds', message: "Choose from this evaluation's deliverables" }]);
    await trx.insertInto('improvement_method_deliverables').values(known.map((d) => ({ method_id: method.id, deliverable_id: d.id }))).onConflict((oc) => oc.doNothing()).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'improvement-method', entityId: method.id, detail: { linkedDeliverables: known.length } });
    return known.length;
  });
}
