import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { hasRole, type Role } from '../../../http/access.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { getEvaluation } from '../../evaluations/service.ts';
import { availability, getSurvey, type Survey } from '../../surveys/service.ts';
import { insertJobs, statusCounts } from '../mail/queue-store.ts';
import { participantToken, tokenDigest } from './personal-link.ts';
import * as store from './store.ts';
import { fillPlaceholders, getTemplate, longDate, type MailKind, type PlaceholderValues } from './templates.ts';

/**
 * A survey's participants: the people invited to it, each with a personal link. Adding them,
 * queueing invitations and reminders, and recording bounces. Who answered what stays with the
 * survey's anonymity: in an anonymous survey a participant only carries "completed" and its day.
 */

export type ParticipantStatus = 'completed' | 'opted-out' | 'bounced' | 'invited' | 'queued' | 'not-invited' | 'no-email';

export interface Participant {
  /** Left out where the viewer may not see who gave which response (a confidential survey's ids are in its export). */
  id?: string;
  personId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  status: ParticipantStatus;
  invitedAt: Date | null;
  remindersSent: number;
  lastRemindedAt: Date | null;
  completedOn: string | null;
  optedOutOn: string | null;
  bouncedAt: Date | null;
  /** Only where the survey links responses to participants and the viewer may see it. */
  responseId?: string | null;
}

export interface ParticipantCounts {
  total: number;
  withEmail: number;
  invited: number;
  completed: number;
  optedOut: number;
  bounced: number;
  notInvited: number;
}

function statusOf(row: store.ParticipantRow): ParticipantStatus {
  if (row.completed_on || row.completion_pending) return 'completed';
  if (row.opted_out_on) return 'opted-out';
  if (row.bounced_at) return 'bounced';
  if (row.invited_at) return 'invited';
  if (!row.email) return 'no-email';
  if (row.mail_status === 'queued' || row.mail_status === 'sending') return 'queued';
  return 'not-invited';
}

/**
 * Whether a viewer may see which participant gave which response: never in an anonymous survey
 * (nothing links them), only the lead in a confidential one, researchers and the lead in an identified one.
 */
export function maySeeResponses(survey: Pick<Survey, 'anonymity'>, role: Role): boolean {
  if (survey.anonymity === 'confidential') return role === 'lead';
  if (survey.anonymity === 'identified') return hasRole(role, 'researcher');
  return false;
}

export interface ParticipantsOverview {
  survey: Survey;
  counts: ParticipantCounts;
  mail: Record<string, number>;
  participants: Participant[];
  showsResponses: boolean;
}

export async function participantsOverview(db: Db, evaluationId: string, surveyId: string, role: Role): Promise<ParticipantsOverview> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const rows = await store.listParticipants(db, survey.id);
  const showsResponses = maySeeResponses(survey, role);
  // A confidential survey's export carries participant ids: only the lead may see whose they are.
  const showsIds = survey.anonymity !== 'confidential' || role === 'lead';
  const participants = rows.map((row): Participant => ({
    ...(showsIds ? { id: row.id } : {}),
    personId: row.person_id,
    name: row.name ?? 'Removed from the directory',
    email: row.email,
    phone: row.phone,
    status: statusOf(row),
    invitedAt: row.invited_at,
    remindersSent: row.reminders_sent,
    lastRemindedAt: row.last_reminded_at,
    completedOn: row.completed_on,
    optedOutOn: row.opted_out_on,
    bouncedAt: row.bounced_at,
    ...(showsResponses ? { responseId: row.response_id } : {}),
  }));
  const count = (status: ParticipantStatus) => participants.filter((p) => p.status === status).length;
  const counts: ParticipantCounts = {
    total: participants.length,
    withEmail: participants.filter((p) => p.email).length,
    invited: rows.filter((r) => r.invited_at).length,
    completed: count('completed'),
    optedOut: count('opted-out'),
    bounced: count('bounced'),
    notInvited: count('not-invited') + count('queued'),
  };
  return { survey, counts, mail: await statusCounts(db, survey.id), participants, showsResponses };
}

