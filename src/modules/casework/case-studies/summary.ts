import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { listSites, type Site } from './sites.ts';
import { stakeholderCategories, type StakeholderCategory } from './stakeholders.ts';

/** One line per site: how far its selection and fieldwork have got. */
export interface SiteSummary extends Site {
  criteriaMet: number;
  criteriaTotal: number;
  stakeholders: number;
  byCategory: Record<StakeholderCategory, number>;
  linkedInterviews: number;
  caseFiles: number;
  sampled: number;
  extracted: number;
}

export async function siteSummaries(db: Db, evaluationId: string): Promise<SiteSummary[]> {
  const sites = await listSites(db, evaluationId);
  const counts = await sql<{ id: string; met: number; criteria: number; linked: number; files: number; sampled: number; extracted: number }>`
    SELECT s.id,
      (SELECT count(*)::int FROM case_study_site_criteria j WHERE j.site_id = s.id AND j.judgement = 'met') AS met,
      (SELECT count(*)::int FROM case_study_criteria c WHERE c.evaluation_id = s.evaluation_id) AS criteria,
      (SELECT count(*)::int FROM case_study_stakeholders k WHERE k.site_id = s.id AND k.interview_id IS NOT NULL) AS linked,
      (SELECT count(*)::int FROM case_files f WHERE f.site_id = s.id) AS files,
      (SELECT count(*)::int FROM case_files f JOIN case_file_sample_members m ON m.case_file_id = f.id WHERE f.site_id = s.id) AS sampled,
      (SELECT count(DISTINCT e.case_file_id)::int FROM case_extractions e JOIN case_files f ON f.id = e.case_file_id WHERE f.site_id = s.id) AS extracted
    FROM case_study_sites s WHERE s.evaluation_id = ${evaluationId}`.execute(db);
  const categories = await db
    .selectFrom('case_study_stakeholders as k')
    .innerJoin('case_study_sites as s', 's.id', 'k.site_id')
    .select((eb) => ['k.site_id', 'k.category', eb.fn.countAll<number>().as('n')])
    .where('s.evaluation_id', '=', evaluationId)
    .groupBy(['k.site_id', 'k.category'])
    .execute();
  const bySite = new Map(counts.rows.map((r) => [r.id, r]));
  return sites.map((site) => {
    const c = bySite.get(site.id)!;
    const byCategory = Object.fromEntries(stakeholderCategories.map((k) => [k, Number(categories.find((r) => r.site_id === site.id && r.category === k)?.n ?? 0)])) as Record<StakeholderCategory, number>;
    return {
      ...site,
      criteriaMet: c.met,
      criteriaTotal: c.criteria,
      stakeholders: Object.values(byCategory).reduce((a, b) => a + b, 0),
      byCategory,
      linkedInterviews: c.linked,
      caseFiles: c.files,
      sampled: c.sampled,
      extracted: c.extracted,
    };
  });
}
