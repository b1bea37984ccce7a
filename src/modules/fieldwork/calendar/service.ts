import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listUnits } from '../../organisation/service.ts';
import { endNotBeforeStart, isoDate, optionalText, requiredText, uuid } from '../../shared-schemas.ts';
import { listSurveys } from '../../surveys/service.ts';
import { findClash, withDescendants, type Clash, type FieldworkWindow } from './overlaps.ts';
import * as store from './store.ts';

/** The survey calendar: other surveys and consultations aimed at the same staff. */

export interface CalendarEntry {
  id: string;
  title: string;
  organiser: string;
  startsOn: string;
  endsOn: string;
  audience: 'all' | 'units';
  unitIds: string[];
  unitNames: string[];
  notes: string;
}

export const entryInput = z
  .object({
    title: requiredText('The title', 300),
    organiser: optionalText('The organiser', 300),
    startsOn: isoDate('The start date'),
    endsOn: isoDate('The end date'),
    audience: z.enum(['all', 'units'], { error: 'Choose who it is aimed at' }),
    unitIds: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().uuid('Choose units from the list'))),
    notes: optionalText('The notes', 2000),
  })
  .superRefine(endNotBeforeStart)
  .superRefine((v, ctx) => {
    if (v.audience === 'units' && !v.unitIds.length) ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'Choose at least one unit it is aimed at' });
  });
export type EntryInput = z.input<typeof entryInput>;

export async function addEntry(db: Db, actorId: string | null, evaluationId: string, input: EntryInput): Promise<CalendarEntry> {
  const data = entryInput.parse(input);
  const units = await listUnits(db, evaluationId);
  const known = new Map(units.map((u) => [u.id, u.name]));
  const unitIds = data.audience === 'units' ? [...new Set(data.unitIds)] : [];
  const unknown = unitIds.find((id) => !known.has(id));
  if (unknown) throw badRequest('A unit chosen is not one of this evaluation\'s units', [{ field: 'unitIds', message: 'Choose units from the list' }]);
  return inTransaction(db, async (trx) => {
    const row = await store.insertEntry(trx, { evaluation_id: evaluationId, title: data.title, organiser: data.organiser, starts_on: data.startsOn, ends_on: data.endsOn, audience: data.audience, notes: data.notes }, unitIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'calendar-entry', entityId: row.id, detail: { title: data.title } });
    return { id: row.id, title: row.title, organiser: row.organiser, startsOn: row.starts_on, endsOn: row.ends_on, audience: data.audience, unitIds, unitNames: unitIds.map((id) => known.get(id)!), notes: row.notes };
  });
}

export async function removeEntry(db: Db, actorId: string | null, evaluationId: string, entryId: string): Promise<void> {
  if (!uuid.safeParse(entryId).success) throw notFound('Calendar entry');
  await inTransaction(db, async (trx) => {
    const gone = await store.deleteEntry(trx, evaluationId, entryId);
    if (!gone) throw notFound('Calendar entry');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'calendar-entry', entityId: gone.id, detail: { title: gone.title } });
  });
}

export interface CalendarRow {
  kind: 'entry' | 'survey';
  id: string;
  title: string;
  organiser: string;
  startsOn: string;
  endsOn: string | null;
  audience: string;
  notes: string;
  clashes: Clash[];
}

/** Entries and this evaluation's surveys (those with fieldwork dates) in date order, with clashes. */
export async function surveyCalendar(db: Db, evaluationId: string): Promise<{ rows: CalendarRow[]; entries: CalendarEntry[]; clashes: (Clash & { entryTitle: string })[] }> {
  const [rows, links, units, surveys, sampled] = await Promise.all([
    store.listEntries(db, evaluationId),
    store.listEntryUnits(db, evaluationId),
    listUnits(db, evaluationId),
    listSurveys(db, evaluationId),
    store.participantUnits(db, evaluationId),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const entries: CalendarEntry[] = rows.map((r) => {
    const unitIds = links.filter((l) => l.entry_id === r.id).map((l) => l.unit_id);
    return { id: r.id, title: r.title, organiser: r.organiser, startsOn: r.starts_on, endsOn: r.ends_on, audience: r.audience as 'all' | 'units', unitIds, unitNames: unitIds.map((id) => unitName.get(id) ?? '').sort(), notes: r.notes };
  });
  const windows: FieldworkWindow[] = surveys
    .filter((s) => s.opensAt)
    .map((s) => ({
      surveyId: s.id,
      title: s.title,
      opensOn: s.opensAt!.toISOString().slice(0, 10),
      // A survey closing at midnight ends on the day before.
      closesOn: s.closesAt ? new Date(s.closesAt.getTime() - 1).toISOString().slice(0, 10) : null,
      participants: sampled.filter((p) => p.survey_id === s.id).map((p) => new Set([p.unit_id, p.region_id].filter((u): u is string => u !== null))),
    }));
  const clashes: (Clash & { entryTitle: string })[] = [];
  for (const entry of entries) {
    const audience = entry.audience === 'all' ? ('all' as const) : withDescendants(entry.unitIds, units);
    for (const window of windows) {
      const clash = findClash({ entryId: entry.id, startsOn: entry.startsOn, endsOn: entry.endsOn, units: audience }, window);
      if (clash) clashes.push({ ...clash, entryTitle: entry.title });
    }
  }
  const calendar: CalendarRow[] = [
    ...entries.map((e): CalendarRow => ({
      kind: 'entry', id: e.id, title: e.title, organiser: e.organiser, startsOn: e.startsOn, endsOn: e.endsOn,
      audience: e.audience === 'all' ? 'All staff' : e.unitNames.join(', '), notes: e.notes, clashes: clashes.filter((c) => c.entryId === e.id),
    })),
    ...windows.map((w): CalendarRow => ({
      kind: 'survey', id: w.surveyId, title: w.title, organiser: 'This evaluation', startsOn: w.opensOn, endsOn: w.closesOn,
      audience: w.participants.length ? `${w.participants.length} sampled people` : 'No participants yet', notes: '', clashes: clashes.filter((c) => c.surveyId === w.surveyId),
    })),
  ].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.title.localeCompare(b.title));
  return { rows: calendar, entries, clashes };
}
