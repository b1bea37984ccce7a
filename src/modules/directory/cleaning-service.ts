import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { isoDate } from '../shared-schemas.ts';
import { fingerprint, findingKinds, missingDetails, outOfDateSigns, runChecks, type CheckSettings, type DetectedFinding, type FindingKind } from './checks.ts';
import type { EntryForChecks } from './doubles.ts';
import * as store from './store.ts';

/**
 * Directory cleaning: run the checks, keep what they find as a review queue, and record the
 * team's decision on each finding (merge, mark as left, keep) with who, when and why.
 */

export const findingStatuses = ['open', 'merged', 'left', 'kept'] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export const decisions = ['merge', 'left', 'keep'] as const;
export type Decision = (typeof decisions)[number];

export const statusLabels: Record<FindingStatus, string> = { open: 'To review', merged: 'Merged', left: 'Marked as left', kept: 'Kept' };
export const defaultStaleMonths = 12;
export const queuePerPage = 25;

export const checkSettingsInput = z.object({
  asOf: isoDate('The date to judge the directory on'),
  staleMonths: z.coerce
    .number({ error: 'Enter a number of months' })
    .int('Enter a whole number of months')
    .min(1, 'Months must be between 1 and 120')
    .max(120, 'Months must be between 1 and 120'),
});

/** The counts one run of the checks found, by kind, and how many findings await review. */
export interface CleaningCounts {
  entries: number;
  found: Record<FindingKind, number>;
  open: Record<FindingKind, number>;
  asOf: string;
  staleMonths: number;
}

const zeroCounts = (): Record<FindingKind, number> => ({ double: 0, missing: 0, 'out-of-date': 0 });

/** The settings of the last run, so re-runs and imports judge the directory on the same day; else today and a year. */
export async function currentSettings(db: Db, evaluationId: string, clock: () => Date = () => new Date()): Promise<CheckSettings> {
  const run = await store.latestRun(db, evaluationId);
  return run ? { asOf: run.as_of, staleMonths: run.stale_months } : { asOf: clock().toISOString().slice(0, 10), staleMonths: defaultStaleMonths };
}

const sameJudgement = (stored: { score: string | null; reasons: string[] }, found: DetectedFinding) =>
  (stored.score === null ? null : Number(stored.score)) === found.score && JSON.stringify(stored.reasons) === JSON.stringify(found.reasons);

/**
 * Runs every check and brings the queue up to date: new findings are added; open ones are
 * updated or, when no longer found, dropped; a decided finding is raised again only when the
 * details it was decided on have changed since.
 */
export async function checkDirectory(db: Db, actorId: string | null, evaluationId: string, settings?: Partial<CheckSettings>): Promise<CleaningCounts> {
  return inTransaction(db, async (trx) => {
    await store.lockCleaning(trx, evaluationId);
    const given = Object.fromEntries(Object.entries(settings ?? {}).filter(([, value]) => value !== undefined && value !== ''));
    const chosen = checkSettingsInput.parse({ ...(await currentSettings(trx, evaluationId)), ...given });
    const entries = await store.listEntriesForChecks(trx, evaluationId);
    const detected = runChecks(entries, chosen);
    const existing = new Map((await store.listFindingStates(trx, evaluationId)).map((f) => [f.subject, f]));
    const toInsert: DetectedFinding[] = [];
    for (const found of detected) {
      const stored = existing.get(found.subject);
      existing.delete(found.subject);
      if (!stored) toInsert.push(found);
      else if (stored.status !== 'open' && stored.fingerprint === found.fingerprint) continue;
      else if (stored.status !== 'open' || stored.fingerprint !== found.fingerprint || !sameJudgement(stored, found)) {
        await store.updateFinding(trx, evaluationId, stored.id, {
          status: 'open',
          fingerprint: found.fingerprint,
          score: found.score,
          reasons: JSON.stringify(found.reasons),
          ...(stored.status !== 'open' ? { found_at: new Date() } : {}),
        });
      }
    }
    await store.insertFindings(trx, evaluationId, toInsert.map((f) => ({
      kind: f.kind,
      person_id: f.personId,
      other_person_id: f.otherPersonId,
      subject: f.subject,
      score: f.score,
      reasons: f.reasons,
      fingerprint: f.fingerprint,
    })));
    // Open findings the checks no longer make have been fixed at the source; decided ones stay as history.
    await store.deleteFindings(trx, evaluationId, [...existing.values()].filter((f) => f.status === 'open').map((f) => f.id));

    const found = zeroCounts();
    for (const f of detected) found[f.kind] += 1;
    const open = zeroCounts();
    for (const row of await store.countFindings(trx, evaluationId)) if (row.status === 'open') open[row.kind as FindingKind] = row.n;
    const counts: CleaningCounts = { entries: entries.length, found, open, asOf: chosen.asOf, staleMonths: chosen.staleMonths };
    await store.insertRun(trx, { evaluationId, asOf: chosen.asOf, staleMonths: chosen.staleMonths, runBy: actorId, counts: { entries: entries.length, ...prefixed('found', found), ...prefixed('open', open) } });
    return counts;
  });
}

