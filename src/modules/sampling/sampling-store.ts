import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SampleMembersTable, SampleStrataTable, SamplingFrameMembersTable } from '../../db/tables-sampling.ts';

/** Queries for frames and samples. Every query names the evaluation, so an id from another never matches. */

const insertBatchSize = 500;

/**
 * The directory entries a frame is frozen from, with the columns eligibility needs. Read here rather
 * than through the organisation module's Person, which leaves out merged entries' links.
 */
export function directoryEntries(db: Db, evaluationId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'unit_id', 'region_id', 'left_on', 'merged_into_id'])
    .where('evaluation_id', '=', evaluationId)
    .execute();
}

export function findWave(db: Db, evaluationId: string, waveId: string) {
  return db.selectFrom('waves').select(['id', 'name', 'starts_on']).where('evaluation_id', '=', evaluationId).where('id', '=', waveId).executeTakeFirst();
}

export async function frameNameTaken(db: Db, evaluationId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('sampling_frames')
    .select('id')
    .where('evaluation_id', '=', evaluationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertFrame(
  db: Db,
  values: { evaluation_id: string; wave_id: string | null; name: string; as_of: string; require_email: boolean; left_out: string; frozen_by: string | null },
): Promise<string> {
  const row = await db.insertInto('sampling_frames').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertFrameMembers(db: Db, rows: Insertable<SamplingFrameMembersTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += insertBatchSize) {
    await db.insertInto('sampling_frame_members').values(rows.slice(start, start + insertBatchSize)).execute();
  }
}

function framesQuery(db: Db, evaluationId: string) {
  return db
    .selectFrom('sampling_frames as f')
    .leftJoin('waves as w', 'w.id', 'f.wave_id')
    .leftJoin('users as u', 'u.id', 'f.frozen_by')
    .select([
      'f.id',
      'f.evaluation_id',
      'f.wave_id',
      'w.name as wave_name',
      'f.name',
      'f.as_of',
      'f.require_email',
      'f.left_out',
      'f.frozen_at',
      'u.name as frozen_by_name',
      (eb) => eb.selectFrom('sampling_frame_members as m').select(eb.fn.countAll<string>().as('n')).whereRef('m.frame_id', '=', 'f.id').as('size'),
      (eb) => eb.selectFrom('samples as s').select(eb.fn.countAll<string>().as('n')).whereRef('s.frame_id', '=', 'f.id').as('samples'),
    ])
    .where('f.evaluation_id', '=', evaluationId);
}

export function listFrames(db: Db, evaluationId: string) {
  return framesQuery(db, evaluationId).orderBy('f.frozen_at', 'desc').orderBy('f.name').execute();
}

export function findFrame(db: Db, evaluationId: string, frameId: string) {
  return framesQuery(db, evaluationId).where('f.id', '=', frameId).executeTakeFirst();
}

/** The evaluation a frame belongs to, for the command line, which names a frame by id alone. */
export async function frameEvaluationId(db: Db, frameId: string): Promise<string | undefined> {
  return (await db.selectFrom('sampling_frames').select('evaluation_id').where('id', '=', frameId).executeTakeFirst())?.evaluation_id;
}

export function frameMembers(db: Db, frameId: string) {
  return db
    .selectFrom('sampling_frame_members')
    .select(['position', 'person_id', 'programme_name', 'region_name', 'unit_name'])
    .where('frame_id', '=', frameId)
    .orderBy('position')
    .execute();
}

/** How many of a frame's members have each programme (or region, or unit) in their snapshot. */
export function frameBreakdown(db: Db, frameId: string, column: 'programme_name' | 'region_name' | 'unit_name') {
  return db
    .selectFrom('sampling_frame_members')
    .select([`${column} as name`, (eb) => eb.fn.countAll<string>().as('n')])
    .where('frame_id', '=', frameId)
    .groupBy(column)
    .execute();
}

export function findSamplesOf(db: Db, evaluationId: string, sampleIds: string[]) {
  if (!sampleIds.length) return Promise.resolve([]);
  return db.selectFrom('samples').select(['id', 'name']).where('evaluation_id', '=', evaluationId).where('id', 'in', sampleIds).execute();
}

/** Everyone drawn in any of these samples, by directory id. */
export async function sampledPersonIds(db: Db, sampleIds: string[]): Promise<Set<string>> {
  if (!sampleIds.length) return new Set();
  const rows = await db.selectFrom('sample_members').select('person_id').where('sample_id', 'in', sampleIds).where('person_id', 'is not', null).execute();
  return new Set(rows.map((r) => r.person_id!));
}

export async function insertSample(
  db: Db,
  values: {
    evaluation_id: string;
    frame_id: string;
    name: string;
    purpose: string;
    method: string;
    stratify_by: string | null;
    allocation: string | null;
    requested_size: number;
    seed: string;
    drawn_by: string | null;
  },
): Promise<string> {
  return (await db.insertInto('samples').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertSampleDetails(
  db: Db,
  sampleId: string,
  excluded: string[],
  strata: Omit<Insertable<SampleStrataTable>, 'sample_id'>[],
  members: Omit<Insertable<SampleMembersTable>, 'sample_id'>[],
): Promise<void> {
  if (excluded.length) await db.insertInto('sample_exclusions').values(excluded.map((id) => ({ sample_id: sampleId, excluded_sample_id: id }))).execute();
  if (strata.length) await db.insertInto('sample_strata').values(strata.map((s) => ({ ...s, sample_id: sampleId }))).execute();
  for (let start = 0; start < members.length; start += insertBatchSize) {
    await db.insertInto('sample_members').values(members.slice(start, start + insertBatchSize).map((m) => ({ ...m, sample_id: sampleId }))).execute();
  }
}

function samplesQuery(db: Db, evaluationId: string) {
  return db
    .selectFrom('samples as s')
    .innerJoin('sampling_frames as f', 'f.id', 's.frame_id')
    .leftJoin('users as u', 'u.id', 's.drawn_by')
    .select([
      's.id',
      's.evaluation_id',
      's.frame_id',
      'f.name as frame_name',
      's.name',
      's.purpose',
      's.method',
      's.stratify_by',
      's.allocation',
      's.requested_size',
      sql<string>`s.seed::text`.as('seed'),
      's.drawn_at',
      'u.name as drawn_by_name',
      (eb) => eb.selectFrom('sample_members as m').select(eb.fn.countAll<string>().as('n')).whereRef('m.sample_id', '=', 's.id').as('size'),
    ])
    .where('s.evaluation_id', '=', evaluationId);
}

export function listSamples(db: Db, evaluationId: string, frameId?: string) {
  let query = samplesQuery(db, evaluationId);
  if (frameId) query = query.where('s.frame_id', '=', frameId);
  return query.orderBy('s.drawn_at').orderBy('s.name').execute();
}

export function findSample(db: Db, evaluationId: string, sampleId: string) {
  return samplesQuery(db, evaluationId).where('s.id', '=', sampleId).executeTakeFirst();
}

export function sampleStrata(db: Db, sampleId: string) {
  return db.selectFrom('sample_strata').selectAll().where('sample_id', '=', sampleId).orderBy('stratum').execute();
}

export function sampleExclusions(db: Db, sampleId: string) {
  return db
    .selectFrom('sample_exclusions as e')
    .innerJoin('samples as s', 's.id', 'e.excluded_sample_id')
    .select(['s.id', 's.name'])
    .where('e.sample_id', '=', sampleId)
    .orderBy('s.name')
    .execute();
}

/** A sample's members with the frame's snapshot of each, in frame order. */
export function sampleMembers(db: Db, sampleId: string, frameId: string) {
  return db
    .selectFrom('sample_members as m')
    .innerJoin('sampling_frame_members as f', (join) => join.on('f.frame_id', '=', frameId).onRef('f.position', '=', 'm.frame_position'))
    .select(['m.frame_position', 'm.person_id', 'm.stratum', 'f.name', 'f.email', 'f.unit_name', 'f.region_name', 'f.programme_name'])
    .where('m.sample_id', '=', sampleId)
    .orderBy('m.frame_position')
    .execute();
}
