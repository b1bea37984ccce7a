import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';

/**
 * Fills the stored figures of shared statistics pages (migration 025): one survey's figures with a
 * mean beyond double-precision printing, labels with quotes and non-ASCII text, a microsecond time.
 */
export async function fillSharedStatisticsTables(db: Db, evaluation: string): Promise<void> {
  const survey = await db.selectFrom('surveys').select('id').where('evaluation_id', '=', evaluation).where('public_code', '=', 'ABC123').executeTakeFirstOrThrow();
  const version = await db.selectFrom('survey_versions').select('id').where('survey_id', '=', survey.id).orderBy('number', 'desc').executeTakeFirstOrThrow();
  const figures = {
    responses: 1,
    questions: [{ id: 'q1', text: 'Le changement «nécessaire» — "quoted" \\ back', pageTitle: 'Page 1', multiple: false, cells: [{ label: 'Agree', count: 1 }, { label: 'No answer', count: 0 }] }],
    scales: [{ instrument: 'R', name: 'Readiness', n: 1, mean: 3.3333333333333335, range: { min: 1, max: 5 } }],
    unscored: ['Éval'],
    leftOut: { text: 1, other: 0 },
  };
  await db.insertInto('shared_statistics').values({
    survey_id: survey.id,
    version_id: version.id,
    responses: 1,
    digest: '-4611686018427387904/0123456789abcdef0123456789abcdef',
    definition_digest: 'fedcba9876543210fedcba9876543210',
    figures: JSON.stringify(figures),
    counted_at: sql<Date>`'2006-03-04 05:06:07.000008+00'::timestamptz`,
  }).execute();
}
