import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { coOccurrence, coOccurringSegments, parseHeadline, searchSources, segmentsOfCode } from './service.ts';
import { buildTestProject, type TestProject } from './test-project.ts';

describe.each(backends)('qualitative queries on $name', (backend) => {
  let database: Database;
  let project: TestProject;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    database = await backend.open();
    project = await buildTestProject(database);
    const { tension, time, funding, advocacy } = project.codes;
    ids.sm01Tension = await project.code('SM01', 'real tension for change after the review', tension, { valence: 'facilitating' });
    ids.sm01Time = await project.code('SM01', 'We had no dedicated time for the work, and the funding was cut twice in one year.', time, { valence: 'inhibiting' });
    ids.sm01Funding = await project.code('SM01', 'the funding was cut twice', funding, { valence: 'inhibiting' });
    ids.sm02Advocacy = await project.code('SM02', 'The chief executive was a strong champion; that support and advocacy carried us.', advocacy, { valence: 'facilitating' });
    ids.sm02Time = await project.code('SM02', 'Funding stayed with the largest programme, so the rest of us had no dedicated time.', time, { valence: 'inhibiting' });
    ids.sm02Funding = await project.code('SM02', 'Funding stayed with the largest programme', funding);
    ids.sm03Tension = await project.code('SM03', 'The tension for change faded', tension, { valence: 'inhibiting' });
    ids.ex01Advocacy = await project.code('EX01', 'strong advocacy from the chief executive, but little dedicated time', advocacy, { valence: 'mixed' });
    ids.ex01Time = await project.code('EX01', 'little dedicated time for partners', time, { valence: 'inhibiting' });
  });
  afterAll(() => database.close());

  const segments = (input: Record<string, unknown>) => segmentsOfCode(database.db, project.evaluationId, { code: project.codes.time.id, ...input }, null);

  it('lists every segment of a code with its source, participant, wave and context', async () => {
    const result = await segments({ context: 20 });
    expect(result.total).toBe(3);
    expect(result.segments.map((s) => s.sourceName)).toEqual(['Interview EX01', 'Interview SM01', 'Interview SM02']);
    const sm01 = result.segments.find((s) => s.participantLabel === 'SM01')!;
    expect(sm01.text).toBe('We had no dedicated time for the work, and the funding was cut twice in one year.');
    expect(sm01.before).toBe('nd resources?\nSM01: ');
    expect(sm01.before).toHaveLength(20);
    expect(sm01.after).toBe('');
    expect(sm01).toMatchObject({ roleCategory: 'Chief executive', waveName: 'Wave 1 (2005)', valence: 'inhibiting', codeName: 'Dedicated time and resources' });
    const ex01 = result.segments.find((s) => s.participantLabel === 'EX01')!;
    expect(ex01.after).toBe('.');
    expect((await segments({ context: 0 })).segments.every((s) => s.before === '' && s.after === '')).toBe(true);
  });

  it('includes sub-codes when asked', async () => {
    const own = await segments({});
    const within = await segments({ subcodes: 'yes' });
    expect(own.total).toBe(3);
    expect(within.total).toBe(5);
    expect(within.segments.filter((s) => s.codeName === 'Funding').map((s) => s.text)).toEqual(['the funding was cut twice', 'Funding stayed with the largest programme']);
  });

  it('filters by participant attribute, role category and wave', async () => {
    const mentalHealth = await segments({ attribute: 'programme=mental health', subcodes: 'yes' });
    expect(new Set(mentalHealth.segments.map((s) => s.participantLabel))).toEqual(new Set(['SM01']));
    const leads = await segments({ role: 'programme lead' });
    expect(leads.segments.map((s) => s.participantLabel)).toEqual(['SM02']);
    const secondWave = await segments({ wave: project.waves.second });
    expect(secondWave.segments.map((s) => s.participantLabel)).toEqual(['EX01']);
    const both = await segmentsOfCode(database.db, project.evaluationId, { code: project.codes.tension.id, wave: project.waves.second, attribute: ['Programme=Mental health'] }, null);
    expect(both.segments.map((s) => s.text)).toEqual(['The tension for change faded']);
    const none = await segments({ attribute: [{ name: 'Programme', value: 'Children' }] });
    expect(none.total).toBe(0);
    await expect(segments({ attribute: 'no equals sign' })).rejects.toThrow(/name=value/);
  });

  it('recuts a segment’s text after its source is edited or the coding moves to another code', async () => {
    const before = await segmentsOfCode(database.db, project.evaluationId, { code: project.codes.tension.id }, null);
    expect(before.segments[0]!.text).toBe('real tension for change after the review');
    // An edit elsewhere: a new revision, the same positions now hold other text.
    await database.db.updateTable('qda_sources').set({ content: sql`upper(content)`, revision: sql`revision + 1` }).where('id', '=', project.sources.SM01).execute();
    const after = await segmentsOfCode(database.db, project.evaluationId, { code: project.codes.tension.id }, null);
    expect(after.segments[0]!.text).toBe('REAL TENSION FOR CHANGE AFTER THE REVIEW');
    await database.db.updateTable('qda_sources').set({ content: project.text('SM01'), revision: sql`revision + 1` }).where('id', '=', project.sources.SM01).execute();
    // A coding moved to another code (as merging codes does) is found under its new code, with its text.
    await database.db.updateTable('qda_codings').set({ code_id: project.codes.outer.id }).where('id', '=', ids.sm03Tension!).execute();
    const moved = await segmentsOfCode(database.db, project.evaluationId, { code: project.codes.outer.id }, null);
    expect(moved.segments.map((s) => s.text)).toEqual(['The tension for change faded']);
    expect((await segmentsOfCode(database.db, project.evaluationId, { code: project.codes.tension.id }, null)).total).toBe(1);
    await database.db.updateTable('qda_codings').set({ code_id: project.codes.tension.id }).where('id', '=', ids.sm03Tension!).execute();
  });

  it('counts codes whose segments overlap in the same source, and lists the shared text', async () => {
    const result = await coOccurrence(database.db, project.evaluationId, { parent: project.codes.inner.id }, null);
    expect(result.codes.map((c) => c.name)).toEqual(['Tension for change', 'Dedicated time and resources', 'Support and advocacy']);
    const pair = result.pairs.find((p) => p.codeA.name !== 'Tension for change' && p.codeB.name !== 'Tension for change')!;
    expect(pair).toMatchObject({ overlaps: 1, sources: 1 });
    expect(result.table[1]![2]).toBe(1);
    expect(result.table[2]![1]).toBe(1);
    expect(result.table[0]![1]).toBe(0);
    // Funding sits inside both Dedicated time codings: two overlaps in two sources.
    const nested = await coOccurrence(database.db, project.evaluationId, { parent: project.codes.time.id }, null);
    expect(nested.pairs).toEqual([]);
    const shared = await coOccurringSegments(database.db, project.evaluationId, project.codes.advocacy.id, project.codes.time.id, {}, null);
    expect(shared.overlaps).toHaveLength(1);
    expect(shared.overlaps[0]!.shared).toBe('little dedicated time');
    const funding = await coOccurringSegments(database.db, project.evaluationId, project.codes.time.id, project.codes.funding.id, {}, null);
    expect(funding.overlaps.map((o) => o.shared)).toEqual(['the funding was cut twice', 'Funding stayed with the largest programme']);
    const leadsOnly = await coOccurringSegments(database.db, project.evaluationId, project.codes.time.id, project.codes.funding.id, { role: 'Programme lead' }, null);
    expect(leadsOnly.overlaps).toHaveLength(1);
  });

  it('searches sources with ranked results and marked snippets, filtered the same way', async () => {
    const result = await searchSources(database.db, project.evaluationId, { q: 'dedicated time' });
    expect(result.total).toBe(4);
    expect(new Set(result.results.map((r) => r.name))).toEqual(new Set(['Interview SM01', 'Interview SM02', 'Interview EX01', 'Business plan']));
    const ranks = result.results.map((r) => r.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    const snippet = result.results.find((r) => r.name === 'Interview SM02')!.snippets;
    expect(snippet.flat().filter((p) => p.match).map((p) => p.text.toLowerCase())).toEqual(expect.arrayContaining(['dedicated', 'time']));
    expect(snippet.flat().map((p) => p.text).join('')).toContain('no');

    const stemmed = await searchSources(database.db, project.evaluationId, { q: 'champions' });
    expect(stemmed.results.map((r) => r.name)).toEqual(['Interview SM02']);
    const phrase = await searchSources(database.db, project.evaluationId, { q: '"tension for change" -review' });
    expect(phrase.results).toEqual([]);
    const either = await searchSources(database.db, project.evaluationId, { q: 'council or board' });
    expect(either.results.map((r) => r.name).sort()).toEqual(['Interview EX01', 'Interview SM01']);
    const filtered = await searchSources(database.db, project.evaluationId, { q: 'dedicated time', role: 'programme lead' });
    expect(filtered.results.map((r) => r.participantLabel)).toEqual(['SM02']);
    const byWave = await searchSources(database.db, project.evaluationId, { q: 'chief executive', wave: project.waves.second });
    expect(byWave.results.map((r) => r.participantLabel)).toEqual(['EX01']);
    await expect(searchSources(database.db, project.evaluationId, { q: 'the and of' })).rejects.toThrow(/common word/);
    await expect(searchSources(database.db, project.evaluationId, { q: '  ' })).rejects.toThrow(/Enter words/);
  });

  it('splits headlines into fragments of plain and matched text', () => {
    expect(parseHeadline('a \u0001b\u0002 c\u0003d \u0001e\u0002')).toEqual([
      [{ text: 'a ', match: false }, { text: 'b', match: true }, { text: ' c', match: false }],
      [{ text: 'd ', match: false }, { text: 'e', match: true }],
    ]);
  });
});
