import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { readAnswer, readAnswerTokens, type StoredAnswer } from '../analysis/index.ts';
import { buildFixture, fixtureUser, type Fixture } from './test-fixture.ts';
import * as store from './store.ts';

/**
 * The database reads item answers as compact tokens; read back, every kind of stored answer must
 * give what `readAnswer` gives on the same answer (the rules scoring has always used).
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
    expect(read).toEqual({ ids: [], tokens: [null], texts: [[]] });
  });
});
