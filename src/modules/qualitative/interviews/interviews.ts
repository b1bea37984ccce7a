import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, conflict, HttpError, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listMembers, listPeriods } from '../../evaluations/service.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { optionalDate, optionalText, uuid } from '../../shared-schemas.ts';
import { getParticipant } from './participants.ts';
import { findScheduleVersionOwner } from './schedules-store.ts';
import * as store from './store.ts';

/** Interviews: who, when, how, what they consented to, how far the work on it has got. */

export const interviewModes = ['face-to-face', 'telephone', 'video'] as const;
export const interviewStatuses = ['planned', 'done', 'transcribed', 'coded', 'withdrawn'] as const;
export type InterviewMode = (typeof interviewModes)[number];
export type InterviewStatus = (typeof interviewStatuses)[number];

export const modeLabels: Record<InterviewMode, string> = { 'face-to-face': 'Face to face', telephone: 'Telephone', video: 'Video call' };
export const statusLabels: Record<InterviewStatus, string> = { planned: 'Planned', done: 'Held', transcribed: 'Transcribed', coded: 'Coded', withdrawn: 'Withdrawn' };

export interface Interview {
  id: string;
  participantId: string;
  participantLabel: string;
  roleCategory: string;
  waveId: string | null;
  waveName: string | null;
  heldOn: string | null;
  mode: InterviewMode;
  consentRecord: boolean;
  consentTranscribe: boolean;
  consentQuote: boolean;
  status: InterviewStatus;
  interviewerId: string | null;
  interviewerName: string | null;
  scheduleVersionId: string | null;
  schedule: { id: string; title: string; version: number } | null;
  notes: string;
  transcripts: number;
}

const optionalId = z.union([z.literal('').transform(() => null), uuid]).nullish().transform((v) => v ?? null);
// Check boxes post "true" when ticked and nothing when not; the API sends booleans.
const consent = z.union([z.boolean(), z.literal('true').transform(() => true), z.literal('').transform(() => false)]).default(false);

export const interviewInput = z.object({
  participantId: z.string({ error: 'Choose the participant' }).uuid('Choose the participant'),
  heldOn: optionalDate('Date of the interview'),
  mode: z.enum(interviewModes, { error: 'Choose how the interview was held' }).default('face-to-face'),
  consentRecord: consent,
  consentTranscribe: consent,
  consentQuote: consent,
  status: z.enum(interviewStatuses, { error: 'Choose a status' }).default('planned'),
  waveId: optionalId,
  interviewerId: optionalId,
  scheduleVersionId: optionalId,
  notes: optionalText('Notes', 5000),
});
export type InterviewInput = z.input<typeof interviewInput>;
type InterviewData = z.output<typeof interviewInput>;

export interface InterviewSearch {
  status?: string | undefined;
  mode?: string | undefined;
  waveId?: string | undefined;
  role?: string | undefined;
  participantId?: string | undefined;
}

type InterviewRow = Awaited<ReturnType<typeof store.listInterviews>>[number];

async function withNames(db: Db, evaluationId: string, rows: InterviewRow[]): Promise<Interview[]> {
  const waves = new Map((await listPeriods(db, 'waves', evaluationId)).map((w) => [w.id, w.name]));
  const members = new Map((await listMembers(db, evaluationId)).map((m) => [m.userId, m.name]));
  return rows.map((row) => ({
    id: row.id,
    participantId: row.participant_id,
    participantLabel: row.participant_label,
    roleCategory: row.role_category,
    waveId: row.wave_id,
    waveName: row.wave_id ? (waves.get(row.wave_id) ?? null) : null,
    heldOn: row.held_on,
    mode: row.mode as InterviewMode,
    consentRecord: row.consent_record,
    consentTranscribe: row.consent_transcribe,
    consentQuote: row.consent_quote,
    status: row.status as InterviewStatus,
    interviewerId: row.interviewer_id,
    interviewerName: row.interviewer_id ? (members.get(row.interviewer_id) ?? 'A former team member') : null,
    scheduleVersionId: row.schedule_version_id,
    schedule: row.schedule_id ? { id: row.schedule_id, title: row.schedule_title ?? '', version: row.schedule_version ?? 0 } : null,
    notes: row.notes,
    transcripts: Number(row.transcripts ?? 0),
  }));
}

export async function listInterviews(db: Db, evaluationId: string, search: InterviewSearch = {}): Promise<Interview[]> {
  const valid = (id: string | undefined) => (id && uuid.safeParse(id).success ? id : undefined);
  const rows = await store.listInterviews(db, evaluationId, {
    status: search.status || undefined,
    mode: search.mode || undefined,
    waveId: valid(search.waveId),
    role: search.role || undefined,
    participantId: valid(search.participantId),
  });
  return withNames(db, evaluationId, rows);
}

export async function getInterview(db: Db, evaluationId: string, interviewId: string): Promise<Interview> {
  const row = uuid.safeParse(interviewId).success ? await store.findInterview(db, evaluationId, interviewId) : undefined;
  if (!row) throw notFound('Interview');
  return (await withNames(db, evaluationId, [row]))[0]!;
}

