import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { listUnits } from '../organisation/service.ts';
import { PlanFileError, readPlanFile } from './plan-file.ts';
import { checkPlanRows, type PlanRow, type RowProblem } from './plan-rows.ts';
import { nameKey, resolveNames, type UnmatchedName } from './unit-names.ts';

/**
 * Importing plans → workstreams → deliverables from one file, all or nothing: the rows are
 * checked, every directorate and programme name must stand for an existing unit (matched, or
 * mapped by the researcher), and only then is everything written, in one transaction, with a
 * handful of set-based statements whatever the number of rows.
 */

export interface PlanFile {
  fileName: string;
  content: Buffer;
}

export interface ImportSummary {
  plans: number;
  newPlans: number;
  workstreams: number;
  newWorkstreams: number;
  deliverables: number;
  programmeLinks: number;
  years: string[];
}

export interface ImportCheck {
  fileName: string;
  problems: RowProblem[];
  unmatched: UnmatchedName[];
  rows: PlanRow[];
  summary: ImportSummary;
  /** True when nothing stands in the way of the import. */
  ready: boolean;
}

const planKey = (year: string, title: string) => `${year}|${title.trim().toLowerCase()}`;
const workstreamKey = (plan: string, title: string) => `${plan}|${title.trim().toLowerCase()}`;

async function tableFrom(file: PlanFile) {
  try {
    return await readPlanFile(file.content);
  } catch (error) {
    if (error instanceof PlanFileError) throw badRequest(`${file.fileName}: ${error.message}. Nothing was imported.`, [{ field: 'file', message: `${file.fileName}: ${error.message}` }]);
    throw error;
  }
}

async function existingPlans(db: Db, evaluationId: string) {
  const rows = await db.selectFrom('plans').select(['id', 'plan_year', 'title']).where('evaluation_id', '=', evaluationId).execute();
  return new Map(rows.map((r) => [planKey(r.plan_year, r.title), r.id]));
}

async function existingWorkstreams(db: Db, evaluationId: string) {
  const rows = await db
    .selectFrom('workstreams')
    .innerJoin('plans', 'plans.id', 'workstreams.plan_id')
    .select(['workstreams.id', 'workstreams.plan_id', 'workstreams.title', 'workstreams.position'])
    .where('plans.evaluation_id', '=', evaluationId)
    .execute();
  return rows;
}

/** Checks a file against the evaluation's units and what is stored, and says what an import would add. */
export async function checkPlanImport(db: Db, evaluationId: string, file: PlanFile, mapping: Readonly<Record<string, string>> = {}): Promise<ImportCheck> {
  const table = await tableFrom(file);
  const { rows, problems } = checkPlanRows(table);
  const units = await listUnits(db, evaluationId);
  const { unmatched } = resolveNames(rows, units, mapping);
  const plans = await existingPlans(db, evaluationId);
  const planKeys = new Set(rows.map((r) => planKey(r.planYear, r.plan)));
  const workstreamKeys = new Set(rows.map((r) => workstreamKey(planKey(r.planYear, r.plan), r.workstream)));
  const planKeyOf = new Map([...plans.entries()].map(([key, id]) => [id, key]));
  const storedWorkstreams = new Set((await existingWorkstreams(db, evaluationId)).map((w) => workstreamKey(planKeyOf.get(w.plan_id) ?? '', w.title)));
  return {
    fileName: file.fileName,
    problems: problems.sort((a, b) => a.row - b.row),
    unmatched,
    rows,
    summary: {
      plans: planKeys.size,
      newPlans: [...planKeys].filter((k) => !plans.has(k)).length,
      workstreams: workstreamKeys.size,
      newWorkstreams: [...workstreamKeys].filter((k) => !storedWorkstreams.has(k)).length,
      deliverables: rows.length,
      programmeLinks: rows.reduce((n, r) => n + r.programmes.length, 0),
      years: [...new Set(rows.map((r) => r.planYear))].sort(),
    },
    ready: problems.length === 0 && unmatched.length === 0,
  };
}

