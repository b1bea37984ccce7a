import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { responses, type Response } from './labels.ts';
import { getSession, type Session } from './sessions.ts';

/**
 * Each attending member's response to each finding presented at a session: the reality check.
 * The whole grid is saved at once and only when every cell is valid, so a form with one mistake
 * stores nothing and comes back with the mistake marked.
 */

export interface FeedbackCell {
  memberId: string;
  findingId: string;
  /** Blank when the member gave no response to the finding. */
  response: Response | '';
  note: string;
}

export const gridInput = z.object({
  cells: z.array(
    z.object({
      memberId: z.string(),
      findingId: z.string(),
      response: z.union([z.enum(responses), z.literal('')], { error: 'Choose agrees, disagrees or adds nuance' }).default(''),
      note: z.string().trim().max(2000, 'A note must be 2,000 characters or fewer').default(''),
    }),
  ),
});
export type GridInput = z.input<typeof gridInput>;

/** The field a cell's response is posted in; the form and its error links share it. */
export const cellField = (memberId: string, findingId: string) => `response-${memberId}-${findingId}`;
export const noteField = (memberId: string, findingId: string) => `note-${memberId}-${findingId}`;

/** Reads the grid form: one radio group and one note per member and finding shown. */
export function gridFromForm(session: Session, body: Record<string, unknown>): GridInput {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    cells: session.members
      .filter((m) => m.attended)
      .flatMap((m) =>
        session.findings.map((f) => ({
          memberId: m.id,
          findingId: f.id,
          response: text(body[cellField(m.id, f.id)]) as Response | '',
          note: text(body[noteField(m.id, f.id)]),
        })),
      ),
  };
}

export async function listFeedback(db: Db, sessionId: string): Promise<FeedbackCell[]> {
  const rows = await db.selectFrom('learning_set_feedback').select(['member_id', 'finding_id', 'response', 'note']).where('session_id', '=', sessionId).execute();
  return rows.map((r) => ({ memberId: r.member_id, findingId: r.finding_id, response: r.response as Response, note: r.note }));
}

/** Every problem with the grid at once, each on the field it concerns. */
function gridProblems(session: Session, cells: z.infer<typeof gridInput>['cells']): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (session.status !== 'held') problems.push({ field: 'form', message: 'Mark the session as held before recording feedback' });
  const members = new Map(session.members.map((m) => [m.id, m]));
  const findings = new Map(session.findings.map((f) => [f.id, f]));
  for (const cell of cells) {
    const member = members.get(cell.memberId);
    const finding = findings.get(cell.findingId);
    if (!member || !member.attended) problems.push({ field: 'form', message: 'Feedback can only come from members who attended the session' });
    else if (!finding) problems.push({ field: 'form', message: 'Feedback can only be on findings presented at the session' });
    else if (cell.response === '' && cell.note !== '') {
      problems.push({ field: cellField(cell.memberId, cell.findingId), message: `Choose ${member.name}’s response to finding ${finding.number}, or clear the note` });
    }
  }
  return problems;
}

/** Replaces the session's feedback with the grid given; cells without a response are cleared. */
export async function saveFeedbackGrid(db: Db, actorId: string | null, evaluationId: string, setId: string, sessionId: string, input: GridInput): Promise<FeedbackCell[]> {
  const { cells } = gridInput.parse(input);
  return inTransaction(db, async (trx) => {
    const session = await getSession(trx, evaluationId, setId, sessionId);
    const problems = gridProblems(session, cells);
    if (problems.length) throw badRequest(problems[0]!.message, problems);
    const answered = cells.filter((c) => c.response !== '');
    await trx.deleteFrom('learning_set_feedback').where('session_id', '=', session.id).execute();
    if (answered.length) {
      await trx
        .insertInto('learning_set_feedback')
        .values(answered.map((c) => ({ session_id: session.id, member_id: c.memberId, finding_id: c.findingId, response: c.response, note: c.note, recorded_by: actorId })))
        .execute();
    }
    const counts = Object.fromEntries(responses.map((r) => [r, answered.filter((c) => c.response === r).length]));
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'learning-set-feedback', entityId: session.id, detail: counts });
    return listFeedback(trx, session.id);
  });
}
