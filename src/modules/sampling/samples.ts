import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { allocations, drawSample, SampleSizeError, stratifyKinds, WHOLE_FRAME, type DrawDesign } from './draw.ts';
import { getFrame } from './frames.ts';
import * as store from './sampling-store.ts';
import { SEED_MAX, SEED_MIN } from './splitmix64.ts';

/**
 * Samples drawn from a frame with a recorded seed. A drawn sample is never changed: drawing again,
 * with another seed or other options, makes a new sample.
 */

export const samplePurposes = ['pilot', 'main', 'other'] as const;
export type SamplePurpose = (typeof samplePurposes)[number];
export const samplingMethods = ['simple', 'stratified'] as const;

const sizeMessage = 'Sample size must be a whole number of 1 or more, like 400';
const seedMessage = 'Seed must be a whole number, like 2006';

/** A seed as the user typed it: any whole number that fits in 64 bits, kept exactly (as a decimal string). */
const seedInput = z
  .union([z.number(), z.string()], { error: seedMessage })
  .transform((v, ctx) => {
    const text = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '') : v.trim();
    if (!/^[+-]?\d{1,20}$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: seedMessage });
      return z.NEVER;
    }
    const seed = BigInt(text);
    if (seed < SEED_MIN || seed > SEED_MAX) {
      ctx.addIssue({ code: 'custom', message: `Seed must be between ${SEED_MIN} and ${SEED_MAX}` });
      return z.NEVER;
    }
    return seed.toString();
  });

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const sampleInput = z
  .object({
    name: z.preprocess(blankToUndefined, z.string().trim().max(200, 'Name must be 200 characters or fewer').optional()),
    purpose: z.preprocess(blankToUndefined, z.enum(samplePurposes, { error: 'Choose what the sample is for: pilot, main or other' }).default('main')),
    method: z.preprocess(blankToUndefined, z.enum(samplingMethods, { error: 'Choose simple random or stratified' }).default('simple')),
    stratifyBy: z.preprocess(blankToUndefined, z.enum(stratifyKinds, { error: 'Choose what to stratify by: programme, region or unit' }).optional()),
    allocation: z.preprocess(blankToUndefined, z.enum(allocations, { error: 'Choose proportional or fixed allocation' }).optional()),
    size: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: sizeMessage }).int(sizeMessage).min(1, sizeMessage).max(1_000_000, 'Sample size must be 1,000,000 or fewer'),
    ),
    seed: z.preprocess(blankToUndefined, seedInput),
    exclude: z.preprocess(
      (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.string().uuid('Earlier samples to exclude: choose samples of this evaluation')),
    ),
  })
  .superRefine((value, ctx) => {
    if (value.method === 'stratified' && !value.stratifyBy) ctx.addIssue({ code: 'custom', path: ['stratifyBy'], message: 'Choose what to stratify by: programme, region or unit' });
    if (value.method === 'simple' && value.stratifyBy) ctx.addIssue({ code: 'custom', path: ['method'], message: 'A simple random sample has no strata: choose stratified, or no stratification' });
  });
/** What a caller gives to draw a sample; the command line, pages and API each pass what they received. */
export interface SampleInput {
  name?: string | undefined;
  purpose?: string | undefined;
  method?: string | undefined;
  stratifyBy?: string | undefined;
  allocation?: string | undefined;
  size: number | string | undefined;
  seed: number | string | undefined;
  exclude?: string[] | string | undefined;
}

export interface SampleSummary {
  id: string;
  evaluationId: string;
  frameId: string;
  frameName: string;
  name: string;
  purpose: SamplePurpose;
  method: 'simple' | 'stratified';
  stratifyBy: (typeof stratifyKinds)[number] | null;
  allocation: (typeof allocations)[number] | null;
  requestedSize: number;
  /** The seed as a decimal string: it may not fit in a JavaScript number. */
  seed: string;
  size: number;
  drawnAt: Date;
  drawnByName: string | null;
}

export interface StratumRow {
  stratum: string;
  frameCount: number;
  excludedCount: number;
  available: number;
  allocated: number;
  drawn: number;
  /** drawn / available, or null when the stratum had nobody left. */
  fraction: number | null;
  /** Fewer were available than allocated, so everyone available was taken. */
  tookEveryone: boolean;
}

export interface SampleReport extends SampleSummary {
  excludedSamples: { id: string; name: string }[];
  frameSize: number;
  excludedCount: number;
  available: number;
  strata: StratumRow[];
}

export interface SampleMember {
  personId: string | null;
  name: string;
  email: string | null;
  unitName: string | null;
  regionName: string | null;
  programmeName: string | null;
  stratum: string;
}

type SampleRow = NonNullable<Awaited<ReturnType<typeof store.findSample>>>;

function toSummary(row: SampleRow): SampleSummary {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    frameId: row.frame_id,
    frameName: row.frame_name,
    name: row.name,
    purpose: row.purpose as SamplePurpose,
    method: row.method as SampleSummary['method'],
    stratifyBy: row.stratify_by as SampleSummary['stratifyBy'],
    allocation: row.allocation as SampleSummary['allocation'],
    requestedSize: row.requested_size,
    seed: row.seed,
    size: Number(row.size ?? 0),
    drawnAt: row.drawn_at,
    drawnByName: row.drawn_by_name,
  };
}