/** The refusal of a file that is not ready: every problem by row and column, every unmapped name. */
function notReady(check: ImportCheck) {
  const fields = [
    ...check.problems.map((p) => ({ field: `row ${p.row}, ${p.column}`, message: `Row ${p.row}, ${p.column}: ${p.message}` })),
    ...check.unmatched.map((u) => ({ field: `name ${u.name}`, message: `"${u.name}" (${u.roles.join(' and ')}, row${u.count > 1 ? 's' : ''} ${u.rows.join(', ')}${u.count > u.rows.length ? ' …' : ''}) is not one of the organisation's units: map it to one` })),
  ];
  const parts = [];
  if (check.problems.length) parts.push(`${check.problems.length} problem${check.problems.length > 1 ? 's' : ''} in the rows`);
  if (check.unmatched.length) parts.push(`${check.unmatched.length} name${check.unmatched.length > 1 ? 's' : ''} not matched to a unit`);
  return badRequest(`${check.fileName}: ${parts.join(' and ')}. Nothing was imported.`, fields);
}

export interface ImportResult extends ImportSummary {
  planIds: string[];
}

const chunk = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Imports the file when every row is right and every name stands for a unit; otherwise stores nothing. */
export async function importPlans(db: Db, actorId: string | null, evaluationId: string, file: PlanFile, mapping: Readonly<Record<string, string>> = {}): Promise<ImportResult> {
  return inTransaction(db, async (trx) => {
    const check = await checkPlanImport(trx, evaluationId, file, mapping);
    if (!check.ready) throw notReady(check);
    const { unitOf } = resolveNames(check.rows, await listUnits(trx, evaluationId), mapping);
    const unit = (name: string) => (name ? unitOf.get(nameKey(name)) ?? null : null);

    // Plans: those already stored keep their id (and directorate); the rest are added.
    const plans = await existingPlans(trx, evaluationId);
    const newPlans = new Map<string, { title: string; kind: string; year: string; directorate: string | null; directorates: Set<string> }>();
    for (const row of check.rows) {
      const key = planKey(row.planYear, row.plan);
      if (plans.has(key)) continue;
      const plan = newPlans.get(key) ?? { title: row.plan, kind: row.planKind, year: row.planYear, directorate: null, directorates: new Set<string>() };
      if (row.planDirectorate) plan.directorate = unit(row.planDirectorate);
      plan.directorates.add(unit(row.directorate) ?? '');
      newPlans.set(key, plan);
    }
    for (const part of chunk([...newPlans.entries()], 1000)) {
      const inserted = await trx
        .insertInto('plans')
        .values(part.map(([, p]) => ({
          evaluation_id: evaluationId,
          title: p.title,
          kind: p.kind,
          plan_year: p.year,
          // Without a plan directorate column, a plan whose workstreams all have one directorate is that directorate's.
          directorate_id: p.directorate ?? (p.directorates.size === 1 ? [...p.directorates][0] || null : null),
        })))
        .returning(['id', 'plan_year', 'title'])
        .execute();
      for (const r of inserted) plans.set(planKey(r.plan_year, r.title), r.id);
    }

    // Workstreams, likewise; positions continue after those already in the plan.
    const stored = await existingWorkstreams(trx, evaluationId);
    const workstreams = new Map(stored.map((w) => [workstreamKey(w.plan_id, w.title), w.id]));
    const nextPosition = new Map<string, number>();
    for (const w of stored) nextPosition.set(w.plan_id, Math.max(nextPosition.get(w.plan_id) ?? 0, w.position));
    const newWorkstreams: { plan_id: string; title: string; directorate_id: string | null; position: number }[] = [];
    const seen = new Set<string>();
    for (const row of check.rows) {
      const planId = plans.get(planKey(row.planYear, row.plan))!;
      const key = workstreamKey(planId, row.workstream);
      if (workstreams.has(key) || seen.has(key)) continue;
      seen.add(key);
      const position = (nextPosition.get(planId) ?? 0) + 1;
      nextPosition.set(planId, position);
      newWorkstreams.push({ plan_id: planId, title: row.workstream, directorate_id: unit(row.directorate), position });
    }
    for (const part of chunk(newWorkstreams, 2000)) {
      const inserted = await trx.insertInto('workstreams').values(part).returning(['id', 'plan_id', 'title']).execute();
      for (const w of inserted) workstreams.set(workstreamKey(w.plan_id, w.title), w.id);
    }

    // Deliverables and their programmes: ids made here so the links need no round trip.
    const positions = new Map<string, number>();
    const startAt = await trx
      .selectFrom('deliverables')
      .select(['workstream_id', sql<number>`max(position)`.as('max')])
      .where('evaluation_id', '=', evaluationId)
      .groupBy('workstream_id')
      .execute();
    for (const r of startAt) positions.set(r.workstream_id, Number(r.max));
    const deliverables: { id: string; workstream_id: string; text: string; status: string; themes: string[]; plan_year: string; position: number }[] = [];
    const links: { deliverable_id: string; unit_id: string }[] = [];
    for (const row of check.rows) {
      const workstreamId = workstreams.get(workstreamKey(plans.get(planKey(row.planYear, row.plan))!, row.workstream))!;
      const position = (positions.get(workstreamId) ?? 0) + 1;
      positions.set(workstreamId, position);
      const id = randomUUID();
      deliverables.push({ id, workstream_id: workstreamId, text: row.deliverable, status: row.status, themes: row.themes, plan_year: row.planYear, position });
      for (const unitId of new Set(row.programmes.map((p) => unit(p)!))) links.push({ deliverable_id: id, unit_id: unitId });
    }
    for (const part of chunk(deliverables, 5000)) {
      await sql`
        INSERT INTO deliverables (id, evaluation_id, workstream_id, text, status, themes, plan_year, position)
        SELECT r.id, ${evaluationId}::uuid, r.workstream_id, r.text, r.status, r.themes, r.plan_year, r.position
        FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
          AS r(id uuid, workstream_id uuid, text text, status text, themes text[], plan_year text, position integer)`.execute(trx);
    }
    for (const part of chunk(links, 10000)) {
      await sql`
        INSERT INTO deliverable_programmes (deliverable_id, unit_id)
        SELECT r.deliverable_id, r.unit_id FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS r(deliverable_id uuid, unit_id uuid)`.execute(trx);
    }
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'import',
      entity: 'plans',
      detail: { file: file.fileName, plans: check.summary.plans, newPlans: check.summary.newPlans, workstreams: newWorkstreams.length, deliverables: deliverables.length },
    });
    const planIds = [...new Set(check.rows.map((r) => plans.get(planKey(r.planYear, r.plan))!))];
    return { ...check.summary, planIds };
  });
}

