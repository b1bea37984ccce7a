import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit } from '../accounts/audit.ts';
import { getEvaluation } from '../evaluations/service.ts';
import { retainStakeholders } from '../casework/case-studies/privacy.ts';
import { retainMembers } from '../casework/learning-sets/privacy.ts';
import { retainDirectoryWork } from '../directory/privacy.ts';
import { retainFieldwork } from '../fieldwork/privacy.ts';
import { retainDirectory } from '../organisation/privacy.ts';
import { retainQualitative } from '../qualitative/privacy.ts';
import { retainFrameSnapshots } from '../sampling/privacy.ts';
import { optionalDate } from '../shared-schemas.ts';
import * as store from './store.ts';

/**
 * How long an evaluation keeps personal data, and the deletion job that removes it when the time
 * has come: contact details, and people's names (directory entries, frame snapshots, case study
 * stakeholders, learning set members become "Person N", "Frame entry N", "Stakeholder N",
 * "Member N"). Anonymous responses, transcripts' text, codings, interviewees' labels (codes such as
 * "SM01") and the pseudonymised quotes that reports use are research data, not personal data, and
 * are kept — as are the pseudonymisation terms that keep names in that text out of reports.
 */

export interface RetentionPolicy {
  monthsAfterEnd: number | null;
  deleteOn: string | null;
}

export const retentionInput = z
  .object({
    basis: z.enum(['months', 'date'], { error: 'Choose how the retention period is set' }),
    monthsAfterEnd: z.union([z.literal('').transform(() => null), z.coerce.number({ error: 'Enter the number of months as a whole number' }).int('Enter the number of months as a whole number').min(0, 'The number of months must be 0 or more').max(1200, 'The number of months must be 1200 or fewer')]).nullish().transform((v) => v ?? null),
    deleteOn: optionalDate('The deletion date'),
  })
  .superRefine((value, ctx) => {
    if (value.basis === 'months' && value.monthsAfterEnd === null) ctx.addIssue({ code: 'custom', path: ['monthsAfterEnd'], message: 'Enter the number of months after the end of the evaluation' });
    if (value.basis === 'date' && !value.deleteOn) ctx.addIssue({ code: 'custom', path: ['deleteOn'], message: 'Enter the date personal data is to be deleted' });
  });
export type RetentionInput = z.input<typeof retentionInput>;

/** Adds whole months to a date; the 31st plus one month is the last day of the next month. */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The day personal data is due for deletion, or why there is none yet. */
export function dueDate(policy: RetentionPolicy | null, evaluationEndsOn: string | null): { dueOn: string | null; why: string } {
  if (!policy) return { dueOn: null, why: 'No retention period is set for this evaluation.' };
  if (policy.deleteOn) return { dueOn: policy.deleteOn, why: `Personal data is to be deleted on a set date.` };
  if (!evaluationEndsOn) return { dueOn: null, why: `The period is ${policy.monthsAfterEnd} months after the evaluation ends, but the evaluation has no end date.` };
  return { dueOn: addMonths(evaluationEndsOn, policy.monthsAfterEnd ?? 0), why: `Personal data is kept for ${policy.monthsAfterEnd} months after the evaluation ends.` };
}

export async function getRetentionPolicy(db: Db, evaluationId: string): Promise<RetentionPolicy | null> {
  const row = await store.findRetentionPolicy(db, evaluationId);
  return row ? { monthsAfterEnd: row.months_after_end, deleteOn: row.delete_on } : null;
}

export async function setRetentionPolicy(db: Db, actorId: string | null, evaluationId: string, input: RetentionInput): Promise<RetentionPolicy> {
  const data = retentionInput.parse(input);
  const policy = data.basis === 'months' ? { months_after_end: data.monthsAfterEnd, delete_on: null } : { months_after_end: null, delete_on: data.deleteOn };
  await inTransaction(db, async (trx) => {
    await store.saveRetentionPolicy(trx, evaluationId, { ...policy, updated_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'retention-policy', entityId: evaluationId, detail: { monthsAfterEnd: policy.months_after_end, deleteOn: policy.delete_on } });
  });
  return { monthsAfterEnd: policy.months_after_end, deleteOn: policy.delete_on };
}

/** What the deletion job removes, in words, in the order the page lists it. */
export const retentionLabels: Record<string, string> = {
  directoryContactDetails: 'Directory entries with an e-mail address or telephone number',
  directoryNames: 'Names in the staff directory (each becomes “Person N”)',
  directoryFindings: 'Directory cleaning findings and decisions (their reasons quote names)',
  directoryUploads: 'Uploaded directory files not yet committed',
  frameSnapshotEmails: 'E-mail addresses in sampling frames',
  frameSnapshotNames: 'Names in sampling frames',
  stakeholderNames: 'Names of case study stakeholders (each becomes “Stakeholder N”)',
  learningSetMemberNames: 'Names of learning set members and their links to the directory (each becomes “Member N”)',
  personalLinks: 'Personal survey links (they stop working)',
  mailMessages: 'Invitation and reminder e-mails (addresses and text)',
  contactNotes: 'Notes in the contact log',
  intervieweeAttributes: 'Interviewee attributes',
  intervieweeDirectoryLinks: 'Links from interviewees to the staff directory',
  recordingReferences: 'Names of the recordings or files transcripts came from',
};

export interface RetentionRun {
  dueOn: string | null;
  why: string;
  due: boolean;
  /** True when this call deleted (not a dry run, and due). */
  applied: boolean;
  counts: Record<string, number>;
  total: number;
}

async function sweep(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  return {
    // The directory goes first: frame snapshots take their entry's new name.
    ...(await retainDirectory(db, evaluationId, apply)),
    ...(await retainDirectoryWork(db, evaluationId, apply)),
    ...(await retainFrameSnapshots(db, evaluationId, apply)),
    ...(await retainStakeholders(db, evaluationId, apply)),
    ...(await retainMembers(db, evaluationId, apply)),
    ...(await retainFieldwork(db, evaluationId, apply)),
    ...(await retainQualitative(db, evaluationId, apply)),
  };
}

/**
 * The deletion job for one evaluation: lists what would be deleted (dry run, or not yet due) or
 * deletes it, in one transaction, audited with counts only. Running it again deletes nothing more.
 */
export async function runRetention(db: Db, actorId: string | null, evaluationId: string, options: { dryRun: boolean; today: string }): Promise<RetentionRun> {
  return inTransaction(db, async (trx) => {
    const evaluation = await getEvaluation(trx, evaluationId);
    const { dueOn, why } = dueDate(await getRetentionPolicy(trx, evaluationId), evaluation.endsOn);
    const due = dueOn !== null && dueOn <= options.today;
    const apply = due && !options.dryRun;
    const counts = await sweep(trx, evaluationId, apply);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (apply && total > 0) await recordAudit(trx, { evaluationId, userId: actorId, action: 'retention-delete', entity: 'evaluation', entityId: evaluationId, detail: { dueOn, deleted: counts } });
    return { dueOn, why, due, applied: apply, counts, total };
  });
}
