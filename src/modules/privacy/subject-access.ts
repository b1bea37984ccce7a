import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { stakeholderEntriesOf, type StakeholderEntry } from '../casework/case-studies/privacy.ts';
import { membershipsOf, type LearningSetMembership } from '../casework/learning-sets/privacy.ts';
import { participationsOfPerson, type SurveyParticipation } from '../fieldwork/privacy.ts';
import { getPerson, type Person } from '../organisation/directory.ts';
import { findPersonByEmail } from '../organisation/privacy.ts';
import { intervieweeLinks, intervieweeRecords, listInterviewees, type IntervieweeRecords } from '../qualitative/privacy.ts';
import { membershipsOfPerson, type SampleMembership } from '../sampling/privacy.ts';
import { linkedResponses, type LinkedResponse } from '../surveys/privacy.ts';
import { listConsents, type ConsentRecord, type Subject } from './consents.ts';
import * as store from './store.ts';

/**
 * A subject access export: every record the evaluation holds about one person, gathered from each
 * module through its own functions. Responses to anonymous surveys cannot be found — nothing links
 * them to anyone — and the export says so rather than leaving the reader to wonder.
 */

export interface SubjectAccessExport {
  generatedAt: string;
  evaluation: { id: string; title: string };
  subject: Subject;
  directoryEntry: Person | null;
  sampleMemberships: SampleMembership[];
  surveyParticipations: SurveyParticipation[];
  linkedResponses: LinkedResponse[];
  consentRecords: ConsentRecord[];
  withdrawals: { number: number; withdrawnOn: string; choice: string; reason: string }[];
  interviews: IntervieweeRecords[];
  caseStudyStakeholders: StakeholderEntry[];
  learningSetMemberships: LearningSetMembership[];
  notes: string[];
}

const anonymousNote = 'Responses to anonymous surveys are not included: nothing stored links them to the person who gave them.';

async function gather(db: Db, evaluation: { id: string; title: string }, subject: Subject, now: Date): Promise<SubjectAccessExport> {
  const person = subject.kind === 'person' ? await getPerson(db, evaluation.id, subject.id) : null;
  const interviewees = subject.kind === 'person' ? await listInterviewees(db, evaluation.id, { personId: subject.id }) : await listInterviewees(db, evaluation.id, { id: subject.id });
  if (subject.kind === 'interviewee' && !interviewees.length) throw notFound('Interviewee');
  const intervieweeIds = interviewees.map((i) => i.id);
  const participations = person ? await participationsOfPerson(db, evaluation.id, person.id) : [];
  const responses = await linkedResponses(db, {
    responseIds: participations.flatMap((p) => (p.responseId ? [p.responseId] : [])),
    participationIds: participations.filter((p) => p.anonymity !== 'anonymous').map((p) => p.id),
  });
  const consents = [...(person ? await listConsents(db, evaluation.id, { personId: person.id }) : []), ...(await listConsents(db, evaluation.id, { intervieweeIds }))];
  const withdrawals = await store.listWithdrawals(db, evaluation.id, { personId: person?.id, qdaParticipantIds: intervieweeIds });
  const interviews: IntervieweeRecords[] = [];
  const interviewIds: string[] = [];
  for (const id of intervieweeIds) {
    const records = await intervieweeRecords(db, evaluation.id, id);
    if (records) interviews.push(records);
    interviewIds.push(...(await intervieweeLinks(db, evaluation.id, id)).interviewIds);
  }
  return {
    generatedAt: now.toISOString(),
    evaluation,
    subject,
    directoryEntry: person,
    sampleMemberships: person ? await membershipsOfPerson(db, evaluation.id, person.id) : [],
    surveyParticipations: participations,
    linkedResponses: responses,
    consentRecords: consents,
    withdrawals: withdrawals.map((w) => ({ number: w.number, withdrawnOn: w.withdrawn_on, choice: w.choice, reason: w.reason })),
    interviews,
    caseStudyStakeholders: await stakeholderEntriesOf(db, evaluation.id, interviewIds, person?.name ?? null),
    learningSetMemberships: await membershipsOf(db, evaluation.id, person?.id ?? null, person?.name ?? ''),
    notes: [anonymousNote],
  };
}

/** Builds the export and records in the audit log that it was made (by whom, about which id). */
export async function subjectAccessExport(db: Db, actorId: string | null, evaluation: { id: string; title: string }, subject: Subject, now: Date): Promise<SubjectAccessExport> {
  return inTransaction(db, async (trx) => {
    const result = await gather(trx, evaluation, subject, now);
    await recordAudit(trx, { evaluationId: evaluation.id, userId: actorId, action: 'subject-access-export', entity: subject.kind, entityId: subject.id, detail: { interviews: result.interviews.length, surveyParticipations: result.surveyParticipations.length } });
    return result;
  });
}

/** The directory person with this e-mail address, as a subject; 404 when there is none. */
export async function subjectByEmail(db: Db, evaluationId: string, email: string): Promise<Subject> {
  const person = await findPersonByEmail(db, evaluationId, email);
  if (!person) throw notFound('Person with that e-mail address');
  return { kind: 'person', id: person.id };
}
