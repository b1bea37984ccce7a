import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Samples a person was drawn in, and the snapshots sampling frames keep of them: read for a
 * subject access request, replaced on withdrawal, contact details and names removed when retention ends.
 */

export interface SampleMembership {
  sampleName: string;
  purpose: string;
  stratum: string;
  drawnAt: Date;
  snapshot: { name: string; email: string | null; unitName: string | null; regionName: string | null; programmeName: string | null } | null;
}

export async function membershipsOfPerson(db: Db, evaluationId: string, personId: string): Promise<SampleMembership[]> {
  const rows = await db
    .selectFrom('sample_members as m')
    .innerJoin('samples as s', 's.id', 'm.sample_id')
    .leftJoin('sampling_frame_members as f', (join) => join.onRef('f.frame_id', '=', 's.frame_id').onRef('f.position', '=', 'm.frame_position'))
    .select(['s.name as sample_name', 's.purpose', 'm.stratum', 's.drawn_at', 'f.name', 'f.email', 'f.unit_name', 'f.region_name', 'f.programme_name'])
    .where('s.evaluation_id', '=', evaluationId)
    .where('m.person_id', '=', personId)
    .orderBy('s.drawn_at')
    .execute();
  return rows.map((r) => ({
    sampleName: r.sample_name,
    purpose: r.purpose,
    stratum: r.stratum,
    drawnAt: r.drawn_at,
    snapshot: r.name === null ? null : { name: r.name, email: r.email, unitName: r.unit_name, regionName: r.region_name, programmeName: r.programme_name },
  }));
}

function framesOf(db: Db, evaluationId: string) {
  return db.selectFrom('sampling_frames').select('id').where('evaluation_id', '=', evaluationId);
}

/** The person's snapshots in frozen frames keep their place in the draw order but not their name or address. */
export async function replaceFrameSnapshots(db: Db, evaluationId: string, personId: string, standIn: string): Promise<number> {
  const result = await db.updateTable('sampling_frame_members').set({ name: standIn, email: null }).where('frame_id', 'in', framesOf(db, evaluationId)).where('person_id', '=', personId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

const neutralSnapshotName = '^(Frame entry [0-9]+|Person [0-9]+|Withdrawn participant [0-9]+)$';

/**
 * E-mail addresses and names kept in frames' snapshots; removed only when `apply` is set. A
 * snapshot takes its directory entry's name once retention has replaced that (the directory goes
 * first), or else "Frame entry N" after its place in the frame.
 */
export async function retainFrameSnapshots(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  const count = async (where: 'email' | 'name') => {
    let query = db.selectFrom('sampling_frame_members').select((eb) => eb.fn.countAll().as('n')).where('frame_id', 'in', framesOf(db, evaluationId));
    query = where === 'email' ? query.where('email', 'is not', null) : query.where(sql<boolean>`name !~ ${neutralSnapshotName}`);
    return Number((await query.executeTakeFirst())?.n ?? 0);
  };
  const counts = { frameSnapshotEmails: await count('email'), frameSnapshotNames: await count('name') };
  if (apply) {
    await db.updateTable('sampling_frame_members').set({ email: null }).where('frame_id', 'in', framesOf(db, evaluationId)).where('email', 'is not', null).execute();
    await db
      .updateTable('sampling_frame_members as f')
      .set({ name: sql<string>`coalesce((SELECT p.name FROM people p WHERE p.id = f.person_id AND p.name ~ ${neutralSnapshotName}), 'Frame entry ' || f.position)` })
      .where('f.frame_id', 'in', framesOf(db, evaluationId))
      .where(sql<boolean>`f.name !~ ${neutralSnapshotName}`)
      .execute();
  }
  return counts;
}
