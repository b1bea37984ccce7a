import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { idList } from '../../evaluations/protocol/schemas.ts';
import { listFindings } from '../../findings/service.ts';
import { isoDate, optionalText, uuid } from '../../shared-schemas.ts';
import { sessionStatuses, sessionStatusLabels, statusNeedsReason, type SessionStatus } from './labels.ts';
import { getSet, listMembers, type LearningSet, type Member } from './sets.ts';

/** Sessions of a learning set: when and where, what happened to them and why, who came, what was shown. */

export const sessionInput = z.object({
  plannedOn: isoDate('The planned date'),
  place: optionalText('Place', 200),
  facilitator: optionalText('Facilitator', 200),
});
export type SessionInput = z.input<typeof sessionInput>;

export const statusInput = z
  .object({
    status: z.enum(sessionStatuses, { error: 'Choose what happened to the session' }),
    reason: optionalText('Reason', 2000),
  })
  .superRefine((value, ctx) => {
    if (statusNeedsReason(value.status) && value.reason === '') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `Enter why the session was ${value.status}, for example “cancelled at the funder’s request”` });
    }
  });
export type StatusInput = z.input<typeof statusInput>;

export const attendanceInput = z.object({ memberIds: idList('Choose members of this learning set') });
export const presentedInput = z.object({ findingIds: idList('Choose findings of this evaluation') });

export interface SessionSummary {
  id: string;
  setId: string;
  plannedOn: string;
  place: string;
  facilitator: string;
  status: SessionStatus;
  statusLabel: string;
  reason: string;
  attended: number;
  presented: number;
  feedback: number;
}

export interface StatusChange {
  from: SessionStatus | null;
  to: SessionStatus;
  reason: string;
  by: string | null;
  at: Date;
}

export interface PresentedFinding {
  id: string;
  /** The finding's number in the findings list, as the team knows it. */
  number: number;
  statement: string;
}

export interface Session extends SessionSummary {
  set: LearningSet;
  members: (Member & { attended: boolean })[];
  findings: PresentedFinding[];
  history: StatusChange[];
}

type SessionRow = { id: string; learning_set_id: string; planned_on: string; place: string; facilitator: string; status: string; status_reason: string; attended: number; presented: number; feedback: number };

function toSummary(row: SessionRow): SessionSummary {
  const status = row.status as SessionStatus;
  return {
    id: row.id,
    setId: row.learning_set_id,
    plannedOn: row.planned_on,
    place: row.place,
    facilitator: row.facilitator,
    status,
    statusLabel: sessionStatusLabels[status],
    reason: row.status_reason,
    attended: row.attended,
    presented: row.presented,
    feedback: row.feedback,
  };
}

