import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { sql } from 'kysely';
import { readAnswer, readAnswerTokens, type StoredAnswer } from '../analysis/index.ts';
import { loadResponses } from './data.ts';
import { buildFixture, fixtureUser, type Fixture } from './test-fixture.ts';
import * as store from './store.ts';

/**
 * The database reads item answers as compact tokens, or as coded vectors it keeps beside the
 * answers (migration 026); read back either way, every kind of stored answer must give what
 * `readAnswer` gives on the same answer (the rules scoring has always used).
 */

const stored: Record<string, unknown>[] = [
  { q: 4 },
  { q: 2.5 },
  { q: '3' },
  { q: 'm1' },
  { q: '-2' },
  { q: 'NR' },
  { q: 'DK' },
  { q: '' },
  { q: null },
  {},
  { q: 'agree, mostly' },
  { q: ['1', '2'] },
  { q: true },
  { q: 10 },
  { q: '1.0' },
];

describe.each(backends)('reading answer columns on $name', (backend) => {
  let database: Database;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await backend.open();
    const lead = await fixtureUser(database.db, 'Lead');
    fixture = await buildFixture(database.db, lead.id, 'answer-columns');
    const template = await database.db.selectFrom('responses').select(['version_id', 'purpose']).where('survey_id', '=', fixture.surveyIds[0]!).executeTakeFirstOrThrow();
    await database.db.deleteFrom('responses').where('survey_id', '=', fixture.surveyIds[0]!).execute();
    await database.db
      .insertInto('responses')
      .values(stored.map((answers, i) => ({ survey_id: fixture.surveyIds[0]!, version_id: template.version_id, key_hash: `answer-columns-${i}`, purpose: template.purpose, status: 'complete', answers: JSON.stringify({ ...answers, g: `group ${i % 2}` }) })))
      .execute();
  });
  afterAll(async () => database?.close());

  it('gives every stored answer the number and kind readAnswer gives it, in the order of the ids', async () => {
    const read = await store.answerColumns(database.db, fixture.surveyIds[0]!, ['q', 'absent'], ['g']);
    expect(read.ids).toHaveLength(stored.length);
    const byKey = new Map((await database.db.selectFrom('responses').select(['id', 'answers']).where('survey_id', '=', fixture.surveyIds[0]!).execute()).map((r) => [r.id, r.answers]));
    const column = readAnswerTokens(read.tokens[0]!, read.ids.length);
    const expected = read.ids.map((id) => readAnswer(byKey.get(id)!['q'] as StoredAnswer));
    expect([...column.values]).toEqual(expected.map((e) => e.value));
    expect(column.missingCodes).toBe(expected.filter((e) => e.kind === 'missing-code').length);
    expect(column.unreadable).toBe(expected.filter((e) => e.kind === 'unreadable').length);
    expect(column.unreadable).toBe(3);
    expect(Object.fromEntries(column.counts)).toEqual({ '4': 1, '2.5': 1, '3': 1, m1: 1, '-2': 1, NR: 1, DK: 1, 'agree; mostly': 1, '["1"; "2"]': 1, true: 1, '10': 1, '1.0': 1 });
    expect([...readAnswerTokens(read.tokens[1]!, read.ids.length).values].every(Number.isNaN)).toBe(true);
    expect(read.texts[0]).toEqual(read.ids.map((id) => byKey.get(id)!['g']));
  });

  it('reads a survey without complete responses as empty columns', async () => {
    const read = await store.answerColumns(database.db, '00000000-0000-4000-8000-000000000000', ['q'], ['g']);
    expect(read).toMatchObject({ ids: [], coded: 0, tokens: [null], texts: [[]] });
  });

  /** The answers of `q` as loadResponses gives them, by response id, with the column's tallies. */
  async function readQ(): Promise<{ byId: Map<string, number>; missingCodes: number; unreadable: number; counts: Record<string, number>; coded: number }> {
    const surveyId = fixture.surveyIds[0]!;
    const loaded = await loadResponses(database.db, surveyId, ['q'], ['g']);
    const column = loaded.items.get('q')!;
    const coded = (await store.answerColumns(database.db, surveyId, ['q'], [])).coded;
    return { byId: new Map(loaded.ids.map((id, i) => [id, column.values[i]!])), missingCodes: column.missingCodes, unreadable: column.unreadable, counts: Object.fromEntries(column.counts), coded };
  }

  const placeQ = () => sql`SELECT register_answer_columns(${fixture.surveyIds[0]!}::uuid, ${JSON.stringify({ pages: [{ questions: [{ id: 'q', source: { instrument: 'x', item: 'q' } }] }] })}::jsonb)`.execute(database.db);

  it('reads the same answers from the coded vectors once the question has a position, and the rest from the jsonb', async () => {
    const fromJson = await readQ();
    expect(fromJson.coded).toBe(0);
    await placeQ();
    const fromVectors = await readQ();
    // 4, "3", "m1", "NR", "DK", "", null, absent and 10 have codes; 2.5, "-2", text, a list, true and "1.0" do not.
    expect(fromVectors.coded).toBe(9);
    expect(fromVectors).toEqual({ ...fromJson, coded: 9 });
    expect(fromVectors.counts).toEqual({ '4': 1, '2.5': 1, '3': 1, m1: 1, '-2': 1, NR: 1, DK: 1, 'agree; mostly': 1, '["1"; "2"]': 1, true: 1, '10': 1, '1.0': 1 });
  });

  it('keeps the vectors in step when answers change, and reads a response without a vector from the jsonb', async () => {
    await placeQ();
    const surveyId = fixture.surveyIds[0]!;
    const [first, second] = await database.db.selectFrom('responses').select(['id', 'answers']).where('survey_id', '=', surveyId).where('key_hash', 'in', ['answer-columns-0', 'answer-columns-13']).orderBy('key_hash').execute();
    await database.db.updateTable('responses').set({ answers: JSON.stringify({ ...first!.answers, q: 'DK' }) }).where('id', '=', first!.id).execute();
    await sql`UPDATE responses SET answers = jsonb_set(answers, '{q}', '7') WHERE id = ${second!.id}`.execute(database.db);
    const changed = await readQ();
    expect(Number.isNaN(changed.byId.get(first!.id))).toBe(true);
    expect(changed.byId.get(second!.id)).toBe(7);
    expect(changed.counts).toMatchObject({ DK: 2, '7': 1 });
    expect(changed.counts['4']).toBeUndefined();
    await sql`UPDATE responses SET item_answers = NULL WHERE id = ${second!.id}`.execute(database.db);
    const withoutVector = await readQ();
    expect(withoutVector).toEqual({ ...changed, coded: changed.coded - 1 });
  });

  it('gives a question placed later a position past the older vectors, re-encoding the responses that answer it', async () => {
    await placeQ();
    const surveyId = fixture.surveyIds[0]!;
    const template = await database.db.selectFrom('responses').select(['version_id', 'purpose']).where('survey_id', '=', surveyId).executeTakeFirstOrThrow();
    await database.db.insertInto('responses').values({ survey_id: surveyId, version_id: template.version_id, key_hash: 'answer-columns-late', purpose: template.purpose, status: 'complete', answers: JSON.stringify({ q: 5, late: 2 }) }).execute();
    const before = await store.answerColumns(database.db, surveyId, ['q', 'late'], []);
    expect(before.coded).toBe(0);
    await sql`SELECT register_answer_columns(${surveyId}::uuid, ${JSON.stringify({ pages: [{ questions: [{ id: 'late', source: { instrument: 'x', item: 'late' } }] }] })}::jsonb)`.execute(database.db);
    const loaded = await loadResponses(database.db, surveyId, ['q', 'late'], []);
    const after = await store.answerColumns(database.db, surveyId, ['q', 'late'], []);
    expect(after.coded).toBeGreaterThan(1);
    const late = loaded.items.get('late')!;
    expect([...late.values].filter((v) => !Number.isNaN(v))).toEqual([2]);
    expect(Object.fromEntries(late.counts)).toEqual({ '2': 1 });
  });
});
