import type { Db } from '../src/db/database.ts';

/** Fills the case-study tables (migration 019), linking units, documents, interviews and methods filled before. */
export async function fillCaseStudyTables(db: Db, evaluation: string, user: string): Promise<void> {
  const first = async (table: 'units' | 'documents' | 'interviews' | 'improvement_methods') =>
    (await db.selectFrom(table).select('id').executeTakeFirstOrThrow()).id;
  const site = await db.insertInto('case_study_sites')
    .values({ evaluation_id: evaluation, name: 'Fenland — “rural”', site_type: 'Coastal and rural', project_title: 'Joint discharge', project_description: 'Line one\nline two', project_starts_on: '2005-04-01', project_ends_on: '2006-09-30', status: 'withdrawn', withdrawn_reason: 'Project stopped \\ funding', created_by: user, created_at: '2006-03-01 10:00:00.000001+00' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('case_study_site_units').values({ site_id: site.id, unit_id: await first('units') }).execute();
  const criterion = await db.insertInto('case_study_criteria').values({ evaluation_id: evaluation, text: 'Runs 12–18 months', position: 1 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('case_study_site_criteria').values({ site_id: site.id, criterion_id: criterion.id, judgement: 'met', evidence: 'The plan says so', document_id: await first('documents') }).execute();
  await db.insertInto('case_study_stakeholders').values({ site_id: site.id, category: 'service-user-carer', name: 'Carers’ group member', role: 'Chair', organisation: 'Carers’ forum', interview_id: await first('interviews') }).execute();
  const form = await db.insertInto('case_extraction_forms').values({ evaluation_id: evaluation, name: 'Review', description: 'Six fields' }).returning('id').executeTakeFirstOrThrow();
  const field = await db.insertInto('case_extraction_fields').values({ form_id: form.id, label: 'Outcome', field_type: 'choice', options: ['Better', 'Same, “or” worse'], required: true, position: 1 }).returning('id').executeTakeFirstOrThrow();
  const file = await db.insertInto('case_files').values({ site_id: site.id, reference: 'CF-001' }).returning('id').executeTakeFirstOrThrow();
  const sample = await db.insertInto('case_file_samples').values({ site_id: site.id, size: 1, seed: '-9223372036854775808', drawn_by: user }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('case_file_sample_members').values({ sample_id: sample.id, case_file_id: file.id, position: 1 }).execute();
  const extraction = await db.insertInto('case_extractions').values({ case_file_id: file.id, form_id: form.id, recorded_by: user }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('case_extraction_values').values({ extraction_id: extraction.id, field_id: field.id, value: 'Same, “or” worse' }).execute();
  await db.insertInto('case_file_contacts').values({ case_file_id: file.id, contacted_on: '2006-02-01', agency: 'Housing', kind: 'Assessment', note: 'Ünïcode note' }).execute();
  await db.insertInto('improvement_method_sites').values({ method_id: await first('improvement_methods'), site_id: site.id }).execute();
}
