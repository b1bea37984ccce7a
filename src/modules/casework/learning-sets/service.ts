import type { Db } from '../../../db/database.ts';
import { listEvaluationSessions, type SessionSummary } from './sessions.ts';
import { listMembers, listSets, type LearningSet } from './sets.ts';

/** Learning sets: what other modules, the pages, the API and the CLI use. */

export * from './labels.ts';
export * from './sets.ts';
export * from './sessions.ts';
export * from './feedback.ts';
export * from './feedback-summary.ts';

export interface SetOverview extends LearningSet {
  members: number;
  sessions: SessionSummary[];
  /** Responses recorded across the set's sessions. */
  feedback: number;
}

/** Every set with its sessions, their status and reasons, and how much feedback each has. */
export async function learningSetsOverview(db: Db, evaluationId: string): Promise<SetOverview[]> {
  const sessions = await listEvaluationSessions(db, evaluationId);
  const sets = await listSets(db, evaluationId);
  const overview: SetOverview[] = [];
  for (const set of sets) {
    const own = sessions.filter((s) => s.setId === set.id);
    overview.push({ ...set, members: (await listMembers(db, set.id)).length, sessions: own, feedback: own.reduce((sum, s) => sum + s.feedback, 0) });
  }
  return overview;
}

/**
 * Whether learning sets have produced data for the protocol: a session was held and members
 * responded to findings presented at it.
 */
export async function learningSetsHaveData(db: Db, evaluationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('learning_set_feedback as f')
    .innerJoin('learning_set_sessions as s', 's.id', 'f.session_id')
    .innerJoin('learning_sets as ls', 'ls.id', 's.learning_set_id')
    .where('ls.evaluation_id', '=', evaluationId)
    .where('s.status', '=', 'held')
    .select('f.session_id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
