import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { neutraliseAuditDetails } from '../accounts/privacy.ts';
import { forgetStakeholder } from '../casework/case-studies/privacy.ts';
import { eraseMemberships } from '../casework/learning-sets/privacy.ts';
import { forgetInDirectoryWork } from '../directory/privacy.ts';
import { detachParticipations } from '../fieldwork/privacy.ts';
import { dropEvidenceOn } from '../findings/privacy.ts';
import { getPerson } from '../organisation/directory.ts';
import { replacePersonDetails } from '../organisation/privacy.ts';
import { forgetPseudonymTerms } from '../qualitative/pseudonyms/privacy.ts';
import { eraseInterviewee, intervieweeLinks, listInterviewees } from '../qualitative/privacy.ts';
import { replaceFrameSnapshots } from '../sampling/privacy.ts';
import { isoDate, optionalText, uuid } from '../shared-schemas.ts';
import { eraseLinkedResponses } from '../surveys/privacy.ts';
import { subjectName, type Subject } from './consents.ts';
import { withoutIdentifiers, type PersonIdentifiers } from './identifiers.ts';
import * as store from './store.ts';

/**
 * Withdrawal from the study. The researcher chooses, as consent forms usually allow, between erasing
 * everything collected and keeping what was already analysed ("up to the point of analysis").
 * Everything happens in one transaction: a failure part-way leaves the data as it was.
 */

export const withdrawalChoices = ['erase', 'keep-analysed'] as const;
export type WithdrawalChoice = (typeof withdrawalChoices)[number];
export const withdrawalChoiceLabels: Record<WithdrawalChoice, string> = {
  erase: 'Erase everything collected from them',
  'keep-analysed': 'Keep what was already analysed, erase the rest',
};

export const withdrawalInput = z.object({
  withdrawnOn: isoDate('The date of withdrawal'),
  choice: z.enum(withdrawalChoices, { error: 'Choose what happens to the data already collected' }),
  reason: optionalText('The reason', 1000).refine((v) => v.length > 0, 'Enter the reason for the choice, such as what the participant asked for'),
});
export type WithdrawalInput = z.input<typeof withdrawalInput>;

/** Names of erased things, as the audit entry and the result page give them. */
export const erasedLabels: Record<string, string> = {
  interviews: 'Interviews',
  transcripts: 'Transcripts',
  turns: 'Speaker turns',
  codings: 'Codings',
  quotes: 'Quotes',
  memos: 'Memos',
  matrixSummaries: 'Framework matrix summaries',
  attributes: 'Participant attributes',
  surveyParticipations: 'Survey invitations detached',
  mailMessages: 'E-mail messages',
  contactNotes: 'Contact log notes',
  linkedResponses: 'Survey responses (confidential or identified surveys)',
  directoryEntries: 'Directory entries replaced by a stand-in name',
  frameSnapshots: 'Sampling frame entries replaced by a stand-in name',
  staffNumbers: "The organisation's staff number for them",
  directoryStagedRows: 'Rows naming them in uploaded directory files not yet committed',
  directoryFindings: 'Directory cleaning findings and decisions about their entry',
  findingEvidence: 'Evidence for findings that pointed at their words',
  stakeholders: 'Case study stakeholders replaced by a stand-in name',
  learningSetMembers: 'Learning set memberships',
  learningSetAttendance: 'Learning set attendance records (with feedback given)',
  pseudonymTerms: 'Pseudonymisation terms for their name',
  pseudonymTermsKept: 'Pseudonymisation terms for their name kept, as other transcripts still mention it',
  auditEntries: 'Earlier audit log entries with their name, address or label taken out',
  consentRecords: 'Consent records marked withdrawn',
};

export interface Withdrawal {
  id: string;
  number: number;
  standIn: string;
  subject: Subject | null;
  withdrawnOn: string;
  choice: WithdrawalChoice;
  reason: string;
  erased: Record<string, number>;
  recordedBy: string;
  createdAt: Date;
}

export const standInName = (number: number) => `Withdrawn participant ${number}`;

type WithdrawalRow = Awaited<ReturnType<typeof store.listWithdrawals>>[number];
function toWithdrawal(row: WithdrawalRow): Withdrawal {
  return {
    id: row.id,
    number: row.number,
    standIn: standInName(row.number),
    subject: row.qda_participant_id ? { kind: 'interviewee', id: row.qda_participant_id } : row.person_id ? { kind: 'person', id: row.person_id } : null,
    withdrawnOn: row.withdrawn_on,
    choice: row.choice as WithdrawalChoice,
    reason: row.reason,
    erased: row.erased,
    recordedBy: row.recorder_name ?? 'A former team member',
    createdAt: row.created_at,
  };
}

export async function listWithdrawals(db: Db, evaluationId: string): Promise<Withdrawal[]> {
  return (await store.listWithdrawals(db, evaluationId)).map(toWithdrawal);
}

export async function getWithdrawal(db: Db, evaluationId: string, id: string): Promise<Withdrawal> {
  const rows = uuid.safeParse(id).success ? await store.listWithdrawals(db, evaluationId, { id }) : [];
  if (!rows[0]) throw notFound('Withdrawal');
  return toWithdrawal(rows[0]);
}

/** What a withdrawal of this subject would reach, for the confirmation page. */
export async function withdrawalScope(db: Db, evaluationId: string, subject: Subject) {
  const name = await subjectName(db, evaluationId, subject);
  const interviewees = subject.kind === 'interviewee' ? await listInterviewees(db, evaluationId, { id: subject.id }) : await listInterviewees(db, evaluationId, { personId: subject.id });
  return { name, interviewees };
}