const prefixed = (prefix: string, counts: Record<FindingKind, number>) =>
  Object.fromEntries(Object.entries(counts).map(([kind, n]) => [`${prefix}:${kind}`, n]));

/** One directory entry as the queue shows it. */
export interface FindingEntry {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  unitName: string | null;
  jobTitle: string;
  leftOn: string | null;
  lastVerifiedOn: string | null;
  mergedIntoId: string | null;
}

export interface Finding {
  id: string;
  kind: FindingKind;
  status: FindingStatus;
  score: number | null;
  reasons: string[];
  foundAt: Date;
  person: FindingEntry;
  other: FindingEntry | null;
}

function toFinding(row: store.FindingRow): Finding {
  return {
    id: row.id,
    kind: row.kind as FindingKind,
    status: row.status as FindingStatus,
    score: row.score === null ? null : Number(row.score),
    reasons: row.reasons,
    foundAt: row.found_at,
    person: { id: row.person_id, name: row.a_name, email: row.a_email, phone: row.a_phone, unitName: row.a_unit, jobTitle: row.a_job_title, leftOn: row.a_left_on, lastVerifiedOn: row.a_verified, mergedIntoId: row.a_merged_into },
    other: row.other_person_id && row.b_name !== null
      ? { id: row.other_person_id, name: row.b_name, email: row.b_email, phone: row.b_phone, unitName: row.b_unit, jobTitle: row.b_job_title ?? '', leftOn: row.b_left_on, lastVerifiedOn: row.b_verified, mergedIntoId: row.b_merged_into }
      : null,
  };
}

export const queueQuery = z.object({
  kind: z.enum(findingKinds).optional(),
  status: z.enum(findingStatuses).default('open'),
  page: z.coerce.number().int().min(1).default(1),
});
export type QueueQuery = z.input<typeof queueQuery>;

export interface Queue {
  findings: Finding[];
  /** Findings by kind and status, for the counts above the queue. */
  counts: Record<FindingKind, Record<FindingStatus, number>>;
  total: number;
  page: number;
  pages: number;
  kind: FindingKind | undefined;
  status: FindingStatus;
  settings: CheckSettings | undefined;
  lastRunAt: Date | undefined;
}

export async function findingsQueue(db: Db, evaluationId: string, query: QueueQuery = {}): Promise<Queue> {
  const { kind, status, page: asked } = queueQuery.parse(query);
  const counts = Object.fromEntries(findingKinds.map((k) => [k, Object.fromEntries(findingStatuses.map((s) => [s, 0]))])) as Queue['counts'];
  for (const row of await store.countFindings(db, evaluationId)) counts[row.kind as FindingKind][row.status as FindingStatus] = row.n;
  const total = await store.countQueue(db, evaluationId, { kind, status });
  const pages = Math.max(1, Math.ceil(total / queuePerPage));
  const page = Math.min(asked, pages);
  const rows = await store.listQueue(db, evaluationId, { kind, status }, queuePerPage, (page - 1) * queuePerPage);
  const run = await store.latestRun(db, evaluationId);
  return {
    findings: rows.map(toFinding),
    counts,
    total,
    page,
    pages,
    kind,
    status,
    settings: run ? { asOf: run.as_of, staleMonths: run.stale_months } : undefined,
    lastRunAt: run?.run_at,
  };
}

export interface DecisionRecord {
  id: string;
  decision: Decision;
  personId: string | null;
  mergedPersonId: string | null;
  reason: string;
  decidedAt: Date;
  decidedBy: string;
}

export interface FindingDetail extends Finding {
  decisions: DecisionRecord[];
}

