import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { listUnits, type Unit } from '../organisation/service.ts';
import { optionalDate, requiredText } from '../shared-schemas.ts';
import * as store from './sampling-store.ts';

/**
 * Sampling frames: a frozen copy of who in the staff directory was eligible on a day. Eligible means
 * not merged into another entry, not left by that day and, when the frame asks for it, with an
 * e-mail address. Each member keeps a snapshot of their name, e-mail, unit, region and programme,
 * so later directory edits change no frame and no sample drawn from it.
 */

export const leftOutReasons = ['merged', 'left', 'noEmail'] as const;
export type LeftOutReason = (typeof leftOutReasons)[number];
export const leftOutLabels: Record<LeftOutReason, string> = {
  merged: 'Double entry merged into another entry',
  left: 'Had left by the frame date',
  noEmail: 'No e-mail address (the frame asks for one)',
};

export interface SamplingFrame {
  id: string;
  evaluationId: string;
  waveId: string | null;
  waveName: string | null;
  name: string;
  /** The day eligibility was judged against, yyyy-mm-dd. */
  asOf: string;
  requireEmail: boolean;
  /** The directory's entries: how many were in it, and how many were left out for each reason. */
  directorySize: number;
  leftOut: Record<LeftOutReason, number>;
  size: number;
  samples: number;
  frozenAt: Date;
  frozenByName: string | null;
}

export interface FrameBreakdown {
  by: 'programme' | 'region';
  rows: { name: string; count: number }[];
}

const checkbox = z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean());

export const frameInput = z.object({
  name: requiredText('A name for the frame', 200),
  waveId: z
    .union([z.literal('').transform(() => null), z.string().uuid()], { error: "Wave: choose one of this evaluation's waves" })
    .nullish()
    .transform((v) => v ?? null),
  asOf: optionalDate('Frame date'),
  requireEmail: checkbox.default(false),
});
export type FrameInput = z.input<typeof frameInput>;

type FrameRow = NonNullable<Awaited<ReturnType<typeof store.findFrame>>>;

function toFrame(row: FrameRow): SamplingFrame {
  const stored = row.left_out as Partial<Record<LeftOutReason | 'directory', number>>;
  const leftOut = Object.fromEntries(leftOutReasons.map((r) => [r, stored[r] ?? 0])) as Record<LeftOutReason, number>;
  const size = Number(row.size ?? 0);
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    waveId: row.wave_id,
    waveName: row.wave_name,
    name: row.name,
    asOf: row.as_of,
    requireEmail: row.require_email,
    directorySize: size + leftOutReasons.reduce((sum, r) => sum + leftOut[r], 0),
    leftOut,
    size,
    samples: Number(row.samples ?? 0),
    frozenAt: row.frozen_at,
    frozenByName: row.frozen_by_name,
  };
}

/** Why an entry is left out of a frame, or null when it is eligible; the first reason that applies counts. */
export function leftOutReason(entry: { merged_into_id: string | null; left_on: string | null; email: string | null }, asOf: string, requireEmail: boolean): LeftOutReason | null {
  if (entry.merged_into_id) return 'merged';
  if (entry.left_on !== null && entry.left_on <= asOf) return 'left';
  if (requireEmail && !entry.email?.trim()) return 'noEmail';
  return null;
}

