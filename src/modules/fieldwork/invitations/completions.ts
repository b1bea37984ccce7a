import { randomInt } from 'node:crypto';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import * as store from './store.ts';

/**
 * How a participant comes to be marked "completed" without the database pairing them with their
 * response.
 *
 * In an anonymous survey the response stores no reference to its participant, but PostgreSQL keeps
 * two system columns on every row: `xmin`, the id of the transaction that last wrote it, and
 * `ctid`, where it sits in the table. Marking the participant in the transaction after the
 * response (or in the same one) would give the two rows neighbouring (or equal) xmin, and the
 * participants' xmin and ctid order would follow the responses' completion order, so anyone
 * reading the database could pair them.
 *
 * So a completion in an anonymous survey is only noted in `pending_completions` (no time, no
 * reference to the response; reminders, invitations and the participants' list count it at once).
 * A later step — each tick of the mail worker — copies waiting completions to the participants in
 * one transaction, only when that transaction changes at least `completionGroupSize` participants
 * of the survey, in random order: when fewer are waiting, already-completed participants are
 * rewritten unchanged to make up the group, and when the survey has not yet had that many
 * completions the waiting ones keep waiting. Every participant's xmin is then shared with at least
 * four others and their physical order within the group is random, so neither points to one
 * response. What remains: while a completion waits, its row in `pending_completions` was written
 * just after the response, so someone reading the database at that moment could pair the two;
 * the wait ends at the first worker tick once the survey has five completions.
 *
 * Confidential and identified surveys link responses to participants anyway, and are marked at once.
 */

/** The fewest participants one application changes: the default disclosure threshold. */
export const completionGroupSize = 5;

/** Records that a participant completed their response. `day` is the day only, as stored. */
export async function recordCompletion(db: Db, participant: { id: string }, anonymity: string, day: string): Promise<void> {
  if (anonymity === 'anonymous') await store.insertPendingCompletion(db, participant.id);
  else await store.markCompleted(db, participant.id, day);
}

/** A copy of `items` in random order (Fisher–Yates with the system's random numbers). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Copies waiting completions to their participants, survey by survey, each survey's group in one
 * transaction as described above. Returns how many participants were marked completed.
 */
export async function applyPendingCompletions(db: Db, day: string, groupSize = completionGroupSize): Promise<number> {
  let applied = 0;
  for (const surveyId of await store.surveysWithPendingCompletions(db)) {
    applied += await inTransaction(db, async (trx) => {
      const waiting = await store.lockPendingCompletions(trx, surveyId);
      if (!waiting.length) return 0;
      const completed = await store.completedParticipantIds(trx, surveyId);
      if (waiting.length + completed.length < groupSize) return 0;
      const padding = shuffled(completed).slice(0, Math.max(0, groupSize - waiting.length));
      const group = shuffled([...waiting.map((id) => ({ id, touch: false })), ...padding.map((id) => ({ id, touch: true }))]);
      // One statement per row, in the shuffled order: each rewritten row takes the next free place.
      for (const member of group) await store.applyCompletion(trx, member.id, day, member.touch);
      await store.deletePendingCompletions(trx, waiting);
      return waiting.length;
    });
  }
  return applied;
}
