import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { AdvisoryMeetingsTable, AdvisoryMembersTable } from '../../../db/tables.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { optionalText, requiredText } from '../../shared-schemas.ts';
import * as store from './advisory-store.ts';
import { requireLinks, requireRow } from './ownership.ts';
import { isUuid, optionalId, requiredDate } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';

export interface AdvisoryMember {
  id: string;
  name: string;
  organisation: string;
  role: string;
}

export interface AdvisoryDecision {
  id: string;
  meetingId: string;
  text: string;
  taskId: string | null;
  taskTitle: string | null;
  questionId: string | null;
  questionText: string | null;
}

export interface AdvisoryMeeting {
  id: string;
  heldOn: string;
  agenda: string;
  minutesSummary: string;
  decisions: AdvisoryDecision[];
}

export const advisoryMemberInput = z.object({
  name: requiredText('The member’s name', 200),
  organisation: optionalText('Organisation', 300),
  role: optionalText('Role', 300),
});

export const meetingInput = z.object({
  heldOn: requiredDate('The date of the meeting'),
  agenda: optionalText('Agenda', 5000),
  minutesSummary: optionalText('Summary of the minutes', 10000),
});

const taskMessage = 'Choose one of the tasks of this evaluation, or none';
const questionMessage = 'Choose one of the research questions of this evaluation, or none';

export const decisionInput = z.object({
  text: requiredText('The decision', 2000),
  taskId: optionalId(taskMessage),
  questionId: optionalId(questionMessage),
});

const toMember = (row: Selectable<AdvisoryMembersTable>): AdvisoryMember => ({ id: row.id, name: row.name, organisation: row.organisation, role: row.role });

export async function listAdvisoryMembers(db: Db, evaluationId: string): Promise<AdvisoryMember[]> {
  return (await store.listMembers(db, evaluationId)).map(toMember);
}

export async function getAdvisoryMember(db: Db, evaluationId: string, memberId: string): Promise<AdvisoryMember> {
  const member = (await listAdvisoryMembers(db, evaluationId)).find((m) => m.id === memberId);
  if (!member) throw notFound('Advisory group member');
  return member;
}

export async function addAdvisoryMember(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof advisoryMemberInput>): Promise<AdvisoryMember> {
  const data = advisoryMemberInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertMember(trx, { evaluation_id: evaluationId, ...data });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'advisory-member', entityId: row.id, detail: { name: row.name } });
    return toMember(row);
  });
}

export async function updateAdvisoryMember(db: Db, actorId: string | null, evaluationId: string, memberId: string, input: z.input<typeof advisoryMemberInput>): Promise<AdvisoryMember> {
  const data = advisoryMemberInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getAdvisoryMember(trx, evaluationId, memberId);
    const row = await store.updateMember(trx, evaluationId, memberId, data);
    if (!row) throw notFound('Advisory group member');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'advisory-member', entityId: memberId, detail: { from: before, to: toMember(row) } });
    return toMember(row);
  });
}

export async function removeAdvisoryMember(db: Db, actorId: string | null, evaluationId: string, memberId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = isUuid(memberId) ? await store.deleteMember(trx, evaluationId, memberId) : undefined;
    if (!row) throw notFound('Advisory group member');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'advisory-member', entityId: memberId, detail: { name: row.name } });
  });
}

function toMeeting(row: Selectable<AdvisoryMeetingsTable>, decisions: AdvisoryDecision[]): AdvisoryMeeting {
  return { id: row.id, heldOn: row.held_on, agenda: row.agenda, minutesSummary: row.minutes_summary, decisions: decisions.filter((d) => d.meetingId === row.id) };
}

export async function listMeetings(db: Db, evaluationId: string): Promise<AdvisoryMeeting[]> {
  const decisions = (await store.listDecisions(db, evaluationId)).map((row) => ({
    id: row.id,
    meetingId: row.meeting_id,
    text: row.text,
    taskId: row.task_id,
    taskTitle: row.task_title,
    questionId: row.question_id,
    questionText: row.question_text,
  }));
  return (await store.listMeetings(db, evaluationId)).map((row) => toMeeting(row, decisions));
}

export async function getMeeting(db: Db, evaluationId: string, meetingId: string): Promise<AdvisoryMeeting> {
  const meeting = (await listMeetings(db, evaluationId)).find((m) => m.id === meetingId);
  if (!meeting) throw notFound('Meeting');
  return meeting;
}

export async function addMeeting(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof meetingInput>): Promise<AdvisoryMeeting> {
  const data = meetingInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertMeeting(trx, { evaluation_id: evaluationId, held_on: data.heldOn, agenda: data.agenda, minutes_summary: data.minutesSummary });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'advisory-meeting', entityId: row.id, detail: { heldOn: row.held_on } });
    return toMeeting(row, []);
  });
}

export async function updateMeeting(db: Db, actorId: string | null, evaluationId: string, meetingId: string, input: z.input<typeof meetingInput>): Promise<AdvisoryMeeting> {
  const data = meetingInput.parse(input);
  await inTransaction(db, async (trx) => {
    const before = await getMeeting(trx, evaluationId, meetingId);
    await store.updateMeeting(trx, evaluationId, meetingId, { held_on: data.heldOn, agenda: data.agenda, minutes_summary: data.minutesSummary });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'advisory-meeting', entityId: meetingId, detail: { heldOn: { from: before.heldOn, to: data.heldOn } } });
  });
  return getMeeting(db, evaluationId, meetingId);
}

/** Deletes a meeting and the decisions recorded at it. */
export async function deleteMeeting(db: Db, actorId: string | null, evaluationId: string, meetingId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = isUuid(meetingId) ? await store.deleteMeeting(trx, evaluationId, meetingId) : undefined;
    if (!row) throw notFound('Meeting');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'advisory-meeting', entityId: meetingId, detail: { heldOn: row.held_on } });
  });
}

export async function addDecision(db: Db, actorId: string | null, evaluationId: string, meetingId: string, input: z.input<typeof decisionInput>): Promise<AdvisoryDecision> {
  const data = decisionInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    await requireRow(trx, 'advisory_meetings', evaluationId, meetingId, 'Meeting');
    if (data.taskId) await requireLinks(trx, 'protocol_tasks', evaluationId, [data.taskId], 'taskId', taskMessage);
    if (data.questionId) await requireLinks(trx, 'research_questions', evaluationId, [data.questionId], 'questionId', questionMessage);
    const row = await store.insertDecision(trx, { meeting_id: meetingId, text: data.text, task_id: data.taskId, question_id: data.questionId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'advisory-decision', entityId: row.id, detail: { meetingId, text: data.text } });
    return row.id;
  });
  return (await getMeeting(db, evaluationId, meetingId)).decisions.find((d) => d.id === id)!;
}

export async function deleteDecision(db: Db, actorId: string | null, evaluationId: string, meetingId: string, decisionId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await requireRow(trx, 'advisory_meetings', evaluationId, meetingId, 'Meeting');
    const row = isUuid(decisionId) ? await store.deleteDecision(trx, meetingId, decisionId) : undefined;
    if (!row) throw notFound('Decision');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'advisory-decision', entityId: decisionId, detail: { text: row.text } });
  });
}
