import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { optionalDate, requiredText, uuid } from '../shared-schemas.ts';
import { narrativeOnly, sectionTitles, templateLabels, templates, templateSections, type SectionKey, type Template } from './model.ts';
import * as store from './store.ts';

/**
 * Reports as the team keeps them: a title, a template and a due date; the narrative of each
 * section; and the glossary of abbreviations every report of the evaluation shares.
 */

export const reportInput = z.object({
  title: requiredText('The title', 300),
  template: z.enum(templates, { error: 'Choose a template' }),
  dueOn: optionalDate('The due date'),
});
export type ReportInput = z.input<typeof reportInput>;

export const sectionInput = z.object({
  narrative: z.string().max(50_000, 'The text must be 50,000 characters or fewer').default(''),
  included: z.union([z.boolean(), z.literal('yes'), z.literal('no')]).default(true).transform((v) => v === true || v === 'yes'),
});

export const abbreviationInput = z.object({
  abbreviation: requiredText('The abbreviation', 40),
  meaning: requiredText('What it stands for', 300),
});

export interface Report {
  id: string;
  title: string;
  template: Template;
  templateLabel: string;
  dueOn: string | null;
  latestVersion: number | null;
  latestReleased: number | null;
  createdAt: Date;
}

export interface ReportSectionSetting {
  key: SectionKey;
  title: string;
  narrative: string;
  included: boolean;
  /** Whether the section is only the team's words (nothing generated). */
  narrativeOnly: boolean;
}

type ReportRow = Awaited<ReturnType<typeof store.findReport>> & object;

function toReport(row: ReportRow & { latest_version?: number | null; latest_released?: number | null }): Report {
  const template = row.template as Template;
  return {
    id: row.id,
    title: row.title,
    template,
    templateLabel: templateLabels[template],
    dueOn: row.due_on,
    latestVersion: row.latest_version == null ? null : Number(row.latest_version),
    latestReleased: row.latest_released == null ? null : Number(row.latest_released),
    createdAt: row.created_at,
  };
}

export async function listReports(db: Db, evaluationId: string): Promise<Report[]> {
  return (await store.listReports(db, evaluationId)).map(toReport);
}

export async function getReport(db: Db, evaluationId: string, reportId: string): Promise<Report> {
  const row = uuid.safeParse(reportId).success ? await store.findReport(db, evaluationId, reportId) : undefined;
  if (!row) throw notFound('Report');
  const listed = (await listReports(db, evaluationId)).find((r) => r.id === row.id);
  return listed ?? toReport(row);
}

/** A report of a template that is not stored: for building a one-off draft (the command line). */
export function unsavedReport(template: Template, title = templateLabels[template]): Report {
  return { id: '00000000-0000-4000-8000-000000000000', title, template, templateLabel: templateLabels[template], dueOn: null, latestVersion: null, latestReleased: null, createdAt: new Date(0) };
}

export async function createReport(db: Db, actorId: string | null, evaluationId: string, input: ReportInput): Promise<Report> {
  const data = reportInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertReport(trx, { evaluation_id: evaluationId, title: data.title, template: data.template, due_on: data.dueOn, created_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'report', entityId: row.id, detail: { title: data.title, template: data.template, dueOn: data.dueOn } });
    return toReport(row);
  });
}

export async function updateReport(db: Db, actorId: string | null, evaluationId: string, reportId: string, input: { title: string; dueOn?: string | null }): Promise<Report> {
  const data = reportInput.pick({ title: true, dueOn: true }).parse(input);
  const report = await getReport(db, evaluationId, reportId);
  await inTransaction(db, async (trx) => {
    await store.updateReport(trx, evaluationId, report.id, { title: data.title, due_on: data.dueOn });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'report', entityId: report.id, detail: { title: data.title, dueOn: data.dueOn } });
  });
  return getReport(db, evaluationId, report.id);
}

