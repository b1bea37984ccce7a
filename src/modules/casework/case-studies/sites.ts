import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listUnits } from '../../organisation/service.ts';
import { endNotBeforeStart, optionalDate, optionalText, requiredText, uuid } from '../../shared-schemas.ts';

/**
 * Case-study sites: a place (a council area, a trust, a region) and the improvement project studied
 * there, with the programmes that project involved and how far the study of it has got.
 */

export const siteTypes = ['rural', 'urban', 'metropolitan', 'london'] as const;
export const siteTypeLabels: Record<string, string> = { rural: 'Rural', urban: 'Urban', metropolitan: 'Metropolitan', london: 'London' };
/** The four common types by their label; a type of the team's own is shown as they wrote it. */
export const siteTypeLabel = (type: string) => siteTypeLabels[type] ?? type;

export const siteStatuses = ['proposed', 'selected', 'active', 'completed', 'withdrawn'] as const;
export type SiteStatus = (typeof siteStatuses)[number];
export const siteStatusLabels: Record<SiteStatus, string> = { proposed: 'Proposed', selected: 'Selected', active: 'Active', completed: 'Completed', withdrawn: 'Withdrawn' };

const unitIds = z.preprocess((v) => [v ?? []].flat().map(String).filter(Boolean), z.array(z.string())).default([]);

export const siteInput = z
  .object({
    name: requiredText('The name of the site', 200),
    siteType: z.string({ error: 'Choose the type of site' }).trim().min(1, 'Choose the type of site'),
    otherType: optionalText('The other type', 100),
    projectTitle: optionalText('The title of the project', 300),
    projectDescription: optionalText('The description of the project', 5000),
    startsOn: optionalDate('The start date of the project'),
    endsOn: optionalDate('The end date of the project'),
    status: z.enum(siteStatuses, { error: 'Choose the status of the site' }).default('proposed'),
    withdrawnReason: optionalText('The reason', 1000),
    unitIds,
  })
  .superRefine(endNotBeforeStart)
  .superRefine((value, ctx) => {
    if (value.siteType === 'other' && !value.otherType) ctx.addIssue({ code: 'custom', path: ['otherType'], message: 'Enter the type of site' });
    if (value.status === 'withdrawn' && !value.withdrawnReason) ctx.addIssue({ code: 'custom', path: ['withdrawnReason'], message: 'Say why the site was withdrawn' });
  })
  .transform(({ otherType, ...value }) => ({
    ...value,
    siteType: value.siteType === 'other' ? otherType : value.siteType,
    withdrawnReason: value.status === 'withdrawn' ? value.withdrawnReason : '',
  }));
export type SiteInput = z.input<typeof siteInput>;

export interface Site {
  id: string;
  name: string;
  siteType: string;
  siteTypeLabel: string;
  projectTitle: string;
  projectDescription: string;
  startsOn: string | null;
  endsOn: string | null;
  /** Whole months from start to end, when both are known. */
  projectMonths: number | null;
  status: SiteStatus;
  withdrawnReason: string;
  units: { id: string; name: string; kind: string }[];
}

/**
 * Whole months a project ran, counting both its first and last day: 1 March to 31 August 2006 is
 * 6 months. The day after the end is compared with the start, month by month.
 */