function selectSessions(db: Db) {
  return db
    .selectFrom('learning_set_sessions as s')
    .select(['s.id', 's.learning_set_id', 's.planned_on', 's.place', 's.facilitator', 's.status', 's.status_reason'])
    .select((eb) => [
      eb.selectFrom('learning_set_attendance as a').whereRef('a.session_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('attended'),
      eb.selectFrom('learning_set_presented_findings as p').whereRef('p.session_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('presented'),
      eb.selectFrom('learning_set_feedback as f').whereRef('f.session_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('feedback'),
    ]);
}

/** Counts come back from PostgreSQL as strings (bigint); the summaries want numbers. */
function numbered(row: Record<string, unknown>): SessionRow {
  return { ...(row as SessionRow), attended: Number(row.attended), presented: Number(row.presented), feedback: Number(row.feedback) };
}

export async function listSessions(db: Db, setId: string): Promise<SessionSummary[]> {
  const rows = await selectSessions(db).where('s.learning_set_id', '=', setId).orderBy('s.planned_on').orderBy('s.created_at').execute();
  return rows.map((r) => toSummary(numbered(r)));
}

/** Every session of the evaluation, for the list page, the CLI and coverage. */
export async function listEvaluationSessions(db: Db, evaluationId: string): Promise<SessionSummary[]> {
  const rows = await selectSessions(db)
    .innerJoin('learning_sets as ls', 'ls.id', 's.learning_set_id')
    .where('ls.evaluation_id', '=', evaluationId)
    .orderBy('s.planned_on')
    .orderBy('s.created_at')
    .execute();
  return rows.map((r) => toSummary(numbered(r)));
}

async function findSession(db: Db, evaluationId: string, setId: string, sessionId: string): Promise<{ set: LearningSet; summary: SessionSummary }> {
  const set = await getSet(db, evaluationId, setId);
  const row = uuid.safeParse(sessionId).success ? await selectSessions(db).where('s.learning_set_id', '=', set.id).where('s.id', '=', sessionId).executeTakeFirst() : undefined;
  if (!row) throw notFound('Session');
  return { set, summary: toSummary(numbered(row)) };
}

export async function getSession(db: Db, evaluationId: string, setId: string, sessionId: string): Promise<Session> {
  const { set, summary } = await findSession(db, evaluationId, setId, sessionId);
  const attended = new Set((await db.selectFrom('learning_set_attendance').select('member_id').where('session_id', '=', summary.id).execute()).map((r) => r.member_id));
  const presented = await db.selectFrom('learning_set_presented_findings').select(['finding_id', 'position']).where('session_id', '=', summary.id).orderBy('position').execute();
  const numbers = new Map((await listFindings(db, evaluationId)).map((f, index) => [f.id, { number: index + 1, statement: f.statement }]));
  const history = await db
    .selectFrom('learning_set_session_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.from_status', 'c.to_status', 'c.reason', 'u.name', 'c.changed_at'])
    .where('c.session_id', '=', summary.id)
    .orderBy('c.changed_at')
    .execute();
  return {
    ...summary,
    set,
    members: (await listMembers(db, set.id)).map((m) => ({ ...m, attended: attended.has(m.id) })),
    findings: presented.flatMap((p) => {
      const finding = numbers.get(p.finding_id);
      return finding ? [{ id: p.finding_id, ...finding }] : [];
    }),
    history: history.map((h) => ({ from: h.from_status as SessionStatus | null, to: h.to_status as SessionStatus, reason: h.reason, by: h.name, at: h.changed_at })),
  };
}

export async function planSession(db: Db, actorId: string | null, evaluationId: string, setId: string, input: SessionInput): Promise<SessionSummary> {
  const data = sessionInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    const set = await getSet(trx, evaluationId, setId);
    const row = await trx
      .insertInto('learning_set_sessions')
      .values({ learning_set_id: set.id, planned_on: data.plannedOn, place: data.place, facilitator: data.facilitator, created_by: actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('learning_set_session_changes').values({ session_id: row.id, from_status: null, to_status: 'planned', changed_by: actorId }).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'learning-set-session', entityId: row.id, detail: { setId: set.id, plannedOn: data.plannedOn } });
    return row.id;
  });
  return (await findSession(db, evaluationId, setId, id)).summary;
}

export async function updateSession(db: Db, actorId: string | null, evaluationId: string, setId: string, sessionId: string, input: SessionInput): Promise<SessionSummary> {
  const data = sessionInput.parse(input);
  await inTransaction(db, async (trx) => {
    const { summary } = await findSession(trx, evaluationId, setId, sessionId);
    await trx.updateTable('learning_set_sessions').set({ planned_on: data.plannedOn, place: data.place, facilitator: data.facilitator }).where('id', '=', summary.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'learning-set-session', entityId: summary.id, detail: { plannedOn: { from: summary.plannedOn, to: data.plannedOn } } });
  });
  return (await findSession(db, evaluationId, setId, sessionId)).summary;
}

