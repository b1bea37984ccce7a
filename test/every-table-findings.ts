import type { Db } from '../src/db/database.ts';

/** Fills the findings tables (migration 018), linking evidence of every kind to rows filled before. */
export async function fillFindingTables(db: Db, evaluation: string, user: string): Promise<void> {
  const first = async (table: 'qda_codes' | 'qda_codings' | 'qda_quotes' | 'surveys' | 'documents' | 'context_events') =>
    (await db.selectFrom(table).select('id').executeTakeFirstOrThrow()).id;
  const finding = await db.insertInto('findings')
    .values({ evaluation_id: evaluation, statement: 'Staff see the merger as a chance — “at last”', detail: 'Line one\nline two', valence: 'mixed', strength: 'strong', position: 1, created_by: user, created_at: '2006-03-01 10:00:00.000001+00' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('finding_constructs').values({ finding_id: finding.id, code_id: await first('qda_codes') }).execute();
  await db.insertInto('finding_evidence').values([
    { finding_id: finding.id, kind: 'coding', coding_id: await first('qda_codings'), position: 1 },
    { finding_id: finding.id, kind: 'quote', quote_id: await first('qda_quotes'), stance: 'contradicts', note: 'One voice against', position: 2 },
    { finding_id: finding.id, kind: 'survey-result', survey_id: await first('surveys'), result_spec: JSON.stringify({ view: 'scale-by-unit', scale: 'climate', minimum: 5 }), position: 3 },
    { finding_id: finding.id, kind: 'document', document_id: await first('documents'), position: 4 },
    { finding_id: finding.id, kind: 'context-event', context_event_id: await first('context_events'), position: 5 },
    { finding_id: finding.id, kind: 'plan-analysis', result_spec: JSON.stringify({ view: 'cross-cutting', planYear: '2005/06' }), position: 6 },
  ]).execute();
  const recommendation = await db.insertInto('recommendations')
    .values({ evaluation_id: evaluation, text: 'Give programmes one shared plan', addressed_to: 'The board', created_by: user })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('recommendation_findings').values({ recommendation_id: recommendation.id, finding_id: finding.id }).execute();
}
