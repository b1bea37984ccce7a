import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { addCoding, addCodings, createCode, createSource, getSource, listCodes, listCodings, segmentsForCode } from './service.ts';

describe.each(backends)('qualitative core on $name', (backend) => {
  let database: Database;
  let evaluationId: string;
  let otherEvaluationId: string;
  let userId: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Qualitative core' })).id;
    otherEvaluationId = (await createEvaluation(database.db, userId, { title: 'Another' })).id;
  });
  afterAll(() => database.close());

  it('codes overlapping ranges and cuts segment text by code points in SQL', async () => {
    const content = 'Q: 😀 How was the merger?\nA: There was real tension for change, and little time.';
    const source = await createSource(database.db, userId, evaluationId, {
      kind: 'transcript', name: 'SM01', content,
      turns: [{ speaker: 'Interviewer', start: 0, end: 25 }, { speaker: 'SM01', start: 26, end: [...content].length }],
    });
    expect((await getSource(database.db, evaluationId, source.id)).turns).toHaveLength(2);
    const tension = await createCode(database.db, userId, evaluationId, { name: 'Tension for change', frameworkRef: 'greenhalgh-2004/tension-for-change' });
    const time = await createCode(database.db, userId, evaluationId, { name: 'Dedicated time and resources' });
    const points = [...content];
    const start = points.join('').indexOf('real tension') - 1; // one emoji before it: two UTF-16 units, one code point
    const coded = points.slice(start, start + 'real tension for change'.length).join('');
    expect(coded).toBe('real tension for change');
    await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: tension.id, start, end: start + 23, valence: 'facilitating' });
    await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: time.id, start: start + 13, end: points.length - 1, valence: 'inhibiting' });
    const segments = await segmentsForCode(database.db, evaluationId, tension.id);
    expect(segments.map((s) => s.text)).toEqual(['real tension for change']);
    expect((await segmentsForCode(database.db, evaluationId, time.id))[0]?.text).toBe('for change, and little time');
    expect((await listCodings(database.db, evaluationId, source.id)).map((c) => c.codeName)).toEqual(['Tension for change', 'Dedicated time and resources']);
    expect((await listCodes(database.db, evaluationId)).find((c) => c.id === tension.id)?.codings).toBe(1);
  });

  it('refuses ranges outside the text, and sources or codes of another evaluation', async () => {
    const source = await createSource(database.db, userId, evaluationId, { kind: 'note', name: 'Short', content: 'abc' });
    const code = await createCode(database.db, userId, evaluationId, { name: 'A code' });
    await expect(addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: code.id, start: 1, end: 4 })).rejects.toThrow('not within the text');
    await expect(addCoding(database.db, userId, otherEvaluationId, { sourceId: source.id, codeId: code.id, start: 0, end: 1 })).rejects.toThrow('Source not found');
    const foreignCode = await createCode(database.db, userId, otherEvaluationId, { name: 'Theirs' });
    await expect(addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: foreignCode.id, start: 0, end: 1 })).rejects.toThrow('Code not found');
    await expect(createCode(database.db, userId, evaluationId, { name: 'Child', parentId: foreignCode.id })).rejects.toThrow('parent code is not in this evaluation');
    await expect(createSource(database.db, userId, evaluationId, { kind: 'transcript', name: 'Bad turns', content: 'abc', turns: [{ speaker: 'X', start: 0, end: 9 }] })).rejects.toThrow('falls outside the text');
  });

  it('stores many codings at once in the order given, or none when one is wrong, naming it', async () => {
    const source = await createSource(database.db, userId, evaluationId, { kind: 'note', name: 'Batch', content: 'Tension 😀 and time' });
    const code = await createCode(database.db, userId, evaluationId, { name: 'Batch code' });
    const ids = await addCodings(database.db, userId, evaluationId, [
      { sourceId: source.id, codeId: code.id, start: 0, end: 7, valence: 'facilitating' },
      { sourceId: source.id, codeId: code.id, start: 10, end: 18 },
    ]);
    const codings = await listCodings(database.db, evaluationId, source.id);
    expect(codings.map((c) => [c.id, c.start, c.end, c.valence, c.coderId])).toEqual([
      [ids[0], 0, 7, 'facilitating', userId],
      [ids[1], 10, 18, 'neutral', userId],
    ]);
    const foreignCode = await createCode(database.db, userId, otherEvaluationId, { name: 'Not here' });
    await expect(addCodings(database.db, userId, evaluationId, [{ sourceId: source.id, codeId: code.id, start: 0, end: 3 }, { sourceId: source.id, codeId: code.id, start: 5, end: 19 }])).rejects.toThrow('Coding 2: the selection 5–19 is not within the text (0–18)');
    await expect(addCodings(database.db, userId, evaluationId, [{ sourceId: source.id, codeId: foreignCode.id, start: 0, end: 3 }])).rejects.toThrow('Code of coding 1 not found');
    expect(await listCodings(database.db, evaluationId, source.id)).toHaveLength(2);
    expect(await addCodings(database.db, userId, evaluationId, [])).toEqual([]);
  });

  it('finds sources by PostgreSQL full-text search', async () => {
    await createSource(database.db, userId, evaluationId, { kind: 'document', name: 'Business plan', content: 'The programmes will commission joint workforce development.' });
    const rows = await database.db.selectFrom('qda_sources').select('name').where('evaluation_id', '=', evaluationId)
      .where(sql<boolean>`search @@ websearch_to_tsquery('english', ${'commissioning workforce'})`).execute();
    expect(rows.map((r) => r.name)).toEqual(['Business plan']);
  });
});