export function monthsBetween(startsOn: string, endsOn: string): number {
  const [y1, m1, d1] = startsOn.split('-').map(Number) as [number, number, number];
  const after = new Date(`${endsOn}T00:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  const [y2, m2, d2] = [after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate()];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

type SiteRow = { id: string; name: string; site_type: string; project_title: string; project_description: string; project_starts_on: string | null; project_ends_on: string | null; status: string; withdrawn_reason: string };

async function toSites(db: Db, rows: SiteRow[]): Promise<Site[]> {
  const links = rows.length
    ? await db.selectFrom('case_study_site_units as l').innerJoin('units as u', 'u.id', 'l.unit_id').select(['l.site_id', 'u.id', 'u.name', 'u.kind', 'u.position']).where('l.site_id', 'in', rows.map((r) => r.id)).orderBy('u.position').orderBy('u.name').execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    siteType: r.site_type,
    siteTypeLabel: siteTypeLabel(r.site_type),
    projectTitle: r.project_title,
    projectDescription: r.project_description,
    startsOn: r.project_starts_on,
    endsOn: r.project_ends_on,
    projectMonths: r.project_starts_on && r.project_ends_on ? monthsBetween(r.project_starts_on, r.project_ends_on) : null,
    status: r.status as SiteStatus,
    withdrawnReason: r.withdrawn_reason,
    units: links.filter((l) => l.site_id === r.id).map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
  }));
}

export async function listSites(db: Db, evaluationId: string): Promise<Site[]> {
  const rows = await db.selectFrom('case_study_sites').selectAll().where('evaluation_id', '=', evaluationId).orderBy(sql`lower(name)`).execute();
  return toSites(db, rows);
}

export async function getSite(db: Db, evaluationId: string, siteId: string): Promise<Site> {
  const row = uuid.safeParse(siteId).success
    ? await db.selectFrom('case_study_sites').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', siteId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Case-study site');
  return (await toSites(db, [row]))[0]!;
}

type SiteData = z.output<typeof siteInput>;

async function checkSite(db: Db, evaluationId: string, data: SiteData, siteId: string | null): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  const taken = await db.selectFrom('case_study_sites').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(name)`, '=', data.name.toLowerCase()).executeTakeFirst();
  if (taken && taken.id !== siteId) problems.push({ field: 'name', message: `There is already a site called "${data.name}"` });
  const units = new Set((await listUnits(db, evaluationId)).map((u) => u.id));
  if (data.unitIds.some((id) => !units.has(id))) problems.push({ field: 'unitIds', message: "Choose from the organisation's programmes and units" });
  if (problems.length) throw badRequest(problems[0]!.message, problems);
}

const siteRow = (data: SiteData) => ({
  name: data.name,
  site_type: data.siteType,
  project_title: data.projectTitle,
  project_description: data.projectDescription,
  project_starts_on: data.startsOn,
  project_ends_on: data.endsOn,
  status: data.status,
  withdrawn_reason: data.withdrawnReason,
});

async function setUnits(db: Db, siteId: string, unitIds: readonly string[]): Promise<void> {
  await db.deleteFrom('case_study_site_units').where('site_id', '=', siteId).execute();
  const ids = [...new Set(unitIds)];
  if (ids.length) await db.insertInto('case_study_site_units').values(ids.map((unit_id) => ({ site_id: siteId, unit_id }))).execute();
}

export async function createSite(db: Db, actorId: string | null, evaluationId: string, input: SiteInput): Promise<Site> {
  const data = siteInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkSite(trx, evaluationId, data, null);
    const row = await trx.insertInto('case_study_sites').values({ evaluation_id: evaluationId, created_by: actorId, ...siteRow(data) }).returning('id').executeTakeFirstOrThrow();
    await setUnits(trx, row.id, data.unitIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-study-site', entityId: row.id, detail: { name: data.name, type: data.siteType } });
    return getSite(trx, evaluationId, row.id);
  });
}

export async function updateSite(db: Db, actorId: string | null, evaluationId: string, siteId: string, input: SiteInput): Promise<Site> {
  const data = siteInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getSite(trx, evaluationId, siteId);
    await checkSite(trx, evaluationId, data, before.id);
    await trx.updateTable('case_study_sites').set(siteRow(data)).where('id', '=', before.id).execute();
    await setUnits(trx, before.id, data.unitIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-study-site', entityId: before.id, detail: { name: data.name, status: data.status, ...(data.status !== before.status ? { from: before.status } : {}) } });
    return getSite(trx, evaluationId, before.id);
  });
}

export async function deleteSite(db: Db, actorId: string | null, evaluationId: string, siteId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await getSite(trx, evaluationId, siteId);
    await trx.deleteFrom('case_study_sites').where('id', '=', before.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'case-study-site', entityId: before.id, detail: { name: before.name } });
  });
}

/** True when any site has an extraction record or a stakeholder linked to an interview: the protocol counts the method as having data. */
export async function caseStudyHasData(db: Db, evaluationId: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM case_extractions e JOIN case_files f ON f.id = e.case_file_id JOIN case_study_sites s ON s.id = f.site_id WHERE s.evaluation_id = ${evaluationId}
    ) OR EXISTS (
      SELECT 1 FROM case_study_stakeholders k JOIN case_study_sites s ON s.id = k.site_id WHERE s.evaluation_id = ${evaluationId} AND k.interview_id IS NOT NULL
    ) AS found`.execute(db);
  return row.rows[0]?.found === true;
}