// Uploads kept between the mapping and preview pages and the commit.

export async function stagePlanImport(db: Db, actorId: string | null, evaluationId: string, file: PlanFile): Promise<string> {
  await tableFrom(file);
  const row = await db
    .insertInto('plan_imports')
    .values({ evaluation_id: evaluationId, file_name: file.fileName, content: file.content, created_by: actorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface StagedImport {
  id: string;
  file: PlanFile;
  mapping: Record<string, string>;
}

export async function getStagedImport(db: Db, evaluationId: string, id: string): Promise<StagedImport> {
  const row = z.string().uuid().safeParse(id).success
    ? await db.selectFrom('plan_imports').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Plan import');
  const mapping = typeof row.mapping === 'string' ? (JSON.parse(row.mapping) as Record<string, string>) : row.mapping;
  return { id: row.id, file: { fileName: row.file_name, content: Buffer.from(row.content) }, mapping };
}

/** Records the researcher's choice of unit for each name that matched none; every name needs one. */
export async function mapStagedNames(db: Db, evaluationId: string, id: string, choices: Readonly<Record<string, string>>): Promise<void> {
  const staged = await getStagedImport(db, evaluationId, id);
  const check = await checkPlanImport(db, evaluationId, staged.file, staged.mapping);
  const ids = new Set((await listUnits(db, evaluationId)).map((u) => u.id));
  const errors = check.unmatched
    .map((u, i) => ({ u, i, chosen: choices[`map-${i}`] ?? '' }))
    .filter(({ chosen }) => !ids.has(chosen))
    .map(({ u, i }) => ({ field: `map-${i}`, message: `Choose the unit that "${u.name}" stands for` }));
  if (errors.length) throw badRequest('Choose a unit for every name', errors);
  const mapping = { ...staged.mapping };
  check.unmatched.forEach((u, i) => (mapping[u.key] = choices[`map-${i}`]!));
  await db.updateTable('plan_imports').set({ mapping: JSON.stringify(mapping) }).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export async function commitStagedImport(db: Db, actorId: string | null, evaluationId: string, id: string): Promise<ImportResult> {
  return inTransaction(db, async (trx) => {
    const staged = await getStagedImport(trx, evaluationId, id);
    const result = await importPlans(trx, actorId, evaluationId, staged.file, staged.mapping);
    await trx.deleteFrom('plan_imports').where('id', '=', id).execute();
    return result;
  });
}

export async function discardStagedImport(db: Db, evaluationId: string, id: string): Promise<void> {
  await getStagedImport(db, evaluationId, id);
  await db.deleteFrom('plan_imports').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}
