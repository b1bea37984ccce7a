import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

/**
 * What the privacy module may ask of learning sets: a withdrawn person's membership goes (their
 * attendance and the feedback they gave go with it), and at the end of retention members' names
 * become "Member N" and their links to the staff directory go. The caller holds the transaction.
 */

function membersOf(db: Db, evaluationId: string) {
  return db.selectFrom('learning_set_members as m').innerJoin('learning_sets as s', 's.id', 'm.learning_set_id').where('s.evaluation_id', '=', evaluationId);
}

/** Members linked to the person's directory entry or listed under their name. */
function theirMemberships(db: Db, evaluationId: string, personId: string | null, name: string) {
  const lower = name.trim().toLowerCase();
  return membersOf(db, evaluationId).where((eb) => eb.or([...(personId ? [eb('m.person_id', '=', personId)] : []), ...(lower ? [eb(eb.fn('lower', ['m.name']), '=', lower)] : [])]));
}

export interface LearningSetMembership {
  learningSet: string;
  name: string;
  role: string;
  organisation: string;
  sessionsAttended: string[];
  feedback: { finding: string; response: string; note: string }[];
}

/** The person's learning set memberships, with the sessions they attended and the feedback they gave. */
export async function membershipsOf(db: Db, evaluationId: string, personId: string | null, name: string): Promise<LearningSetMembership[]> {
  const rows = await theirMemberships(db, evaluationId, personId, name).select(['m.id', 's.name as set_name', 'm.name', 'm.role', 'm.organisation']).orderBy('s.name').execute();
  const result: LearningSetMembership[] = [];
  for (const row of rows) {
    const sessions = await db.selectFrom('learning_set_attendance as a').innerJoin('learning_set_sessions as x', 'x.id', 'a.session_id').select('x.planned_on').where('a.member_id', '=', row.id).orderBy('x.planned_on').execute();
    const feedback = await db.selectFrom('learning_set_feedback as f').innerJoin('findings as g', 'g.id', 'f.finding_id').select(['g.statement', 'f.response', 'f.note']).where('f.member_id', '=', row.id).execute();
    result.push({
      learningSet: row.set_name,
      name: row.name,
      role: row.role,
      organisation: row.organisation,
      sessionsAttended: sessions.map((x) => x.planned_on),
      feedback: feedback.map((f) => ({ finding: f.statement, response: f.response, note: f.note })),
    });
  }
  return result;
}

export async function eraseMemberships(db: Db, evaluationId: string, personId: string | null, name: string): Promise<Record<string, number>> {
  const ids = (await theirMemberships(db, evaluationId, personId, name).select('m.id').execute()).map((r) => r.id);
  if (!ids.length) return {};
  const attendance = Number((await db.selectFrom('learning_set_attendance').select((eb) => eb.fn.countAll().as('n')).where('member_id', 'in', ids).executeTakeFirst())?.n ?? 0);
  // Attendance, and the feedback recorded against it, go with the member (ON DELETE CASCADE).
  const members = Number((await db.deleteFrom('learning_set_members').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
  return { learningSetMembers: members, learningSetAttendance: attendance };
}

const neutral = '^Member [0-9]+$';

/** Members' names and directory links; replaced by "Member N" (numbered within the set) only when `apply` is set. */
export async function retainMembers(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  const row = await membersOf(db, evaluationId)
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.or([eb(sql<string>`m.name`, '!~', neutral), eb('m.person_id', 'is not', null)]))
    .executeTakeFirst();
  if (apply) {
    await sql`
      UPDATE learning_set_members AS m SET name = CASE WHEN m.name ~ ${neutral} THEN m.name ELSE 'Member ' || n.position END, person_id = NULL
      FROM (
        SELECT t.id, row_number() OVER (PARTITION BY t.learning_set_id ORDER BY t.created_at, t.id) AS position
        FROM learning_set_members t JOIN learning_sets s ON s.id = t.learning_set_id
        WHERE s.evaluation_id = ${evaluationId}
      ) AS n
      WHERE m.id = n.id AND (m.name !~ ${neutral} OR m.person_id IS NOT NULL)`.execute(db);
  }
  return { learningSetMemberNames: Number(row?.n ?? 0) };
}