const personIdsInput = z.array(z.string().uuid('Each person id must be a directory entry’s id')).max(20_000, 'Add at most 20,000 people at a time');

/**
 * Adds people from the staff directory as participants, each with a personal link. A double
 * entry merged into another adds the entry kept; someone already a participant is left as they
 * are. Every id must be one of the evaluation's directory entries, or nothing is added.
 */
export async function addParticipants(
  db: Db,
  secret: string,
  actorId: string | null,
  evaluationId: string,
  surveyId: string,
  personIds: readonly string[],
  sampleId: string | null = null,
): Promise<{ added: number; alreadyParticipants: number }> {
  const ids = personIdsInput.safeParse([...new Set(personIds)]);
  if (!ids.success) throw badRequest(ids.error.issues[0]!.message, [{ field: 'personIds', message: ids.error.issues[0]!.message }]);
  if (!ids.data.length) throw badRequest('Choose at least one person', [{ field: 'personIds', message: 'Choose at least one person' }]);
  const survey = await getSurvey(db, evaluationId, surveyId);
  return inTransaction(db, async (trx) => {
    const found = new Map((await store.peopleOfEvaluation(trx, evaluationId, ids.data)).map((p) => [p.id, p]));
    const missing = ids.data.filter((id) => !found.has(id));
    if (missing.length) {
      const message = `${missing.length === 1 ? 'This id is' : 'These ids are'} not in the evaluation’s staff directory: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`;
      throw badRequest(message, [{ field: 'personIds', message }]);
    }
    const people = [...new Set(ids.data.map((id) => found.get(id)!.merged_into_id ?? id))];
    const rows = people.map((personId) => {
      const id = randomUUID();
      return { id, evaluation_id: evaluationId, survey_id: survey.id, person_id: personId, sample_id: sampleId, token_hash: tokenDigest(participantToken(secret, id)) };
    });
    const added = await store.insertParticipants(trx, rows);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'add-participants', entity: 'survey', entityId: survey.id, detail: { added: added.length, ...(sampleId ? { sampleId } : {}) } });
    return { added: added.length, alreadyParticipants: people.length - added.length };
  });
}

/** Adds everyone drawn in one of the evaluation's samples. */
export async function addSample(db: Db, secret: string, actorId: string | null, evaluationId: string, surveyId: string, sampleId: string) {
  if (!z.string().uuid().safeParse(sampleId).success) throw badRequest('Choose a sample', [{ field: 'sampleId', message: 'Choose a sample' }]);
  const members = await store.sampleMembers(db, evaluationId, sampleId);
  if (!members) throw badRequest('There is no such sample in this evaluation', [{ field: 'sampleId', message: 'Choose one of the evaluation’s samples' }]);
  if (!members.length) throw badRequest('That sample has nobody still in the directory', [{ field: 'sampleId', message: 'That sample has nobody still in the directory' }]);
  return addParticipants(db, secret, actorId, evaluationId, surveyId, members, sampleId);
}

export const listSamples = store.listSamples;

export function candidates(db: Db, evaluationId: string, surveyId: string, q: string) {
  return store.candidates(db, evaluationId, surveyId, q, 50);
}

export interface RoundResult {
  kind: MailKind;
  queued: number;
  /** Participants left out: completed, opted out, bounced, already sent this message, or (reminders) invited too recently. */
  notEligible: number;
  /** Participants with no e-mail address, to contact another way. */
  withoutEmail: number;
}

export const reminderInput = z.object({
  days: z.coerce
    .number({ error: 'Enter the number of days as a whole number, like 7' })
    .int('Enter the number of days as a whole number, like 7')
    .min(0, 'The number of days must be 0 or more')
    .max(365, 'The number of days must be 365 or fewer'),
});

