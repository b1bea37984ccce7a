import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { isoDate, optionalText, uuid } from '../../shared-schemas.ts';
import { getSurvey } from '../../surveys/service.ts';
import { contactKinds, declineReasons, strongestContact, type ContactKind, type ContactMethod, type DeclineReason } from './kinds.ts';
import * as store from './store.ts';

/** One entry of the contact log. */
export interface ContactEvent {
  id: string;
  participantId: string;
  kind: ContactKind;
  reason: DeclineReason | null;
  note: string;
  occurredOn: string;
  recordedByName: string | null;
}

/** A participant as fieldwork pages show them: who, how to reach them, and where they stand. */
export interface ContactedParticipant {
  id: string;
  personId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  regionName: string | null;
  completedOn: string | null;
  optedOutOn: string | null;
  bounced: boolean;
  method: ContactMethod;
  lastContact: ContactEvent | null;
  declineReason: DeclineReason | null;
  events: ContactEvent[];
}

export const contactInput = z
  .object({
    participantId: uuid,
    kind: z.enum(contactKinds, { error: 'Choose what happened' }),
    reason: z.union([z.literal('').transform(() => null), z.enum(declineReasons, { error: 'Choose the reason they gave' })]).nullish().transform((v) => v ?? null),
    note: optionalText('The note', 1000),
    occurredOn: isoDate('The date'),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'declined' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Choose the reason they gave for not taking part' });
    if (v.kind === 'declined' && v.reason === 'other' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what the other reason was' });
  })
  // Only a refusal keeps a reason, whatever else the form sent.
  .transform((v) => ({ ...v, reason: v.kind === 'declined' ? v.reason : null }));
export type ContactInput = z.input<typeof contactInput>;

function toEvent(row: Awaited<ReturnType<typeof store.listContactEvents>>[number]): ContactEvent {
  return {
    id: row.id,
    participantId: row.participant_id,
    kind: row.kind as ContactKind,
    reason: row.reason as DeclineReason | null,
    note: row.note,
    occurredOn: row.occurred_on,
    recordedByName: row.recorded_by_name,
  };
}

/**
 * Records one contact with a participant. The invitations module calls this for every invitation
 * and reminder it sends (kind email_sent or reminder_sent), inside its own transaction if it has
 * one; the contacts pages call it for calls, voicemails and refusals. An opt-out or a refusal also
 * marks the participant opted out (no more reminders), and a bounce marks them bounced.
 */
export async function recordContact(db: Db, input: ContactInput & { evaluationId: string; recordedBy?: string | null }): Promise<ContactEvent> {
  const data = contactInput.parse(input);
  return inTransaction(db, async (trx) => {
    const participant = await store.findParticipant(trx, input.evaluationId, data.participantId);
    if (!participant) throw notFound('Participant');
    const row = await store.insertContactEvent(trx, {
      evaluation_id: input.evaluationId,
      participant_id: participant.id,
      kind: data.kind,
      reason: data.reason,
      note: data.note,
      occurred_on: data.occurredOn,
      recorded_by: input.recordedBy ?? null,
    });
    if (data.kind === 'opted_out' || data.kind === 'declined') await store.markOptedOut(trx, participant.id, data.occurredOn);
    if (data.kind === 'bounced') await store.markBounced(trx, participant.id, new Date(`${data.occurredOn}T00:00:00Z`));
    // Mail the system sends is logged here already; the audit log keeps what people record by hand.
    if (input.recordedBy) {
      await recordAudit(trx, { evaluationId: input.evaluationId, userId: input.recordedBy, action: 'create', entity: 'contact-event', entityId: row.id, detail: { kind: data.kind, reason: data.reason } });
    }
    return { id: row.id, participantId: row.participant_id, kind: data.kind, reason: data.reason, note: row.note, occurredOn: row.occurred_on, recordedByName: null };
  });
}

/** Every participant of a survey with their contact history, strongest contact and last contact. */
export async function surveyParticipants(db: Db, surveyId: string, participantId?: string): Promise<ContactedParticipant[]> {
  const [rows, events] = await Promise.all([store.listSurveyParticipants(db, surveyId, participantId), store.listContactEvents(db, surveyId, participantId)]);
  const byParticipant = new Map<string, ContactEvent[]>();
  for (const row of events) {
    const list = byParticipant.get(row.participant_id) ?? [];
    list.push(toEvent(row));
    byParticipant.set(row.participant_id, list);
  }
  return rows.map((row) => {
    const history = byParticipant.get(row.id) ?? [];
    const kinds = new Set<string>(history.map((e) => e.kind));
    const declined = [...history].reverse().find((e) => e.kind === 'declined');
    return {
      id: row.id,
      personId: row.person_id,
      name: row.name ?? 'Removed from the directory',
      email: row.email ?? null,
      phone: row.phone ?? null,
      unitId: row.unit_id ?? null,
      unitName: row.unit_name ?? null,
      regionId: row.region_id ?? null,
      regionName: row.region_name ?? null,
      completedOn: row.completed_on,
      optedOutOn: row.opted_out_on,
      bounced: row.bounced_at !== null || kinds.has('bounced'),
      method: strongestContact(kinds, { invitedAt: row.invited_at, remindersSent: row.reminders_sent }),
      lastContact: history.at(-1) ?? null,
      declineReason: declined?.reason ?? null,
      events: history,
    };
  });
}

/** One participant of a survey in an evaluation, with their history; 404 when it is not there. */
export async function participantHistory(db: Db, evaluationId: string, surveyId: string, participantId: string) {
  const survey = await getSurvey(db, evaluationId, surveyId);
  if (!uuid.safeParse(participantId).success) throw notFound('Participant');
  const [participant] = await surveyParticipants(db, survey.id, participantId);
  if (!participant) throw notFound('Participant');
  return { survey, participant };
}
