import { createHash } from 'node:crypto';
import { findDoubleEntries, type EntryForChecks } from './doubles.ts';

/**
 * The cleaning checks as pure functions: which entries look doubled, which have gaps, which look
 * out of date on a given day. The service stores what they find and the team's decisions on it.
 */

export const findingKinds = ['double', 'missing', 'out-of-date'] as const;
export type FindingKind = (typeof findingKinds)[number];

export const findingKindLabels: Record<FindingKind, string> = {
  double: 'Double entries',
  missing: 'Missing details',
  'out-of-date': 'Out of date',
};

export interface CheckSettings {
  /** The day the directory is judged on, 'yyyy-mm-dd'. */
  asOf: string;
  /** An entry last verified more than this many months before asOf is out of date. */
  staleMonths: number;
}

/** One problem as the checks see it, before it is stored. */
export interface DetectedFinding {
  kind: FindingKind;
  personId: string;
  otherPersonId: string | null;
  /** Names the finding across runs: the same kind on the same entries is the same finding. */
  subject: string;
  score: number | null;
  reasons: string[];
  /** A digest of the entries' details the finding was judged on. */
  fingerprint: string;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 March 2006" from "2006-03-01"; written out by hand because Intl formatting is slow over 100,000 entries. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${Number(day)} ${monthNames[Number(month) - 1]} ${year}`;
}

/** The day `months` calendar months before `iso`, clamped to the month's end (31 March - 1 → 28 February). */
export function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The details a finding depends on: when any changes, a kept finding is raised again. */
function entryDigest(entry: EntryForChecks): string {
  return JSON.stringify([entry.name, entry.email, entry.phone, entry.unitId, entry.jobTitle, entry.leftOn, entry.lastVerifiedOn, entry.emailBouncedAt?.toISOString() ?? null]);
}

export function fingerprint(...entries: EntryForChecks[]): string {
  const hash = createHash('sha1');
  for (const entry of entries) hash.update(entryDigest(entry));
  return hash.digest('hex').slice(0, 32);
}

const hasLeft = (entry: EntryForChecks, asOf: string) => entry.leftOn !== null && entry.leftOn <= asOf;

/** Gaps that stop an entry being surveyed or sampled by unit; people who have left are not checked. */
export function missingDetails(entry: EntryForChecks, settings: CheckSettings): string[] {
  if (hasLeft(entry, settings.asOf)) return [];
  const reasons: string[] = [];
  if (!entry.email?.trim()) reasons.push('no e-mail address');
  if (!entry.unitId) reasons.push('no unit');
  return reasons;
}

/**
 * Signs that an entry no longer describes someone who works there. `staleBefore` is the day
 * verification must be on or after, computed once per run by the caller when given.
 */
export function outOfDateSigns(entry: EntryForChecks, settings: CheckSettings, staleBefore = monthsBefore(settings.asOf, settings.staleMonths)): string[] {
  const reasons: string[] = [];
  if (hasLeft(entry, settings.asOf)) reasons.push(`left on ${longDate(entry.leftOn!)}`);
  if (entry.lastVerifiedOn && entry.lastVerifiedOn < staleBefore) {
    reasons.push(`not verified for more than ${settings.staleMonths} months (last on ${longDate(entry.lastVerifiedOn)})`);
  }
  if (entry.emailBouncedAt) reasons.push(`e-mail bounced on ${longDate(entry.emailBouncedAt.toISOString().slice(0, 10))}`);
  return reasons;
}

/** Everything the checks find in a directory (entries merged into another are left out by the caller). */
export function runChecks(entries: EntryForChecks[], settings: CheckSettings): DetectedFinding[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const findings: DetectedFinding[] = [];
  for (const pair of findDoubleEntries(entries)) {
    const a = byId.get(pair.personId)!;
    const b = byId.get(pair.otherPersonId)!;
    findings.push({
      kind: 'double',
      personId: a.id,
      otherPersonId: b.id,
      subject: `double:${a.id}:${b.id}`,
      score: pair.score,
      reasons: pair.reasons,
      fingerprint: fingerprint(a, b),
    });
  }
  const staleBefore = monthsBefore(settings.asOf, settings.staleMonths);
  for (const entry of entries) {
    const missing = missingDetails(entry, settings);
    if (missing.length) findings.push({ kind: 'missing', personId: entry.id, otherPersonId: null, subject: `missing:${entry.id}`, score: null, reasons: missing, fingerprint: fingerprint(entry) });
    const old = outOfDateSigns(entry, settings, staleBefore);
    if (old.length) findings.push({ kind: 'out-of-date', personId: entry.id, otherPersonId: null, subject: `out-of-date:${entry.id}`, score: null, reasons: old, fingerprint: fingerprint(entry) });
  }
  return findings;
}
