import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, HttpError, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { consentFormVersions } from '../evaluations/protocol/consent-forms.ts';
import { getPerson } from '../organisation/directory.ts';
import { listInterviewees } from '../qualitative/privacy.ts';
import { isoDate, optionalText, uuid } from '../shared-schemas.ts';
import * as store from './store.ts';

/**
 * Consent records: what one interviewee or one person in the staff directory agreed to, on which
 * version of the consent form, when, and who recorded it. A record is never changed; withdrawal
 * sets the day it ended.
 */

export const consentItems = ['takingPart', 'audioRecording', 'transcription', 'anonymousQuotes', 'futureResearch'] as const;
export type ConsentItem = (typeof consentItems)[number];
export const consentItemLabels: Record<ConsentItem, string> = {
  takingPart: 'Taking part in the study',
  audioRecording: 'Audio recording of the interview',
  transcription: 'Transcription of the recording',
  anonymousQuotes: 'Quotes used anonymously in reports',
  futureResearch: 'Data kept for future research',
};

export type Subject = { kind: 'interviewee'; id: string } | { kind: 'person'; id: string };

export interface ConsentRecord {
  id: string;
  subject: Subject;
  /** The interviewee's label or the person's directory name: personal data, for the team only. */
  subjectName: string;
  agreed: Record<ConsentItem, boolean>;
  formVersionId: string | null;
  form: string;
  givenOn: string;
  recordedBy: string;
  withdrawnOn: string | null;
}

const ticked = z.union([z.boolean(), z.literal('true').transform(() => true), z.literal('').transform(() => false)]).default(false);

export const consentInput = z
  .object({
    intervieweeId: z.union([z.literal('').transform(() => null), uuid]).nullish().transform((v) => v ?? null),
    personId: z.union([z.literal('').transform(() => null), uuid]).nullish().transform((v) => v ?? null),
    takingPart: ticked,
    audioRecording: ticked,
    transcription: ticked,
    anonymousQuotes: ticked,
    futureResearch: ticked,
    formVersionId: z.union([z.literal('').transform(() => null), uuid]).nullish().transform((v) => v ?? null),
    formNote: optionalText('The consent form', 300),
    givenOn: isoDate('The date consent was given'),
  })
  .superRefine((value, ctx) => {
    if (!value.intervieweeId === !value.personId) ctx.addIssue({ code: 'custom', path: ['intervieweeId'], message: 'Say whose consent this is: an interviewee or someone in the staff directory' });
    if (!value.takingPart) ctx.addIssue({ code: 'custom', path: ['agreed'], message: 'Consent to taking part must be given for a consent record; if the person declined, do not record consent' });
    if (!value.formVersionId && !value.formNote) ctx.addIssue({ code: 'custom', path: ['formVersionId'], message: 'Choose the version of the consent form, or describe the form that was signed' });
  });
export type ConsentInput = z.input<typeof consentInput>;

type ConsentRow = Awaited<ReturnType<typeof store.listConsents>>[number];

function toConsent(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    subject: row.qda_participant_id ? { kind: 'interviewee', id: row.qda_participant_id } : { kind: 'person', id: row.person_id! },
    subjectName: row.participant_label ?? row.person_name ?? '',
    agreed: { takingPart: row.taking_part, audioRecording: row.audio_recording, transcription: row.transcription, anonymousQuotes: row.anonymous_quotes, futureResearch: row.future_research },
    formVersionId: row.form_version_id,
    form: row.form_title ? `${row.form_title}, version ${row.form_number}` : row.form_note,
    givenOn: row.given_on,
    recordedBy: row.recorder_name ?? 'A former team member',
    withdrawnOn: row.withdrawn_on,
  };
}

export async function listConsents(db: Db, evaluationId: string, filter: { intervieweeIds?: string[]; personId?: string } = {}): Promise<ConsentRecord[]> {
  return (await store.listConsents(db, evaluationId, { qdaParticipantIds: filter.intervieweeIds, personId: filter.personId })).map(toConsent);
}

export async function getConsent(db: Db, evaluationId: string, id: string): Promise<ConsentRecord> {
  const rows = uuid.safeParse(id).success ? await store.listConsents(db, evaluationId, { id }) : [];
  if (!rows[0]) throw notFound('Consent record');
  return toConsent(rows[0]);
}

/** The name the team knows a subject by; 404 when the subject is not this evaluation's. */
export async function subjectName(db: Db, evaluationId: string, subject: Subject): Promise<string> {
  if (subject.kind === 'interviewee') {
    const [found] = uuid.safeParse(subject.id).success ? await listInterviewees(db, evaluationId, { id: subject.id }) : [];
    if (!found) throw notFound('Interviewee');
    return found.label;
  }
  return (await getPerson(db, evaluationId, subject.id)).name;
}

/** Whether an interviewee has a consent record in force (given and not withdrawn). */
export async function intervieweeConsent(db: Db, evaluationId: string, intervieweeId: string): Promise<{ recorded: boolean; withdrawn: boolean }> {
  const records = await listConsents(db, evaluationId, { intervieweeIds: [intervieweeId] });
  return { recorded: records.length > 0, withdrawn: records.length > 0 && records.every((r) => r.withdrawnOn !== null) };
}

export async function recordConsent(db: Db, actorId: string | null, evaluationId: string, input: ConsentInput, today: string): Promise<ConsentRecord> {
  const data = consentInput.parse(input);
  const subject: Subject = data.intervieweeId ? { kind: 'interviewee', id: data.intervieweeId } : { kind: 'person', id: data.personId! };
  const id = await inTransaction(db, async (trx) => {
    const problems: { field: string; message: string }[] = [];
    await subjectName(trx, evaluationId, subject).catch((error: unknown) => {
      if (!(error instanceof HttpError && error.status === 404)) throw error;
      problems.push({ field: 'intervieweeId', message: "Choose one of this evaluation's interviewees or someone in its staff directory" });
    });
    if (data.formVersionId && !(await consentFormVersions(trx, evaluationId)).some((v) => v.id === data.formVersionId)) problems.push({ field: 'formVersionId', message: "Choose a version of one of this evaluation's consent forms" });
    if (data.givenOn > today) problems.push({ field: 'givenOn', message: 'The date consent was given must be today or in the past' });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
    const recordId = await store.insertConsent(trx, {
      evaluation_id: evaluationId,
      qda_participant_id: data.intervieweeId,
      person_id: data.personId,
      taking_part: data.takingPart,
      audio_recording: data.audioRecording,
      transcription: data.transcription,
      anonymous_quotes: data.anonymousQuotes,
      future_research: data.futureResearch,
      form_version_id: data.formVersionId,
      form_note: data.formNote,
      given_on: data.givenOn,
      recorded_by: actorId,
    });
    // The subject's id, never their name: the audit log outlives a withdrawal.
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'create',
      entity: 'consent-record',
      entityId: recordId,
      detail: { subject: subject.kind, subjectId: subject.id, givenOn: data.givenOn, agreed: consentItems.filter((item) => data[item]) },
    });
    return recordId;
  });
  return getConsent(db, evaluationId, id);
}
