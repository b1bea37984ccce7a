import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { openEmbeddedDatabase, type Database } from '../../db/database.ts';
import { listMigrations, migrate } from '../../db/migrate.ts';
import { surveyResults } from './service.ts';
import * as store from './store.ts';
import { completeResponse, savePageAnswers, startResponse } from '../surveys/respondent/service.ts';
import { surveyFixture } from '../surveys/respondent/test-fixtures.ts';
import { loadResponses } from './data.ts';
import { buildFixture, fixtureDefinition, fixtureUser, type Fixture } from './test-fixture.ts';

/**
 * The coded answer vectors (migration 026) are a faster way to the same figures: results read
 * from them must equal results read from the answers' jsonb, for responses written before the
 * migration as for those written after it.
 */

const everything = { full: true, threshold: 5 } as const;

/**
 * Results with every number to 12 significant figures: the two reads may give the responses in
 * another order (rewriting a row can move it), which changes sums in their last bits only.
 */
const rounded = (value: unknown): unknown =>
  typeof value === 'number' ? Number(value.toPrecision(12)) : Array.isArray(value) ? value.map(rounded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) : value;

/** Every response's vector dropped, so the results service reads the jsonb for all of them. */
const forgetVectors = (database: Database) => sql`UPDATE responses SET item_answers = NULL`.execute(database.db);

async function codedShare(database: Database, fixture: Fixture): Promise<{ coded: number; all: number }> {
  const questions = (await database.db.selectFrom('survey_answer_columns').select('question_id').where('survey_id', '=', fixture.surveyIds[0]!).execute()).map((r) => r.question_id);
  const read = await store.answerColumns(database.db, fixture.surveyIds[0]!, questions, []);
  return { coded: read.coded, all: read.ids.length };
}

describe.each(backends)('answer vectors on $name', (backend) => {
  let database: Database;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await backend.open();
    fixture = await buildFixture(database.db, (await fixtureUser(database.db, 'Lead')).id, 'answer-vectors');
  });
  afterAll(async () => database?.close());

  it('places every instrument item question when the survey is written, in the order asked', async () => {
    const placed = await database.db.selectFrom('survey_answer_columns').select(['question_id', 'position']).where('survey_id', '=', fixture.surveyIds[0]!).orderBy('position').execute();
    expect(placed.map((p) => p.question_id)).toEqual(['tc1', 'tc2', 'tc3', 'res1', 'res2', 'res3'].map((item) => `change_climate_${item}`));
    expect(placed.map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await codedShare(database, fixture)).toEqual({ coded: 40, all: 40 });
  });

  it('gives the same results, groups, alphas and item tables from the vectors as from the jsonb', async () => {
    const fromVectors = [await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: everything }), await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[1]!, { by: 'wave', audience: everything })];
    expect(fromVectors[0]!.scales.length).toBeGreaterThan(0);
    await forgetVectors(database);
    expect((await codedShare(database, fixture)).coded).toBe(0);
    const fromJson = [await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: everything }), await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[1]!, { by: 'wave', audience: everything })];
    expect(rounded(fromVectors)).toEqual(rounded(fromJson));
    // Writing the answers again writes the vectors again.
    await sql`UPDATE responses SET answers = answers`.execute(database.db);
    expect(await codedShare(database, fixture)).toEqual({ coded: 40, all: 40 });
  });
});

describe.each(backends)('answer vectors written by the respondent pages on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  it('follows each page saved, a cleared answer and the completed response', async () => {
    const lead = await fixtureUser(database.db, 'Lead');
    const { survey } = await surveyFixture(database, lead.id, { definition: fixtureDefinition() });
    const now = new Date();
    const started = (await startResponse(database, survey, now))!;
    const versionId = started.response.versionId;
    const views = ['tc1', 'tc2', 'tc3', 'res1', 'res2', 'res3'].map((item) => `change_climate_${item}`);
    await savePageAnswers(database, started.key, { versionId, pageQuestionIds: ['programme'], answers: { programme: 'MHI' }, pagesSaved: 1, now });
    await savePageAnswers(database, started.key, { versionId, pageQuestionIds: views, answers: { [views[0]!]: 4, [views[1]!]: 'NR', [views[2]!]: 2, [views[3]!]: 5 }, pagesSaved: 2, now });
    // The page saved again with one answer cleared and one changed.
    const saved = await savePageAnswers(database, started.key, { versionId, pageQuestionIds: views, answers: { [views[0]!]: 4, [views[1]!]: 'NR', [views[3]!]: 1 }, pagesSaved: 2, now });
    expect((await loadResponses(database.db, survey.id, views)).ids).toEqual([]);
    expect(await completeResponse(database, started.key, saved!.answers, [], now)).toBeDefined();
    const read = await store.answerColumns(database.db, survey.id, views, []);
    expect(read.coded).toBe(1);
    const loaded = await loadResponses(database.db, survey.id, views, ['programme']);
    expect(views.map((q) => loaded.items.get(q)!.values[0])).toEqual([4, Number.NaN, Number.NaN, 1, Number.NaN, Number.NaN]);
    expect(loaded.items.get(views[1]!)!.missingCodes).toBe(1);
    expect(loaded.texts.get('programme')).toEqual(['MHI']);
  });
});

describe('answer vectors for responses stored before migration 026', () => {
  let database: Database;
  afterAll(async () => database?.close());

  it('are written by the migration, and read to the same results as the jsonb gives', { timeout: 120_000 }, async () => {
    database = await openEmbeddedDatabase('memory');
    const migrations = listMigrations();
    await migrate(database, migrations.filter((m) => m.version < 26));
    const fixture = await buildFixture(database.db, (await fixtureUser(database.db, 'Lead')).id, 'before-vectors');
    await migrate(database);
    expect(await codedShare(database, fixture)).toEqual({ coded: 40, all: 40 });
    const fromVectors = await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: everything });
    await forgetVectors(database);
    expect(rounded(await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: everything }))).toEqual(rounded(fromVectors));
  });
});
