import type { Db } from '../../db/database.ts';
import { hasRole, type Role } from '../../http/access.ts';
import * as store from './store.ts';

/** Who results are for: the team sees every figure, viewers only groups of at least the threshold. */

export const defaultThreshold = 5;

export interface Audience {
  /** False for viewers: results leave the team and small groups are suppressed. */
  full: boolean;
  threshold: number;
}

export async function audienceFor(db: Db, evaluationId: string, role: Role | 'cli'): Promise<Audience> {
  const threshold = (await store.settings(db, evaluationId))?.disclosure_threshold ?? defaultThreshold;
  return { full: role === 'cli' || hasRole(role, 'coder'), threshold };
}

/** What a page says instead of results when the whole survey is below the threshold. */
export const withheldReason = (n: number, threshold: number) =>
  `This survey has ${n === 1 ? '1 complete response' : `${n} complete responses`}: results of fewer than ${threshold} people are not shown outside the evaluation team.`;