/** The values every message of a survey shares. */
export async function surveyPlaceholders(db: Db, survey: Survey): Promise<PlaceholderValues> {
  const evaluation = await getEvaluation(db, survey.evaluationId);
  return { survey_title: survey.title, closes_on: survey.closesAt ? longDate(survey.closesAt) : 'further notice', team_name: evaluation.title };
}

/**
 * Queues a round of mail: the invitation to every participant not yet invited, or a reminder to
 * those invited at least `days` days ago (and not reminded since) who have not completed, opted
 * out or bounced. Pressing twice queues nothing more: the queue holds one message per participant,
 * kind and round. The worker sends them.
 */
export async function queueRound(db: Db, actorId: string | null, evaluationId: string, surveyId: string, kind: MailKind, now: Date, days = 0): Promise<RoundResult> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const state = availability(survey, now);
  if (!state.open && state.reason === 'closed') throw badRequest('The survey has closed: reopen it before sending mail', [{ field: 'form', message: 'The survey has closed: reopen it before sending invitations or reminders' }]);
  if (!state.open && state.reason === 'draft') throw badRequest('The survey is a draft: open it before sending mail', [{ field: 'form', message: 'The survey is a draft: open it before sending invitations, so the links work' }]);
  const template = await getTemplate(db, survey.id, kind);
  const shared = await surveyPlaceholders(db, survey);
  return inTransaction(db, async (trx) => {
    const recipients = kind === 'invitation' ? await store.invitationRecipients(trx, survey.id) : await store.reminderRecipients(trx, survey.id, new Date(now.getTime() - days * 86_400_000));
    const rows = recipients.map((r) => {
      const values = { ...shared, name: r.name };
      return {
        evaluation_id: evaluationId,
        survey_id: survey.id,
        participant_id: r.participant_id,
        kind,
        round: kind === 'invitation' ? 0 : r.reminders_sent + 1,
        to_address: r.email,
        subject: fillPlaceholders(template.subject, values),
        body: fillPlaceholders(template.body, values),
        next_attempt_at: now,
      };
    });
    const queued = await insertJobs(trx, rows);
    const all = await store.listParticipants(trx, survey.id);
    const withoutEmail = all.filter((p) => !p.email && !p.completed_on && !p.completion_pending && !p.opted_out_on).length;
    await recordAudit(trx, { evaluationId, userId: actorId, action: kind === 'invitation' ? 'queue-invitations' : 'queue-reminders', entity: 'survey', entityId: survey.id, detail: { queued, ...(kind === 'reminder' ? { days } : {}) } });
    return { kind, queued, notEligible: all.length - withoutEmail - queued, withoutEmail };
  });
}

const bounceInput = z.object({ email: z.string({ error: 'Enter the e-mail address that bounced' }).trim().toLowerCase().email('Enter an e-mail address in the correct format, like name@example.org') });

/** Records that mail to an address bounced: its directory entries and their participants are marked, and get no more mail. */
export async function recordBounce(db: Db, actorId: string | null, evaluationId: string, input: { email?: unknown }, now: Date): Promise<{ participants: number }> {
  const parsed = bounceInput.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message, [{ field: 'email', message: parsed.error.issues[0]!.message }]);
  return inTransaction(db, async (trx) => {
    const marked = await store.recordBounce(trx, evaluationId, parsed.data.email, now);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'record-bounce', entity: 'person', detail: { participants: marked } });
    return { participants: marked };
  });
}

/** The evaluation a survey belongs to, for the command line, which names surveys by id alone. */
export async function evaluationOfSurvey(db: Db, surveyId: string): Promise<string> {
  const evaluationId = z.string().uuid().safeParse(surveyId).success ? await store.surveyEvaluation(db, surveyId) : undefined;
  if (!evaluationId) throw notFound('Survey');
  return evaluationId;
}
