import type { Db } from '../src/db/database.ts';

/** Fills the report tables (migration 021): a report with a section, a released version with a nested model, the glossary. */
export async function fillReportTables(db: Db, evaluation: string, user: string): Promise<void> {
  const report = await db.insertInto('reports')
    .values({ evaluation_id: evaluation, title: 'Interim report — “one”', template: 'interim', due_on: '2006-03-31', created_by: user, created_at: '2006-03-01 10:00:00.000001+00' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('report_sections').values({ report_id: report.id, section: 'executive-summary', narrative: 'Line one\n\nline two', included: true, updated_by: user }).execute();
  await db.insertInto('report_sections').values({ report_id: report.id, section: 'appendix-documents', narrative: '', included: false, updated_by: null }).execute();
  const model = { modelVersion: 1, title: 'Interim report', sections: [{ key: 'findings', blocks: [{ kind: 'table', rows: [['a', '1.50']], groupSizes: [12, null] }] }], threshold: 5 };
  await db.insertInto('report_versions').values([
    { report_id: report.id, number: 1, status: 'released', model: JSON.stringify(model), fingerprint: 'a'.repeat(64), built_by: user, released_by: user, released_at: new Date('2006-03-02T09:00:00Z') },
    { report_id: report.id, number: 2, model: JSON.stringify({ ...model, title: 'ünïcode ✓ ×' }), fingerprint: 'b'.repeat(64), built_by: null },
  ]).execute();
  await db.insertInto('abbreviations').values({ evaluation_id: evaluation, abbreviation: 'CAT', meaning: 'Community equipment programme' }).execute();
}
