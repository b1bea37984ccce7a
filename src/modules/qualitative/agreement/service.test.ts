import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { segmentsOfCode } from '../analysis/service.ts';
import { buildTestProject, type TestProject } from '../analysis/test-project.ts';
import { listCodings } from '../service.ts';
import { codePointLength } from '../text-positions.ts';
import { codingsVisibleTo } from './blind.ts';
import { closeRound, createRound, decide, finishRound, roundComparison } from './service.ts';

/** α from binary counts for two coders: 1 − (2N − 1)·d / (n0·n1), written out by hand. */
function alphaByHand(both: number, onlyA: number, onlyB: number, total: number): number {
  const d = onlyA + onlyB;
  const n0 = 2 * (total - both - d) + d;
  const n1 = 2 * both + d;
  return 1 - ((2 * total - 1) * d) / (n0 * n1);
}

describe.each(backends)('inter-coder agreement on $name', (backend) => {
  let database: Database;
  let p: TestProject;
  let roundId = '';
  let leadCoding = '';
  beforeAll(async () => {
    database = await backend.open();
    p = await buildTestProject(database);
    const { tension, time, funding, advocacy, outer } = p.codes;
    const a = { coderId: p.coderA.id };
    const b = { coderId: p.coderB.id };
    await p.code('SM01', 'real tension for change', tension, { ...a, valence: 'facilitating' });
    await p.code('SM01', 'The board said the eight programmes could not go on alone', advocacy, a);
    await p.code('SM01', 'no dedicated time for the work', time, { ...a, valence: 'inhibiting' });
    await p.code('SM01', 'The board said', outer, a);
    await p.code('SM02', 'support and advocacy', advocacy, a);
    await p.code('SM02', 'no dedicated time', time, a);
    await p.code('SM01', 'tension for change after the review', tension, { ...b, valence: 'mixed' });
    await p.code('SM01', 'the funding was cut twice', funding, b);
    await p.code('SM02', 'a strong champion', advocacy, b);
    await p.code('SM02', 'no dedicated time', time, b);
    leadCoding = await p.code('SM01', 'eight programmes', tension);
  });
  afterAll(() => database.close());

  it('refuses rounds with the same coder twice, a non-coder, or no sources', async () => {
    const base = { name: 'Bad', sourceIds: [p.sources.SM01], coderA: p.coderA.id, coderB: p.coderB.id };
    await expect(createRound(database.db, p.lead.id, p.evaluationId, { ...base, coderB: p.coderA.id })).rejects.toThrow('two different coders');
    await expect(createRound(database.db, p.lead.id, p.evaluationId, { ...base, coderB: p.viewer.id })).rejects.toThrow('members of the evaluation who can code');
    await expect(createRound(database.db, p.lead.id, p.evaluationId, { ...base, sourceIds: [] })).rejects.toThrow('at least one source');
  });

  it('opens a round, in which each coder sees only their own codings on its sources', async () => {
    const round = await createRound(database.db, p.lead.id, p.evaluationId, {
      name: 'Round 1', sourceIds: [p.sources.SM01, p.sources.SM02], coderA: p.coderA.id, coderB: p.coderB.id, scopeCodeId: p.codes.inner.id,
    });
    roundId = round.id;
    expect(round).toMatchObject({ status: 'open', coderA: { name: 'Alex Coder' }, coderB: { name: 'Bea Coder' }, scopeCode: { name: 'Inner context' } });
    const forA = await codingsVisibleTo(database.db, p.evaluationId, p.sources.SM01, p.coderA.id);
    expect(forA.blind?.roundName).toBe('Round 1');
    expect(new Set(forA.codings.map((c) => c.coderId))).toEqual(new Set([p.coderA.id]));
    expect(forA.codings).toHaveLength(4);
    const forLead = await codingsVisibleTo(database.db, p.evaluationId, p.sources.SM01, p.lead.id);
    expect(forLead.blind).toBeNull();
    expect(forLead.codings).toHaveLength(7);
    // Queries are blind too: coder B finds only their own tension coding in SM01.
    const tensionForB = await segmentsOfCode(database.db, p.evaluationId, { code: p.codes.tension.id }, p.coderB.id);
    expect(tensionForB.segments.map((s) => s.text)).toEqual(['tension for change after the review']);
    expect((await segmentsOfCode(database.db, p.evaluationId, { code: p.codes.tension.id }, p.lead.id)).total).toBe(3);
    await expect(roundComparison(database.db, p.evaluationId, roundId)).rejects.toThrow('once the round is closed');
    await expect(createRound(database.db, p.lead.id, p.evaluationId, { name: 'Overlapping', sourceIds: [p.sources.SM02], coderA: p.coderA.id, coderB: p.coderB.id })).rejects.toThrow('already in the open round “Round 1”');
  });

  it('closes the round: moves the coders’ codings apart and writes back what they agree on', async () => {
    await closeRound(database.db, p.lead.id, p.evaluationId, roundId, new Date());
    const sm01 = await listCodings(database.db, p.evaluationId, p.sources.SM01);
    const text = (label: 'SM01' | 'SM02', c: { start: number; end: number }) => [...p.text(label)].slice(c.start, c.end).join('');
    expect(sm01.map((c) => `${c.codeName}: ${text('SM01', c)}`).sort()).toEqual([
      'Outer context: The board said',
      'Tension for change: eight programmes',
      'Tension for change: real tension for change after the review',
    ]);
    expect(sm01.find((c) => c.id === leadCoding)).toBeTruthy();
    const sm02 = await listCodings(database.db, p.evaluationId, p.sources.SM02);
    expect(sm02.map((c) => `${c.codeName}: ${text('SM02', c)}`)).toEqual([
      'Support and advocacy: a strong champion',
      'Support and advocacy: support and advocacy',
      'Dedicated time and resources: no dedicated time',
    ]);
    expect((await codingsVisibleTo(database.db, p.evaluationId, p.sources.SM01, p.coderA.id)).blind).toBeNull();
  });

  it('computes kappa by segment and alpha by character, matching hand-computed values', async () => {
    const { comparison, codes, unusedCodes, disagreements } = await roundComparison(database.db, p.evaluationId, roundId);
    const byName = Object.fromEntries(comparison.codes.map((c) => [codes.get(c.codeId)!.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['Dedicated time and resources', 'Funding', 'Support and advocacy', 'Tension for change']);
    expect(unusedCodes).toEqual([]);
    expect(comparison.unitCount).toBe(8);
    // Tension: both coders in SM01's second turn only. p_o = 1: κ = 1.
    expect(byName['Tension for change']!.units).toEqual({ both: 1, onlyA: 0, onlyB: 0, neither: 7 });
    expect(byName['Tension for change']!.kappa.kappa).toBeCloseTo(1, 12);
    // Time: both in SM02's last turn, A alone in SM01's. p_o = 7/8, p_e = (2·1 + 6·7)/64: κ = 0.6.
    expect(byName['Dedicated time and resources']!.kappa.kappa).toBeCloseTo(0.6, 12);
    expect(byName['Support and advocacy']!.kappa.kappa).toBeCloseTo(0.6, 12);
    // Funding: only B, once. p_o = p_e = 7/8: κ = 0.
    expect(byName.Funding!.kappa.kappa).toBeCloseTo(0, 12);
    // Pooled: both 3, only A 2, only B 1, neither 26 of 32: κ = (928 − 776)/(1024 − 776).
    expect(comparison.overall.units).toEqual({ both: 3, onlyA: 2, onlyB: 1, neither: 26 });
    expect(comparison.overall.kappa.kappa).toBeCloseTo(152 / 248, 12);

    const total = codePointLength(p.text('SM01')) + codePointLength(p.text('SM02'));
    expect(comparison.characterCount).toBe(total);
    // Tension: "real tension for change" (23) and "tension for change after the review" (35) share 18.
    expect(byName['Tension for change']!.characters).toEqual({ both: 18, onlyA: 5, onlyB: 17, neither: total - 40 });
    expect(byName['Tension for change']!.alpha.alpha).toBeCloseTo(alphaByHand(18, 5, 17, total), 12);
    // Time: "no dedicated time" (17) by both in SM02; "no dedicated time for the work" (30) by A in SM01.
    expect(byName['Dedicated time and resources']!.alpha.alpha).toBeCloseTo(alphaByHand(17, 30, 0, total), 12);
    expect(byName.Funding!.alpha.alpha).toBeCloseTo(alphaByHand(0, 0, 25, total), 12);

    expect(disagreements.map((d) => [d.sourceName, d.unit.index, d.a.map((id) => codes.get(id)!.name), d.b.map((id) => codes.get(id)!.name)])).toEqual([
      ['Interview SM01', 2, ['Tension for change', 'Support and advocacy'], ['Tension for change']],
      ['Interview SM01', 4, ['Dedicated time and resources'], ['Funding']],
    ]);
  });

  it('writes the agreed codings as decisions are taken, and finishes when all are decided', async () => {
    const { disagreements } = await roundComparison(database.db, p.evaluationId, roundId);
    const [second, fourth] = disagreements;
    const coderA = { id: p.coderA.id, role: 'coder' as const };
    await expect(finishRound(database.db, coderA, p.evaluationId, roundId, new Date())).rejects.toThrow('Decide the 2 remaining paragraphs');
    await expect(decide(database.db, { id: p.viewer.id, role: 'viewer' }, p.evaluationId, roundId, { sourceId: p.sources.SM01, unitStart: fourth!.unit.start, decision: 'a' })).rejects.toThrow('Only the round’s coders');
    await expect(decide(database.db, coderA, p.evaluationId, roundId, { sourceId: p.sources.SM01, unitStart: 0, decision: 'a' })).rejects.toThrow('nothing to decide');

    await decide(database.db, coderA, p.evaluationId, roundId, { sourceId: p.sources.SM01, unitStart: fourth!.unit.start, decision: 'both' });
    await decide(database.db, { id: p.lead.id, role: 'lead' }, p.evaluationId, roundId, { sourceId: p.sources.SM01, unitStart: second!.unit.start, decision: 'b' });
    const text = (c: { start: number; end: number }) => [...p.text('SM01')].slice(c.start, c.end).join('');
    const sm01 = await listCodings(database.db, p.evaluationId, p.sources.SM01);
    expect(sm01.map((c) => `${c.codeName}: ${text(c)} (${c.valence})`).sort()).toEqual([
      'Dedicated time and resources: no dedicated time for the work (inhibiting)',
      'Funding: the funding was cut twice (neutral)',
      'Outer context: The board said (neutral)',
      'Tension for change: eight programmes (neutral)',
      'Tension for change: tension for change after the review (mixed)',
    ]);
    // Changing a decision replaces only what it wrote.
    await decide(database.db, coderA, p.evaluationId, roundId, { sourceId: p.sources.SM01, unitStart: fourth!.unit.start, decision: 'neither' });
    const after = await listCodings(database.db, p.evaluationId, p.sources.SM01);
    expect(after.map((c) => c.codeName).sort()).toEqual(['Outer context', 'Tension for change', 'Tension for change']);
    expect(after.find((c) => text(c) === 'tension for change after the review')!.id).toBe(sm01.find((c) => text(c) === 'tension for change after the review')!.id);

    const finished = await finishRound(database.db, coderA, p.evaluationId, roundId, new Date());
    expect(finished.status).toBe('reconciled');
    // The comparison is of the coders' codings, not of the reconciled ones: it does not change.
    expect((await roundComparison(database.db, p.evaluationId, roundId)).comparison.overall.kappa.kappa).toBeCloseTo(152 / 248, 12);
    await expect(decide(database.db, coderA, p.evaluationId, roundId, { sourceId: p.sources.SM01, unitStart: second!.unit.start, decision: 'a' })).rejects.toThrow('reconciled already');
  });

  it('keeps a later round on the same source to the codings made in it, not the agreed ones', async () => {
    const round = await createRound(database.db, p.lead.id, p.evaluationId, { name: 'Round 2', sourceIds: [p.sources.SM01], coderA: p.coderA.id, coderB: p.coderB.id, scopeCodeId: p.codes.inner.id });
    await p.code('SM01', 'could not go on alone', p.codes.advocacy, { coderId: p.coderB.id });
    await closeRound(database.db, p.lead.id, p.evaluationId, round.id, new Date());
    const { comparison, codes } = await roundComparison(database.db, p.evaluationId, round.id);
    expect(comparison.codes.map((c) => [codes.get(c.codeId)!.name, c.units])).toEqual([['Support and advocacy', { both: 0, onlyA: 0, onlyB: 1, neither: 3 }]]);
    const text = (c: { start: number; end: number }) => [...p.text('SM01')].slice(c.start, c.end).join('');
    expect((await listCodings(database.db, p.evaluationId, p.sources.SM01)).map(text).sort()).toEqual(['The board said', 'eight programmes', 'tension for change after the review']);
  });
});
