import type { Db } from '../../../db/database.ts';
import { listCodings, type Coding } from '../service.ts';
import * as store from './store.ts';

/**
 * Blind double coding. While an agreement round is open, each of its two coders sees only their
 * own codings on the round's sources: not the other coder's, and not anyone else's. Everybody
 * else (researchers, the lead, other coders) sees every coding as usual.
 *
 * For the coding page: before listing a source's codings, call
 *
 *     const blind = await blindRoundFor(db, evaluationId, sourceId, userId);
 *
 * and, when it is not null, show only the user's own codings (pass `blind.onlyCoderId` where the
 * page filters by coder, or use `codingsVisibleTo` below, which does both steps), and say so on
 * the page ("You are coding this source blind in round …"). Queries and the framework matrix
 * apply the same rule in SQL (blindCondition in ../analysis/filters.ts), so a blind coder cannot
 * read the other coder's segments there either.
 */

export interface BlindRound {
  roundId: string;
  roundName: string;
  /** The only coder whose codings the user may see on this source. */
  onlyCoderId: string;
}

/** The open round in which this user codes this source blind, or null when they see everything. */
export async function blindRoundFor(db: Db, evaluationId: string, sourceId: string, userId: string): Promise<BlindRound | null> {
  const round = await store.openRoundForCoder(db, evaluationId, sourceId, userId);
  return round ? { roundId: round.id, roundName: round.name, onlyCoderId: userId } : null;
}

/** Keeps only what a blind coder may see: their own codings. */
export function hideOtherCoders<C extends Pick<Coding, 'coderId'>>(codings: readonly C[], blind: BlindRound | null): C[] {
  return blind ? codings.filter((c) => c.coderId === blind.onlyCoderId) : [...codings];
}

/** A source's codings as this user may see them, with the blind round when there is one. */
export async function codingsVisibleTo(db: Db, evaluationId: string, sourceId: string, userId: string): Promise<{ codings: Coding[]; blind: BlindRound | null }> {
  const [codings, blind] = await Promise.all([listCodings(db, evaluationId, sourceId), blindRoundFor(db, evaluationId, sourceId, userId)]);
  return { codings: hideOtherCoders(codings, blind), blind };
}
