import { fixedAllocation, proportionalAllocation, type StratumSize } from './allocation.ts';
import { splitmix64, type SeededStream } from './splitmix64.ts';

/**
 * Drawing a sample from a frozen frame. Pure and deterministic: the same frame, seed and options
 * always give the same members, on either database, because the walk is over the frame in its
 * stored order (person-id order at freezing) and the random stream comes from the seed alone.
 */

export const stratifyKinds = ['programme', 'region', 'unit'] as const;
export type StratifyBy = (typeof stratifyKinds)[number];
export const allocations = ['proportional', 'fixed'] as const;
export type Allocation = (typeof allocations)[number];

/** The stratum of people whose snapshot has no programme, region or unit. */
export const missingStratum: Record<StratifyBy, string> = { programme: 'No programme', region: 'No region', unit: 'No unit' };
/** The one stratum of a simple random sample. */
export const WHOLE_FRAME = 'Whole frame';

export interface FrameEntry {
  position: number;
  personId: string | null;
  programmeName: string | null;
  regionName: string | null;
  unitName: string | null;
}

export type DrawDesign =
  | { method: 'simple'; size: number }
  | { method: 'stratified'; stratifyBy: StratifyBy; allocation: Allocation; size: number };

export interface StratumReport {
  stratum: string;
  /** In the frame, before earlier samples were excluded. */
  frameCount: number;
  /** Removed because they were in an earlier sample. */
  excludedCount: number;
  allocated: number;
  drawn: number;
}

export interface DrawnSample {
  strata: StratumReport[];
  /** In frame order. */
  members: { position: number; personId: string | null; stratum: string }[];
}

/** Thrown when the design cannot be drawn from this frame; the message says why, for a person. */
export class SampleSizeError extends Error {}

export function stratumOf(entry: FrameEntry, design: DrawDesign): string {
  if (design.method === 'simple') return WHOLE_FRAME;
  const name = design.stratifyBy === 'programme' ? entry.programmeName : design.stratifyBy === 'region' ? entry.regionName : entry.unitName;
  return name ?? missingStratum[design.stratifyBy];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Picks `count` of `items` by a partial Fisher–Yates shuffle: position i swaps with a random later
 * (or the same) position, for the first `count` positions only, which are the sample.
 */
export function partialShuffle<T>(items: readonly T[], count: number, stream: SeededStream): T[] {
  const pool = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + stream.below(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/**
 * Removes the excluded people, splits the rest into strata (sorted by name), allocates the sample
 * and draws each stratum in turn from one stream seeded with `seed`.
 */
export function drawSample(frame: readonly FrameEntry[], excludedPersonIds: ReadonlySet<string>, design: DrawDesign, seed: bigint): DrawnSample {
  const ordered = [...frame].sort((a, b) => a.position - b.position);
  const groups = new Map<string, { frameCount: number; excludedCount: number; available: FrameEntry[] }>();
  for (const entry of ordered) {
    const stratum = stratumOf(entry, design);
    const group = groups.get(stratum) ?? { frameCount: 0, excludedCount: 0, available: [] };
    group.frameCount += 1;
    if (entry.personId !== null && excludedPersonIds.has(entry.personId)) group.excludedCount += 1;
    else group.available.push(entry);
    groups.set(stratum, group);
  }
  const names = [...groups.keys()].sort(byName);
  const available = names.reduce((sum, name) => sum + groups.get(name)!.available.length, 0);
  const excluded = ordered.length - available;
  if (design.size > available) {
    const after = excluded ? ` after leaving out the ${excluded} in earlier samples` : '';
    throw new SampleSizeError(`Sample size must be ${available} or fewer: the frame has ${available} people${after}`);
  }
  const sizes: StratumSize[] = names.map((stratum) => ({ stratum, available: groups.get(stratum)!.available.length }));
  const allocation =
    design.method === 'stratified' && design.allocation === 'fixed'
      ? fixedAllocation(sizes, design.size)
      : design.method === 'stratified'
        ? proportionalAllocation(sizes, design.size)
        : new Map([[WHOLE_FRAME, design.size]]);

  const stream = splitmix64(seed);
  const strata: StratumReport[] = [];
  const members: DrawnSample['members'] = [];
  for (const stratum of names) {
    const group = groups.get(stratum)!;
    const count = allocation.get(stratum) ?? 0;
    for (const entry of partialShuffle(group.available, count, stream)) members.push({ position: entry.position, personId: entry.personId, stratum });
    // With fixed allocation a small stratum is allocated the number asked for, and gives all it has.
    const allocated = design.method === 'stratified' && design.allocation === 'fixed' ? design.size : count;
    strata.push({ stratum, frameCount: group.frameCount, excludedCount: group.excludedCount, allocated, drawn: count });
  }
  members.sort((a, b) => a.position - b.position);
  return { strata, members };
}