export async function getFinding(db: Db, evaluationId: string, findingId: string): Promise<FindingDetail> {
  const row = z.string().uuid().safeParse(findingId).success ? await store.findFinding(db, evaluationId, findingId) : undefined;
  if (!row) throw notFound('Finding');
  const decided = await store.listDecisions(db, evaluationId, findingId);
  return {
    ...toFinding(row),
    decisions: decided.map((d) => ({
      id: d.id,
      decision: d.decision as Decision,
      personId: d.person_id,
      mergedPersonId: d.merged_person_id,
      reason: d.reason,
      decidedAt: d.decided_at,
      decidedBy: d.decided_by_name ?? 'Formative',
    })),
  };
}

export const decisionInput = z
  .object({
    decision: z.enum(decisions, { error: 'Choose what to do: merge the entries, mark as left, or keep' }),
    reason: z
      .string({ error: 'Give a short reason for the decision' })
      .trim()
      .min(1, 'Give a short reason for the decision')
      .max(500, 'The reason must be 500 characters or fewer'),
    /** Merge: the entry kept. Mark as left: the entry that left. */
    personId: z.union([z.literal('').transform(() => undefined), z.string().uuid('Choose one of the two entries')]).optional(),
    leftOn: z.union([z.literal('').transform(() => undefined), isoDate('The leave date')]).optional(),
  });
export type DecisionInput = z.input<typeof decisionInput>;

type DecisionData = z.output<typeof decisionInput>;

/** Fields a merge copies from the entry that goes when the kept entry has nothing there. */
const fillableFields = ['email', 'phone', 'unit_id', 'region_id', 'job_title', 'started_on', 'last_verified_on'] as const;

/** Merges `goneId` into `keptId`; returns the fields filled in and the open findings of the entry that went. */
async function mergeEntries(trx: Db, evaluationId: string, keptId: string, goneId: string): Promise<{ stale: string[]; filled: string[] }> {
  const kept = await store.findPersonRow(trx, evaluationId, keptId);
  const gone = await store.findPersonRow(trx, evaluationId, goneId);
  if (!kept || !gone) throw notFound('Directory entry');
  const filled: Record<string, unknown> = {};
  for (const field of fillableFields) {
    const blank = kept[field] === null || kept[field] === '';
    if (blank && gone[field] !== null && gone[field] !== '') filled[field] = gone[field];
  }
  if (Object.keys(filled).length) await store.updatePerson(trx, evaluationId, keptId, { ...filled, updated_at: new Date() });
  await store.updatePerson(trx, evaluationId, goneId, { merged_into_id: keptId, updated_at: new Date() });
  await store.repointMerged(trx, evaluationId, goneId, keptId);
  if (!(await store.findExternalId(trx, keptId))) await store.moveExternalId(trx, goneId, keptId);
  // The entry that went is out of every check from now on; its open findings go with it.
  const stale = (await store.openFindingsOf(trx, evaluationId, goneId)).map((f) => f.id);
  return { stale, filled: Object.keys(filled) };
}

/**
 * After someone is marked as left, their other open gaps and out-of-date signs are settled by the
 * same decision, each recorded; and the out-of-date finding the new leave date makes is recorded
 * as already decided, so the next run does not ask the team again.
 */
async function settleLeaver(trx: Db, evaluationId: string, entry: EntryForChecks, settings: CheckSettings, decision: { reason: string; actorId: string | null; findingId: string }): Promise<number> {
  const detected: DetectedFinding[] = [];
  const missing = missingDetails(entry, settings);
  if (missing.length) detected.push({ kind: 'missing', personId: entry.id, otherPersonId: null, subject: `missing:${entry.id}`, score: null, reasons: missing, fingerprint: fingerprint(entry) });
  const old = outOfDateSigns(entry, settings);
  if (old.length) detected.push({ kind: 'out-of-date', personId: entry.id, otherPersonId: null, subject: `out-of-date:${entry.id}`, score: null, reasons: old, fingerprint: fingerprint(entry) });
  let settled = 0;
  const record = async (findingId: string) => {
    settled += 1;
    await store.insertDecision(trx, { evaluation_id: evaluationId, finding_id: findingId, decision: 'left', person_id: entry.id, reason: decision.reason, decided_by: decision.actorId, detail: JSON.stringify({ with: decision.findingId }) });
  };
  for (const found of detected) {
    const stored = await store.findingBySubject(trx, evaluationId, found.subject);
    if (stored?.id === decision.findingId) continue;
    if (!stored) {
      await store.insertFindings(trx, evaluationId, [{ kind: found.kind, person_id: entry.id, other_person_id: null, subject: found.subject, score: null, reasons: found.reasons, fingerprint: found.fingerprint, status: 'left' }]);
      const inserted = (await store.findingBySubject(trx, evaluationId, found.subject))!;
      await record(inserted.id);
    } else if (stored.status === 'open') {
      await store.updateFinding(trx, evaluationId, stored.id, { status: 'left', reasons: JSON.stringify(found.reasons), fingerprint: found.fingerprint });
      await record(stored.id);
    }
  }
  // Gaps in a leaver's entry no longer matter: an open "missing" finding the checks would not make now is settled too.
  for (const open of await store.openFindingsOf(trx, evaluationId, entry.id)) {
    if (open.kind === 'missing' && open.id !== decision.findingId && !detected.some((d) => d.subject === open.subject)) {
      await store.updateFinding(trx, evaluationId, open.id, { status: 'left' });
      await record(open.id);
    }
  }
  return settled;
}

