import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { mentions, type PersonIdentifiers } from '../../privacy/identifiers.ts';

/**
 * What the privacy module may ask of case studies: a withdrawn person listed as a stakeholder at a
 * site (linked to one of their interviews, or listed under their name) keeps their place in the
 * site's count by kind of voice but becomes the stand-in name, with no role, organisation or
 * interview; at the end of retention every stakeholder's name becomes "Stakeholder N". The caller
 * holds the transaction and audits.
 */

function stakeholdersOf(db: Db, evaluationId: string) {
  return db.selectFrom('case_study_stakeholders as k').innerJoin('case_study_sites as s', 's.id', 'k.site_id').where('s.evaluation_id', '=', evaluationId);
}

export interface StakeholderEntry {
  site: string;
  category: string;
  name: string;
  role: string;
  organisation: string;
  linkedToInterview: boolean;
}

/** Where the person is listed as a stakeholder: linked to one of their interviews, or under their name. */
export async function stakeholderEntriesOf(db: Db, evaluationId: string, interviewIds: string[], name: string | null): Promise<StakeholderEntry[]> {
  const lower = name?.trim().toLowerCase() ?? '';
  if (!interviewIds.length && !lower) return [];
  const rows = await stakeholdersOf(db, evaluationId)
    .select(['s.name as site', 'k.category', 'k.name', 'k.role', 'k.organisation', 'k.interview_id'])
    .where((eb) => eb.or([...(interviewIds.length ? [eb('k.interview_id', 'in', interviewIds)] : []), ...(lower ? [eb(eb.fn('lower', ['k.name']), '=', lower)] : [])]))
    .orderBy('s.name')
    .orderBy('k.created_at')
    .execute();
  return rows.map((r) => ({ site: r.site, category: r.category, name: r.name, role: r.role, organisation: r.organisation, linkedToInterview: r.interview_id !== null }));
}

export async function forgetStakeholder(db: Db, evaluationId: string, interviewIds: string[], ids: PersonIdentifiers): Promise<Record<string, number>> {
  const rows = await stakeholdersOf(db, evaluationId).select(['k.id', 'k.name', 'k.interview_id']).execute();
  const theirs = rows.filter((r) => (r.interview_id !== null && interviewIds.includes(r.interview_id)) || mentions(r.name, ids)).map((r) => r.id);
  if (theirs.length) await db.updateTable('case_study_stakeholders').set({ name: ids.standIn, role: '', organisation: '', interview_id: null }).where('id', 'in', theirs).execute();
  return { stakeholders: theirs.length };
}

const neutral = '^(Stakeholder [0-9]+|Withdrawn participant [0-9]+( \\([0-9]+\\))?)$';

/** Stakeholders' names, replaced by "Stakeholder N" (numbered within the site) only when `apply` is set. */
export async function retainStakeholders(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  const row = await stakeholdersOf(db, evaluationId).select((eb) => eb.fn.countAll().as('n')).where(sql<boolean>`k.name !~ ${neutral}`).executeTakeFirst();
  if (apply) {
    await sql`
      UPDATE case_study_stakeholders AS k SET name = 'Stakeholder ' || n.position
      FROM (
        SELECT t.id, row_number() OVER (PARTITION BY t.site_id ORDER BY t.created_at, t.id) AS position
        FROM case_study_stakeholders t JOIN case_study_sites s ON s.id = t.site_id
        WHERE s.evaluation_id = ${evaluationId}
      ) AS n
      WHERE k.id = n.id AND k.name !~ ${neutral}`.execute(db);
  }
  return { stakeholderNames: Number(row?.n ?? 0) };
}