/**
 * What identifies the subject in other rows' text: a person's name and e-mail address, and the
 * labels of their interviewees. An interviewee withdrawn on their own is identified by label only.
 */
async function identifiersOf(db: Db, evaluationId: string, subject: Subject, labels: string[], standIn: string): Promise<PersonIdentifiers> {
  if (subject.kind === 'interviewee') return { phrases: [], labels, standIn };
  const person = await getPerson(db, evaluationId, subject.id);
  return { phrases: [person.name, ...(person.email ? [person.email] : [])], labels, standIn };
}

export interface WithdrawalHooks {
  /** Called after each step; tests use it to fail part-way and check nothing changed. */
  afterStep?: (step: string) => void | Promise<void>;
}

async function sum(into: Record<string, number>, counts: Record<string, number>): Promise<void> {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
}

/**
 * Records a withdrawal and erases as chosen. With 'erase', a person's directory entry, frame
 * snapshots and stakeholder entries become "Withdrawn participant N", and their name, address and
 * label are taken out of everything else that holds them as text (earlier audit entries, uploaded
 * directory files, cleaning findings, learning sets, pseudonymisation terms, the reason given
 * here); the audit entry holds that number, the subject's id and the counts — never a name, an
 * address or any text they gave.
 */
export async function withdraw(db: Db, actorId: string | null, evaluationId: string, subject: Subject, input: WithdrawalInput, today: string, hooks: WithdrawalHooks = {}): Promise<Withdrawal> {
  const data = withdrawalInput.parse(input);
  if (data.withdrawnOn > today) throw badRequest('The date of withdrawal must be today or in the past', [{ field: 'withdrawnOn', message: 'The date of withdrawal must be today or in the past' }]);
  const step = async (name: string) => hooks.afterStep?.(name);
  const id = await inTransaction(db, async (trx) => {
    const scope = await withdrawalScope(trx, evaluationId, subject);
    const number = await store.nextWithdrawalNumber(trx, evaluationId);
    const standIn = standInName(number);
    const erased: Record<string, number> = {};
    const intervieweeIds = scope.interviewees.map((i) => i.id);
    const personId = subject.kind === 'person' ? subject.id : null;
    const erase = data.choice === 'erase';
    const ids = await identifiersOf(trx, evaluationId, subject, scope.interviewees.map((i) => i.label), standIn);
    erased.consentRecords = await store.markConsentsWithdrawn(trx, evaluationId, { qdaParticipantIds: intervieweeIds, personId }, data.withdrawnOn);
    await step('consents');
    if (erase) {
      // Links from other modules to their interviews, codings and quotes go before those rows do.
      const links = { interviewIds: [] as string[], codingIds: [] as string[], quoteIds: [] as string[] };
      for (const intervieweeId of intervieweeIds) {
        const found = await intervieweeLinks(trx, evaluationId, intervieweeId);
        links.interviewIds.push(...found.interviewIds);
        links.codingIds.push(...found.codingIds);
        links.quoteIds.push(...found.quoteIds);
      }
      await sum(erased, await dropEvidenceOn(trx, links));
      await sum(erased, await forgetStakeholder(trx, evaluationId, links.interviewIds, ids));
      await step('links');
    }
    for (const [index, interviewee] of scope.interviewees.entries()) {
      // Several interviewees of one person each need a label of their own.
      const label = scope.interviewees.length > 1 ? `${standIn} (${index + 1})` : standIn;
      await sum(erased, await eraseInterviewee(trx, evaluationId, interviewee.id, data.choice, label));
      await step('interviews');
    }
    if (subject.kind === 'person' && data.choice === 'erase') {
      const detached = await detachParticipations(trx, evaluationId, subject.id);
      erased.linkedResponses = await eraseLinkedResponses(trx, { responseIds: detached.responseIds, participationIds: detached.participationIds });
      await sum(erased, detached.counts);
      await step('surveys');
      erased.frameSnapshots = await replaceFrameSnapshots(trx, evaluationId, subject.id, standIn);
      erased.directoryEntries = await replacePersonDetails(trx, evaluationId, subject.id, standIn);
      await sum(erased, await forgetInDirectoryWork(trx, evaluationId, subject.id, ids));
      await step('directory');
      await sum(erased, await eraseMemberships(trx, evaluationId, subject.id, ids.phrases[0] ?? ''));
      await sum(erased, await forgetPseudonymTerms(trx, evaluationId, ids.phrases[0] ?? ''));
      await step('casework');
    }
    if (erase) {
      erased.auditEntries = await neutraliseAuditDetails(trx, evaluationId, ids);
      await step('earlier audit entries');
    }
    const counts = Object.fromEntries(Object.entries(erased).filter(([, n]) => n > 0));
    const withdrawalId = await store.insertWithdrawal(trx, {
      evaluation_id: evaluationId,
      qda_participant_id: subject.kind === 'interviewee' ? subject.id : null,
      person_id: subject.kind === 'person' ? subject.id : null,
      number,
      withdrawn_on: data.withdrawnOn,
      choice: data.choice,
      // The reason is the team's words, but may well name the person.
      reason: erase ? withoutIdentifiers(data.reason, ids) : data.reason,
      erased: JSON.stringify(counts),
      recorded_by: actorId,
    });
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: data.choice === 'erase' ? 'withdraw-erase' : 'withdraw-keep-analysed',
      entity: subject.kind === 'interviewee' ? 'interviewee' : 'person',
      entityId: subject.id,
      detail: { withdrawal: number, withdrawnOn: data.withdrawnOn, choice: data.choice, erased: counts },
    });
    await step('audit');
    return withdrawalId;
  });
  return getWithdrawal(db, evaluationId, id);
}