export async function listSamples(db: Db, evaluationId: string, frameId?: string): Promise<SampleSummary[]> {
  return (await store.listSamples(db, evaluationId, frameId)).map(toSummary);
}

async function findSampleRow(db: Db, evaluationId: string, sampleId: string): Promise<SampleRow> {
  const row = z.string().uuid().safeParse(sampleId).success ? await store.findSample(db, evaluationId, sampleId) : undefined;
  if (!row) throw notFound('Sample');
  return row;
}

export async function getSampleReport(db: Db, evaluationId: string, sampleId: string): Promise<SampleReport> {
  const summary = toSummary(await findSampleRow(db, evaluationId, sampleId));
  const strata = (await store.sampleStrata(db, summary.id)).map((s): StratumRow => {
    const available = s.frame_count - s.excluded_count;
    return {
      stratum: s.stratum,
      frameCount: s.frame_count,
      excludedCount: s.excluded_count,
      available,
      allocated: s.allocated,
      drawn: s.drawn,
      fraction: available ? s.drawn / available : null,
      tookEveryone: s.allocated > available,
    };
  });
  const frameSize = strata.reduce((sum, s) => sum + s.frameCount, 0);
  const excludedCount = strata.reduce((sum, s) => sum + s.excludedCount, 0);
  return {
    ...summary,
    excludedSamples: await store.sampleExclusions(db, summary.id),
    frameSize,
    excludedCount,
    available: frameSize - excludedCount,
    strata,
  };
}

export async function getSampleMembers(db: Db, evaluationId: string, sampleId: string): Promise<SampleMember[]> {
  const row = await findSampleRow(db, evaluationId, sampleId);
  return (await store.sampleMembers(db, row.id, row.frame_id)).map((m) => ({
    personId: m.person_id,
    name: m.name,
    email: m.email,
    unitName: m.unit_name,
    regionName: m.region_name,
    programmeName: m.programme_name,
    stratum: m.stratum,
  }));
}

const purposeNames: Record<SamplePurpose, string> = { pilot: 'Pilot sample', main: 'Main sample', other: 'Sample' };

/**
 * Draws a sample from one of the evaluation's frames and stores it with its report, all or
 * nothing. A frame of another evaluation is not found (404); a size the frame cannot supply, or an
 * earlier sample that is not this evaluation's, is refused naming the field, and nothing is stored.
 */
export async function drawFromFrame(db: Db, actorId: string | null, evaluationId: string, frameId: string, input: SampleInput): Promise<SampleReport> {
  const data = sampleInput.parse(input);
  return inTransaction(db, async (trx) => {
    const frame = await getFrame(trx, evaluationId, frameId);
    const exclude = [...new Set(data.exclude)];
    const found = await store.findSamplesOf(trx, evaluationId, exclude);
    if (found.length !== exclude.length) {
      const message = 'Earlier samples to exclude: choose samples of this evaluation';
      throw badRequest(message, [{ field: 'exclude', message }]);
    }
    const design: DrawDesign =
      data.method === 'stratified'
        ? { method: 'stratified', stratifyBy: data.stratifyBy!, allocation: data.allocation ?? 'proportional', size: data.size }
        : { method: 'simple', size: data.size };
    const entries = (await store.frameMembers(trx, frame.id)).map((m) => ({
      position: m.position,
      personId: m.person_id,
      programmeName: m.programme_name,
      regionName: m.region_name,
      unitName: m.unit_name,
    }));
    let drawn;
    try {
      drawn = drawSample(entries, await store.sampledPersonIds(trx, exclude), design, BigInt(data.seed));
    } catch (error) {
      if (error instanceof SampleSizeError) throw badRequest(error.message, [{ field: 'size', message: error.message }]);
      throw error;
    }
    const by = design.method === 'stratified' ? `, stratified by ${design.stratifyBy}` : '';
    const sampleId = await store.insertSample(trx, {
      evaluation_id: evaluationId,
      frame_id: frame.id,
      name: data.name || `${purposeNames[data.purpose]} of ${drawn.members.length}${by} (seed ${data.seed})`,
      purpose: data.purpose,
      method: design.method,
      stratify_by: design.method === 'stratified' ? design.stratifyBy : null,
      allocation: design.method === 'stratified' ? design.allocation : null,
      requested_size: data.size,
      seed: data.seed,
      drawn_by: actorId,
    });
    await store.insertSampleDetails(
      trx,
      sampleId,
      exclude,
      drawn.strata.map((s) => ({ stratum: s.stratum, frame_count: s.frameCount, excluded_count: s.excludedCount, allocated: s.allocated, drawn: s.drawn })),
      drawn.members.map((m) => ({ frame_position: m.position, person_id: m.personId, stratum: m.stratum })),
    );
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'create',
      entity: 'sample',
      entityId: sampleId,
      detail: { frameId: frame.id, method: design.method, size: drawn.members.length, seed: data.seed, excluded: exclude },
    });
    return getSampleReport(trx, evaluationId, sampleId);
  });
}

export { WHOLE_FRAME };