/** The unit itself or its nearest enclosing unit of the given kind. */
function enclosing(units: Map<string, Unit>, unitId: string | null, kind: Unit['kind']): Unit | undefined {
  const seen = new Set<string>();
  let unit = unitId ? units.get(unitId) : undefined;
  while (unit && !seen.has(unit.id)) {
    if (unit.kind === kind) return unit;
    seen.add(unit.id);
    unit = unit.parentId ? units.get(unit.parentId) : undefined;
  }
  return undefined;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export async function getFrame(db: Db, evaluationId: string, frameId: string): Promise<SamplingFrame> {
  const row = z.string().uuid().safeParse(frameId).success ? await store.findFrame(db, evaluationId, frameId) : undefined;
  if (!row) throw notFound('Sampling frame');
  return toFrame(row);
}

export async function listFrames(db: Db, evaluationId: string): Promise<SamplingFrame[]> {
  return (await store.listFrames(db, evaluationId)).map(toFrame);
}

/** The evaluation a frame belongs to, or undefined when there is no such frame. */
export async function frameEvaluationId(db: Db, frameId: string): Promise<string | undefined> {
  return z.string().uuid().safeParse(frameId).success ? store.frameEvaluationId(db, frameId) : undefined;
}

/** How the frame's members spread over programmes and regions, largest first. */
export async function frameBreakdowns(db: Db, frame: SamplingFrame): Promise<FrameBreakdown[]> {
  const breakdown = async (by: 'programme' | 'region'): Promise<FrameBreakdown> => {
    const rows = await store.frameBreakdown(db, frame.id, by === 'programme' ? 'programme_name' : 'region_name');
    const named = rows.map((r) => ({ name: r.name ?? (by === 'programme' ? 'No programme' : 'No region'), count: Number(r.n) }));
    return { by, rows: named.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)) };
  };
  return [await breakdown('programme'), await breakdown('region')];
}

/**
 * Freezes a frame from the directory as it is now, judged against the frame date (today unless
 * given). All or nothing: a frame with nobody eligible is refused and nothing is stored.
 */
export async function freezeFrame(db: Db, actorId: string | null, evaluationId: string, input: FrameInput, now: Date = new Date()): Promise<SamplingFrame> {
  const data = frameInput.parse(input);
  return inTransaction(db, async (trx) => {
    if (data.waveId && !(await store.findWave(trx, evaluationId, data.waveId))) {
      throw badRequest("Wave: choose one of this evaluation's waves", [{ field: 'waveId', message: "Wave: choose one of this evaluation's waves" }]);
    }
    if (await store.frameNameTaken(trx, evaluationId, data.name)) {
      const message = `There is already a frame called ${data.name}: give this one another name`;
      throw badRequest(message, [{ field: 'name', message }]);
    }
    const asOf = data.asOf ?? isoDay(now);
    const units = new Map((await listUnits(trx, evaluationId)).map((u) => [u.id, u]));
    const leftOut: Record<LeftOutReason, number> = { merged: 0, left: 0, noEmail: 0 };
    const eligible = [];
    for (const entry of await store.directoryEntries(trx, evaluationId)) {
      const reason = leftOutReason(entry, asOf, data.requireEmail);
      if (reason) leftOut[reason] += 1;
      else eligible.push(entry);
    }
    if (!eligible.length) {
      const message = 'Nobody in the staff directory is eligible on that date, so there is no frame to freeze';
      throw badRequest(message, [{ field: 'asOf', message }]);
    }
    // Person-id order fixes the order every draw walks; compared as text so both databases agree.
    eligible.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const frameId = await store.insertFrame(trx, {
      evaluation_id: evaluationId,
      wave_id: data.waveId,
      name: data.name,
      as_of: asOf,
      require_email: data.requireEmail,
      left_out: JSON.stringify(leftOut),
      frozen_by: actorId,
    });
    await store.insertFrameMembers(
      trx,
      eligible.map((person, index) => ({
        frame_id: frameId,
        position: index + 1,
        person_id: person.id,
        name: person.name,
        email: person.email?.trim() || null,
        unit_name: person.unit_id ? (units.get(person.unit_id)?.name ?? null) : null,
        region_name: (person.region_id ? units.get(person.region_id)?.name : undefined) ?? enclosing(units, person.unit_id, 'region')?.name ?? null,
        programme_name: enclosing(units, person.unit_id, 'programme')?.name ?? null,
      })),
    );
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'sampling-frame', entityId: frameId, detail: { name: data.name, asOf, size: eligible.length, leftOut } });
    return getFrame(trx, evaluationId, frameId);
  });
}
