import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import { seededRandom } from '../../../demo/random.ts';
import type { Database } from '../../../db/database.ts';
import { digest } from '../../accounts/service.ts';
import { scoreResponses } from '../../analysis/scoring.ts';
import type { StoredAnswer } from '../../analysis/answer-values.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { listInstruments } from '../../instruments/catalogue.ts';
import { withScoringKey } from '../../instruments/service.ts';
import type { Instrument } from '../../instruments/definition.ts';
import { createTestSurvey } from '../exports/test-survey.ts';
import { scaleMeans, type AskedInstrument } from './scale-means.ts';

/** Answers of every kind the scoring rules tell apart: valid, reversed, missing codes, codes as text, out of range, fractions, rubbish. */
function randomAnswer(random: () => number): StoredAnswer {
  const r = random();
  const value = 1 + Math.floor(random() * 5);
  if (r < 0.55) return value;
  if (r < 0.62) return String(value);
  if (r < 0.66) return 'NR';
  if (r < 0.69) return 'DK';
  if (r < 0.73) return null;
  if (r < 0.76) return undefined;
  if (r < 0.79) return 99;
  if (r < 0.82) return 2.5;
  if (r < 0.85) return 'm1';
  if (r < 0.88) return '0';
  if (r < 0.9) return 'abc';
  if (r < 0.92) return ['1'];
  if (r < 0.94) return '';
  if (r < 0.96) return 7;
  return 0;
}

describe.each(backends)('scale means in SQL on $name', (backend) => {
  let database: Database;
  let survey: { id: string; version: { id: string } };
  const responses: Record<string, StoredAnswer>[] = [];
  const asked: AskedInstrument[] = [];
  const random = seededRandom(2026);

  beforeAll(async () => {
    database = await backend.open();
    const user = await addUser(database, 'Sam Scorer');
    const evaluation = await createEvaluation(database.db, user.id, { title: 'Scale means' });
    survey = await createTestSurvey(database.db, user.id, evaluation.id, 'anonymous');
    for (const shipped of listInstruments()) {
      // A random scoring key, so every instrument has reverse-keyed items whatever it ships with.
      const instrument: Instrument = withScoringKey(shipped, new Map(shipped.items.map((item) => [item.id, random.next() < 0.3])));
      // Questions named apart from items, and one item of each instrument left out of the survey.
      const questionOf = new Map(instrument.items.slice(1).map((item) => [item.id, `${instrument.id}-${item.id}`]));
      asked.push({ instrument, questionOf });
    }
    for (let i = 0; i < 150; i += 1) {
      const answers: Record<string, StoredAnswer> = {};
      for (const a of asked) for (const question of a.questionOf.values()) {
        const answer = randomAnswer(() => random.next());
        if (answer !== undefined) answers[question] = answer;
      }
      // Some respondents skip whole instruments.
      if (i % 17 === 0) for (const question of asked[0]!.questionOf.values()) delete answers[question];
      responses.push(answers);
    }
    const row = (answers: Record<string, StoredAnswer>, purpose: string, status: string) => ({
      survey_id: survey.id,
      version_id: survey.version.id,
      key_hash: digest(randomBytes(16).toString('hex')),
      purpose,
      status,
      answers: JSON.stringify(answers),
    });
    await database.db.insertInto('responses').values(responses.map((a) => row(a, 'main', 'complete'))).execute();
    // Neither a pilot response nor an unfinished one may count.
    await database.db.insertInto('responses').values([row(responses[0]!, 'pilot', 'complete'), row(responses[1]!, 'main', 'partial')]).execute();
  }, 180_000);
  afterAll(async () => database.close());

  it('gives every scale the n and mean the pure scoring function gives, for every shipped instrument', async () => {
    const means = await scaleMeans(database.db, survey.id, asked);
    let compared = 0;
    for (const { instrument, questionOf } of asked) {
      const expected = scoreResponses(instrument, responses, { itemKey: (id) => questionOf.get(id) ?? `\u0000${id}` });
      for (const scale of expected.scales) {
        let sum = 0;
        for (const v of scale.scores) if (v === v) sum += v;
        const got = means.get(instrument.id)!.get(scale.id)!;
        expect({ scale: `${instrument.id}/${scale.id}`, n: got.n }).toEqual({ scale: `${instrument.id}/${scale.id}`, n: scale.scored });
        if (scale.scored === 0) expect(got.mean).toBeNull();
        else expect(Math.abs(got.mean! - sum / scale.scored)).toBeLessThan(1e-12 * Math.max(1, Math.abs(sum / scale.scored)));
        compared += 1;
      }
    }
    // Every instrument's scales, including sums, weights and scales made of subscales.
    expect(compared).toBe(asked.reduce((a, x) => a + x.instrument.scales.length, 0));
    expect(asked.some((a) => a.instrument.scales.some((s) => s.subscales))).toBe(true);
    expect([...means.values()].some((m) => [...m.values()].some((s) => s.n > 0 && s.n < responses.length))).toBe(true);
  });

  it('gives no scores when no complete main response exists', async () => {
    const means = await scaleMeans(database.db, '00000000-0000-4000-8000-000000000000', asked);
    for (const m of means.values()) for (const s of m.values()) expect(s).toEqual({ n: 0, mean: null });
  });
});