/** Changes what happened to a session; every change is kept with who made it, when and why. */
export async function setSessionStatus(db: Db, actorId: string | null, evaluationId: string, setId: string, sessionId: string, input: StatusInput): Promise<SessionSummary> {
  const data = statusInput.parse(input);
  await inTransaction(db, async (trx) => {
    const { summary } = await findSession(trx, evaluationId, setId, sessionId);
    if (summary.status === data.status && summary.reason === data.reason) return;
    const reason = data.reason;
    await trx.updateTable('learning_set_sessions').set({ status: data.status, status_reason: statusNeedsReason(data.status) ? reason : '' }).where('id', '=', summary.id).execute();
    await trx.insertInto('learning_set_session_changes').values({ session_id: summary.id, from_status: summary.status, to_status: data.status, reason, changed_by: actorId }).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'change-status', entity: 'learning-set-session', entityId: summary.id, detail: { from: summary.status, to: data.status, reason } });
  });
  return (await findSession(db, evaluationId, setId, sessionId)).summary;
}

export async function deleteSession(db: Db, actorId: string | null, evaluationId: string, setId: string, sessionId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { summary } = await findSession(trx, evaluationId, setId, sessionId);
    await trx.deleteFrom('learning_set_sessions').where('id', '=', summary.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'learning-set-session', entityId: summary.id, detail: { plannedOn: summary.plannedOn } });
  });
}

/** Who came: only a held session has attendance, and only the set's own members can attend. */
export async function setAttendance(db: Db, actorId: string | null, evaluationId: string, setId: string, sessionId: string, input: z.input<typeof attendanceInput>): Promise<void> {
  const { memberIds } = attendanceInput.parse(input);
  await inTransaction(db, async (trx) => {
    const { set, summary } = await findSession(trx, evaluationId, setId, sessionId);
    if (summary.status !== 'held') throw badRequest('Mark the session as held before saying who came', [{ field: 'memberIds', message: 'Mark the session as held before saying who came' }]);
    const members = new Set((await listMembers(trx, set.id)).map((m) => m.id));
    if (memberIds.some((id) => !members.has(id))) throw badRequest('Choose members of this learning set', [{ field: 'memberIds', message: 'Choose members of this learning set' }]);
    // Feedback from members no longer marked as attending goes with their attendance (cascade).
    await trx.deleteFrom('learning_set_attendance').where('session_id', '=', summary.id).where((eb) => (memberIds.length ? eb('member_id', 'not in', memberIds) : eb.lit(true))).execute();
    if (memberIds.length) await trx.insertInto('learning_set_attendance').values(memberIds.map((member_id) => ({ session_id: summary.id, member_id }))).onConflict((oc) => oc.doNothing()).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'learning-set-attendance', entityId: summary.id, detail: { attended: memberIds.length } });
  });
}

/** The findings presented at a session, in the order of the findings list. A cancelled session presents none. */
export async function setPresentedFindings(db: Db, actorId: string | null, evaluationId: string, setId: string, sessionId: string, input: z.input<typeof presentedInput>): Promise<void> {
  const { findingIds } = presentedInput.parse(input);
  await inTransaction(db, async (trx) => {
    const { summary } = await findSession(trx, evaluationId, setId, sessionId);
    if (summary.status === 'cancelled' && findingIds.length) throw badRequest('A cancelled session cannot present findings', [{ field: 'findingIds', message: 'A cancelled session cannot present findings' }]);
    const order = new Map((await listFindings(trx, evaluationId)).map((f, index) => [f.id, index]));
    if (findingIds.some((id) => !order.has(id))) throw badRequest('Choose findings of this evaluation', [{ field: 'findingIds', message: 'Choose findings of this evaluation' }]);
    await trx.deleteFrom('learning_set_presented_findings').where('session_id', '=', summary.id).where((eb) => (findingIds.length ? eb('finding_id', 'not in', findingIds) : eb.lit(true))).execute();
    if (findingIds.length) {
      await trx
        .insertInto('learning_set_presented_findings')
        .values(findingIds.map((finding_id) => ({ session_id: summary.id, finding_id, position: order.get(finding_id)! })))
        .onConflict((oc) => oc.columns(['session_id', 'finding_id']).doUpdateSet((eb) => ({ position: eb.ref('excluded.position') })))
        .execute();
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'learning-set-presented-findings', entityId: summary.id, detail: { findingIds } });
  });
}
