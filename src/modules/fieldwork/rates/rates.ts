import { wilsonInterval } from '../../analysis/wilson.ts';

/**
 * Response rates as the evaluators report them: completed participants out of participants
 * invited, each with its Wilson 95% interval. Pure: the service gives it the participants.
 */

export interface RateRow {
  key: string;
  label: string;
  /** Participants in the group (everyone invited, opted-out and bounced included). */
  n: number;
  completed: number;
  /** completed / n; null when n is 0. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

export function rateRow(key: string, label: string, completed: number, n: number): RateRow {
  const estimate = wilsonInterval(completed, n);
  return { key, label, n, completed, rate: estimate.proportion, lower: estimate.interval?.lower ?? null, upper: estimate.interval?.upper ?? null };
}

/**
 * One rate per group, in the order groups are first met unless `order` lists the keys; members
 * whose group is null are counted under `missingLabel` when given and left out otherwise.
 */
export function ratesByGroup<T extends { completedOn: string | null }>(
  members: readonly T[],
  groupOf: (member: T) => { key: string; label: string } | null,
  options: { order?: readonly string[]; missingLabel?: string } = {},
): RateRow[] {
  const groups = new Map<string, { label: string; n: number; completed: number }>();
  for (const key of options.order ?? []) groups.set(key, { label: key, n: 0, completed: 0 });
  for (const member of members) {
    const group = groupOf(member) ?? (options.missingLabel ? { key: '', label: options.missingLabel } : null);
    if (!group) continue;
    const entry = groups.get(group.key) ?? { label: group.label, n: 0, completed: 0 };
    entry.label = group.label;
    entry.n += 1;
    if (member.completedOn) entry.completed += 1;
    groups.set(group.key, entry);
  }
  return [...groups].filter(([, g]) => g.n > 0).map(([key, g]) => rateRow(key, g.label, g.completed, g.n));
}