export async function deleteReport(db: Db, actorId: string | null, evaluationId: string, reportId: string): Promise<void> {
  const report = await getReport(db, evaluationId, reportId);
  if (report.latestReleased !== null) throw badRequest('A report with a released version cannot be deleted: the funder may hold it');
  await inTransaction(db, async (trx) => {
    await store.deleteReport(trx, evaluationId, report.id);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'report', entityId: report.id, detail: { title: report.title } });
  });
}

/** The template's sections in order, each with what the team has written and whether it is in. */
export async function reportSections(db: Db, report: Report): Promise<ReportSectionSetting[]> {
  const saved = new Map((await store.listSections(db, report.id)).map((s) => [s.section, s]));
  return templateSections[report.template].map((key) => ({
    key,
    title: sectionTitles[key],
    narrative: saved.get(key)?.narrative ?? '',
    included: saved.get(key)?.included ?? true,
    narrativeOnly: narrativeOnly.has(key),
  }));
}

export async function getSection(db: Db, report: Report, key: string): Promise<ReportSectionSetting> {
  const section = (await reportSections(db, report)).find((s) => s.key === key);
  if (!section) throw notFound('Section');
  return section;
}

export async function saveSection(db: Db, actorId: string | null, evaluationId: string, reportId: string, key: string, input: z.input<typeof sectionInput>): Promise<ReportSectionSetting> {
  const report = await getReport(db, evaluationId, reportId);
  const section = await getSection(db, report, key);
  const data = sectionInput.parse(input);
  await inTransaction(db, async (trx) => {
    await store.saveSection(trx, { report_id: report.id, section: section.key, narrative: data.narrative.trim(), included: data.included, updated_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'report-section', entityId: report.id, detail: { section: section.key, included: data.included } });
  });
  return getSection(db, report, key);
}

export interface ScheduledReport extends Report {
  /** overdue: due before today and never released; due-soon: within 28 days; later; done: released. */
  state: 'overdue' | 'due-soon' | 'later' | 'done';
  daysLeft: number;
}

/** Reports with a due date, earliest first, each with where it stands on `today` (yyyy-mm-dd). */
export async function reportSchedule(db: Db, evaluationId: string, today = new Date().toISOString().slice(0, 10)): Promise<ScheduledReport[]> {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  return (await listReports(db, evaluationId))
    .filter((r) => r.dueOn !== null)
    .map((r) => {
      const daysLeft = Math.round(day(r.dueOn!) - day(today));
      const state: ScheduledReport['state'] = r.latestReleased !== null ? 'done' : daysLeft < 0 ? 'overdue' : daysLeft <= 28 ? 'due-soon' : 'later';
      return { ...r, state, daysLeft };
    });
}

export interface Abbreviation {
  id: string;
  abbreviation: string;
  meaning: string;
}

export async function listAbbreviations(db: Db, evaluationId: string): Promise<Abbreviation[]> {
  return (await store.listAbbreviations(db, evaluationId)).map((r) => ({ id: r.id, abbreviation: r.abbreviation, meaning: r.meaning }));
}

export async function addAbbreviation(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof abbreviationInput>): Promise<Abbreviation> {
  const data = abbreviationInput.parse(input);
  if (await store.abbreviationTaken(db, evaluationId, data.abbreviation)) {
    throw badRequest('That abbreviation is already in the glossary', [{ field: 'abbreviation', message: `${data.abbreviation} is already in the glossary` }]);
  }
  return inTransaction(db, async (trx) => {
    const row = await store.insertAbbreviation(trx, { evaluation_id: evaluationId, ...data });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'abbreviation', entityId: row.id, detail: data });
    return { id: row.id, abbreviation: row.abbreviation, meaning: row.meaning };
  });
}

export async function deleteAbbreviation(db: Db, actorId: string | null, evaluationId: string, id: string): Promise<void> {
  const gone = uuid.safeParse(id).success ? await store.deleteAbbreviation(db, evaluationId, id) : undefined;
  if (!gone || Number(gone.numDeletedRows) === 0) throw notFound('Abbreviation');
  await recordAudit(db, { evaluationId, userId: actorId, action: 'delete', entity: 'abbreviation', entityId: id });
}
