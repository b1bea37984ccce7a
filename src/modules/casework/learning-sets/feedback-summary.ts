import type { Db } from '../../../db/database.ts';

/** How learning-set members responded to one finding across every session it was presented at. */
export interface FindingFeedback {
  findingId: string;
  /** Sessions the finding was presented at and someone responded. */
  sessions: number;
  agrees: number;
  disagrees: number;
  nuances: number;
  /** Every response that carries a note, in session date order. */
  notes: { session: string; memberRole: string; response: FeedbackResponse; note: string }[];
}

export type FeedbackResponse = 'agrees' | 'disagrees' | 'adds-nuance';

/** A session's name in notes: the set's name and the date it was planned for. */
function sessionLabel(setName: string, plannedOn: string): string {
  return `${setName}, ${plannedOn}`;
}

/**
 * The reality check for every finding of the evaluation that has feedback, keyed by finding id.
 * Findings without feedback are absent, so callers show them as "not yet presented".
 */
export async function feedbackOnFindings(db: Db, evaluationId: string): Promise<Map<string, FindingFeedback>> {
  const rows = await db
    .selectFrom('learning_set_feedback as f')
    .innerJoin('learning_set_sessions as s', 's.id', 'f.session_id')
    .innerJoin('learning_sets as ls', 'ls.id', 's.learning_set_id')
    .innerJoin('learning_set_members as m', 'm.id', 'f.member_id')
    .where('ls.evaluation_id', '=', evaluationId)
    .select(['f.finding_id', 'f.session_id', 'f.response', 'f.note', 'm.role', 'ls.name as set_name', 's.planned_on'])
    .orderBy('s.planned_on')
    .orderBy('s.created_at')
    .orderBy('m.created_at')
    .execute();
  const summaries = new Map<string, FindingFeedback & { sessionIds: Set<string> }>();
  for (const row of rows) {
    let summary = summaries.get(row.finding_id);
    if (!summary) {
      summary = { findingId: row.finding_id, sessions: 0, agrees: 0, disagrees: 0, nuances: 0, notes: [], sessionIds: new Set() };
      summaries.set(row.finding_id, summary);
    }
    summary.sessionIds.add(row.session_id);
    const response = row.response as FeedbackResponse;
    if (response === 'agrees') summary.agrees += 1;
    else if (response === 'disagrees') summary.disagrees += 1;
    else summary.nuances += 1;
    if (row.note !== '') {
      summary.notes.push({ session: sessionLabel(row.set_name, row.planned_on), memberRole: row.role || 'Member', response, note: row.note });
    }
  }
  const result = new Map<string, FindingFeedback>();
  for (const [id, { sessionIds, ...summary }] of summaries) result.set(id, { ...summary, sessions: sessionIds.size });
  return result;
}