/** The participant, wave, interviewer and schedule version must all belong to this evaluation. */
async function checkLinks(db: Db, evaluationId: string, data: InterviewData): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  await getParticipant(db, evaluationId, data.participantId).catch((error: unknown) => {
    if (!(error instanceof HttpError && error.status === 404)) throw error;
    problems.push({ field: 'participantId', message: "Choose one of this evaluation's participants" });
  });
  if (data.waveId && !(await listPeriods(db, 'waves', evaluationId)).some((w) => w.id === data.waveId)) problems.push({ field: 'waveId', message: "Choose one of this evaluation's waves" });
  if (data.interviewerId && !(await listMembers(db, evaluationId)).some((m) => m.userId === data.interviewerId)) problems.push({ field: 'interviewerId', message: 'Choose a member of the evaluation team as interviewer' });
  if (data.scheduleVersionId && (await findScheduleVersionOwner(db, data.scheduleVersionId)) !== evaluationId) problems.push({ field: 'scheduleVersionId', message: "Choose one of this evaluation's interview schedules" });
  if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
}

function toValues(data: InterviewData) {
  return {
    participant_id: data.participantId,
    held_on: data.heldOn,
    mode: data.mode,
    consent_record: data.consentRecord,
    consent_transcribe: data.consentTranscribe,
    consent_quote: data.consentQuote,
    status: data.status,
    wave_id: data.waveId,
    interviewer_id: data.interviewerId,
    schedule_version_id: data.scheduleVersionId,
    notes: data.notes,
  };
}

// Notes may name people; the audit log records what kind of change, not the words.
const auditDetail = (data: InterviewData) => ({ status: data.status, mode: data.mode, consents: { record: data.consentRecord, transcribe: data.consentTranscribe, quote: data.consentQuote } });

export async function createInterview(db: Db, actorId: string | null, evaluationId: string, input: InterviewInput): Promise<Interview> {
  const data = interviewInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    await checkLinks(trx, evaluationId, data);
    const row = await store.insertInterview(trx, { evaluation_id: evaluationId, ...toValues(data) });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'interview', entityId: row.id, detail: auditDetail(data) });
    return row.id;
  });
  return getInterview(db, evaluationId, id);
}

export async function updateInterview(db: Db, actorId: string | null, evaluationId: string, interviewId: string, input: InterviewInput): Promise<Interview> {
  const data = interviewInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getInterview(trx, evaluationId, interviewId);
    await checkLinks(trx, evaluationId, data);
    if (before.transcripts && !data.consentTranscribe) {
      throw badRequest('This interview has a transcript, so consent to transcribe cannot be taken away here: delete the transcript first if consent was withdrawn', [
        { field: 'consentTranscribe', message: 'The interview has a transcript: delete it first if consent to transcribe was withdrawn' },
      ]);
    }
    await store.updateInterview(trx, evaluationId, interviewId, toValues(data));
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'interview', entityId: interviewId, detail: auditDetail(data) });
  });
  return getInterview(db, evaluationId, interviewId);
}

/** Deletes an interview without transcripts; a transcript would lose its consent record. */
export async function deleteInterview(db: Db, actorId: string | null, evaluationId: string, interviewId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const interview = await getInterview(trx, evaluationId, interviewId);
    if (interview.transcripts) throw conflict(`The interview with ${interview.participantLabel} has ${interview.transcripts === 1 ? 'a transcript' : `${interview.transcripts} transcripts`}: delete ${interview.transcripts === 1 ? 'it' : 'them'} first.`);
    await store.deleteInterview(trx, evaluationId, interviewId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'interview', entityId: interviewId, detail: { participant: interview.participantLabel } });
  });
}

/**
 * The interview a transcript is being added to, refused with a clear reason unless the
 * participant consented to transcription. Call it inside the transaction that stores the transcript.
 */
export async function interviewForTranscript(db: Db, evaluationId: string, interviewId: string): Promise<Interview> {
  const interview = await getInterview(db, evaluationId, interviewId);
  if (!interview.consentTranscribe) {
    const message = `${interview.participantLabel} did not consent to their interview being transcribed (as recorded on the interview), so no transcript can be added. If consent was given, record it on the interview first.`;
    throw badRequest(message, [{ field: 'interviewId', message }]);
  }
  if (interview.status === 'withdrawn') {
    const message = `${interview.participantLabel} withdrew from the study, so no transcript can be added to their interview.`;
    throw badRequest(message, [{ field: 'interviewId', message }]);
  }
  return interview;
}

/** Moves an interview on to "transcribed" when its first transcript arrives, unless it is further on. */
export async function markTranscribed(db: Db, evaluationId: string, interview: Interview): Promise<void> {
  if (interview.status === 'planned' || interview.status === 'done') await store.updateInterview(db, evaluationId, interview.id, { status: 'transcribed' });
}