/** Records the team's decision on one open finding and carries it out, all in one transaction. */
export async function decideFinding(db: Db, actorId: string | null, evaluationId: string, findingId: string, input: DecisionInput): Promise<FindingDetail> {
  const data: DecisionData = decisionInput.parse(input);
  return inTransaction(db, async (trx) => {
    await store.lockCleaning(trx, evaluationId);
    const finding = await getFinding(trx, evaluationId, findingId);
    if (finding.status !== 'open') throw conflict(`This finding was already decided (${statusLabels[finding.status].toLowerCase()}); run the checks again to see whether it still applies`);
    const entries = [finding.person.id, ...(finding.other ? [finding.other.id] : [])];
    const chosen = data.personId ?? (entries.length === 1 ? entries[0] : undefined);
    if (data.decision !== 'keep' && (!chosen || !entries.includes(chosen))) {
      const message = data.decision === 'merge' ? 'Choose which entry to keep' : 'Choose which entry is of someone who has left';
      throw badRequest(message, [{ field: 'personId', message }]);
    }
    const detail: Record<string, unknown> = { kind: finding.kind, entries };
    let personId: string | null = null;
    let mergedPersonId: string | null = null;
    let newFingerprint: string | undefined;

    if (data.decision === 'merge') {
      if (finding.kind !== 'double' || !finding.other) throw badRequest('Only double entries can be merged', [{ field: 'decision', message: 'Only double entries can be merged' }]);
      personId = chosen!;
      mergedPersonId = entries.find((id) => id !== chosen)!;
      const result = await mergeEntries(trx, evaluationId, personId, mergedPersonId);
      await store.deleteFindings(trx, evaluationId, result.stale.filter((id) => id !== findingId));
      detail.filled = result.filled;
    } else if (data.decision === 'left') {
      personId = chosen!;
      const settings = await currentSettings(trx, evaluationId);
      const current = await store.findEntryForChecks(trx, evaluationId, personId);
      if (!current) throw notFound('Directory entry');
      const leftOn = data.leftOn ?? current.leftOn ?? settings.asOf;
      await store.updatePerson(trx, evaluationId, personId, { left_on: leftOn, updated_at: new Date() });
      detail.leftOn = leftOn;
      const after = (await store.findEntryForChecks(trx, evaluationId, personId))!;
      // A pair's fingerprint takes its entries in the order the finding names them.
      const pair = await Promise.all(entries.map((id) => store.findEntryForChecks(trx, evaluationId, id)));
      newFingerprint = fingerprint(...pair.filter((e): e is EntryForChecks => e !== undefined));
      detail.alsoSettled = await settleLeaver(trx, evaluationId, after, settings, { reason: data.reason, actorId, findingId });
    }

    const status: FindingStatus = data.decision === 'merge' ? 'merged' : data.decision === 'left' ? 'left' : 'kept';
    await store.updateFinding(trx, evaluationId, findingId, { status, ...(newFingerprint ? { fingerprint: newFingerprint } : {}) });
    await store.insertDecision(trx, {
      evaluation_id: evaluationId,
      finding_id: findingId,
      decision: data.decision,
      person_id: personId,
      merged_person_id: mergedPersonId,
      reason: data.reason,
      decided_by: actorId,
      detail: JSON.stringify(detail),
    });
    const action = data.decision === 'merge' ? 'merge' : data.decision === 'left' ? 'mark-left' : 'keep';
    await recordAudit(trx, { evaluationId, userId: actorId, action, entity: 'directory-finding', entityId: findingId, detail: { ...detail, reason: data.reason } });
    return getFinding(trx, evaluationId, findingId);
  });
}
