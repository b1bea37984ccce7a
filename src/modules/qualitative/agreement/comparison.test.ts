import { describe, expect, it } from 'vitest';
import { compareCoders, disagreements, type RoundCoding } from './comparison.ts';
import { agreedCodings, type Decision } from './reconciliation.ts';
import { agreementUnits, sharedLength, unionOf } from './units.ts';

// Four paragraphs of nine characters, one line each: units 0–9, 10–19, 20–29, 30–39.
const content = ['aaaaaaaaa', 'bbbbbbbbb', 'ccccccccc', 'ddddddddd'].join('\n');
const source = agreementUnits({ id: 's1', content, turns: [] });
const coding = (side: 'a' | 'b', codeId: string, start: number, end: number, valence = 'neutral', memo = ''): RoundCoding => ({ side, sourceId: 's1', codeId, start, end, valence, memo });

// Coder A: X on 0–9 and 20–25, Y on 30–39. Coder B: X on 2–9, Y on 10–19 and 30–35.
const codings = [
  coding('a', 'X', 0, 9, 'facilitating'),
  coding('a', 'X', 20, 25),
  coding('a', 'Y', 30, 39, 'inhibiting', 'A on Y'),
  coding('b', 'X', 2, 9, 'mixed'),
  coding('b', 'Y', 10, 19),
  coding('b', 'Y', 30, 35, 'neutral', 'B on Y'),
];

describe('units', () => {
  it('are the paragraphs, with spans that cover the whole text', () => {
    expect(source.length).toBe(39);
    expect(source.units.map((u) => [u.start, u.end, u.spanStart, u.spanEnd])).toEqual([
      [0, 9, 0, 10],
      [10, 19, 10, 20],
      [20, 29, 20, 30],
      [30, 39, 30, 39],
    ]);
    const turns = agreementUnits({ id: 't', content: 'Q: one?\nA: two.', turns: [{ position: 1, speaker: 'Q', start: 0, end: 7, startMs: null, endMs: null }, { position: 2, speaker: 'A', start: 8, end: 15, startMs: null, endMs: null }] });
    expect(turns.units.map((u) => [u.speaker, u.text])).toEqual([['Q', 'Q: one?'], ['A', 'A: two.']]);
  });

  it('measure unions and their overlap', () => {
    const a = unionOf([{ start: 5, end: 9 }, { start: 0, end: 6 }, { start: 9, end: 12 }, { start: 20, end: 25 }]);
    expect(a).toEqual([{ start: 0, end: 12 }, { start: 20, end: 25 }]);
    expect(sharedLength(a, unionOf([{ start: 10, end: 22 }]))).toBe(4);
  });
});

describe('comparing two coders', () => {
  const result = compareCoders([source], codings, ['X', 'Y', 'Z']);
  const [x, y, z] = result.codes;

  it('counts units and computes kappa by segment per code and overall (hand-computed)', () => {
    // X: units 1 both, 2 neither, 3 only A, 4 neither. p_o = ¾, p_e = ½·¼ + ½·¾ = ½, κ = ½.
    expect(x!.units).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 2 });
    expect(x!.kappa.kappa).toBeCloseTo(0.5, 12);
    expect(y!.units).toEqual({ both: 1, onlyA: 0, onlyB: 1, neither: 2 });
    expect(y!.kappa.kappa).toBeCloseTo(0.5, 12);
    // Pooled over X, Y and Z (Z: four units neither): both 2, only A 1, only B 1, neither 8.
    // p_o = 10/12, p_e = (3/12)² + (9/12)² = 90/144, κ = (120 − 90)/(144 − 90) = 30/54.
    expect(result.overall.units).toEqual({ both: 2, onlyA: 1, onlyB: 1, neither: 8 });
    expect(result.overall.kappa.kappa).toBeCloseTo(30 / 54, 12);
    expect(result.unitCount).toBe(4);
  });

  it('computes alpha by character per code (hand-computed)', () => {
    // X: A covers 14 characters, B 7, shared 7: o00 = 50, o11 = 14, o01 = o10 = 7, n0 = 57, n1 = 21.
    expect(x!.characters).toEqual({ both: 7, onlyA: 7, onlyB: 0, neither: 25 });
    expect(x!.alpha.alpha).toBeCloseTo(1 - (77 * 14) / (2 * 57 * 21), 12);
    // Y: A 9, B 14, shared 5: o00 = 42, o11 = 10, o01 = o10 = 13, n0 = 55, n1 = 23.
    expect(y!.characters).toEqual({ both: 5, onlyA: 4, onlyB: 9, neither: 21 });
    expect(y!.alpha.alpha).toBeCloseTo(1 - (77 * 26) / (2 * 55 * 23), 12);
    expect(result.characterCount).toBe(39);
  });

  it('gives defined results, not NaN, for a code neither coder used', () => {
    expect(z!.units).toEqual({ both: 0, onlyA: 0, onlyB: 0, neither: 4 });
    expect(z!.kappa).toMatchObject({ kappa: null, observed: 1 });
    expect(z!.alpha).toMatchObject({ alpha: null, observed: 1 });
    expect(z!.kappa.reason).toBeTruthy();
    expect(JSON.stringify(result)).not.toContain('NaN');
  });

  it('lists the units where the coders differ, with each coder’s codes', () => {
    expect(disagreements([source], codings, ['X', 'Y', 'Z']).map((d) => [d.unit.index, d.a, d.b])).toEqual([
      [2, [], ['Y']],
      [3, ['X'], []],
    ]);
  });
});

describe('reconciliation', () => {
  const agreed = (decided: [number, Decision][], list = codings) =>
    agreedCodings(source, list, ['X', 'Y'], new Map(decided)).map((c) => `${c.codeId} ${c.start}-${c.end} ${c.valence}${c.memo ? ` "${c.memo.replace('\n', ' | ')}"` : ''}`);

  it('keeps what both coders applied, as the union of their text, before any decision', () => {
    expect(agreed([])).toEqual(['X 0-9 facilitating', 'Y 30-39 inhibiting "A on Y | B on Y"']);
  });

  it('applies accept A, accept B, both and neither to the units that differ', () => {
    expect(agreed([[20, 'a'], [10, 'neither']])).toEqual(['X 0-9 facilitating', 'X 20-25 neutral', 'Y 30-39 inhibiting "A on Y | B on Y"']);
    expect(agreed([[20, 'b'], [10, 'b']])).toEqual(['X 0-9 facilitating', 'Y 10-19 neutral', 'Y 30-39 inhibiting "A on Y | B on Y"']);
    expect(agreed([[20, 'both'], [10, 'both']])).toEqual(['X 0-9 facilitating', 'Y 10-19 neutral', 'X 20-25 neutral', 'Y 30-39 inhibiting "A on Y | B on Y"']);
    // Accepting one coder where both applied the code takes that coder's text only.
    expect(agreed([[30, 'b']])).toEqual(['X 0-9 facilitating', 'Y 30-35 neutral "B on Y"']);
  });

  it('joins the pieces of a coding that crosses agreed units', () => {
    const across = [coding('a', 'X', 5, 25), coding('b', 'X', 3, 16)];
    // Units 1 and 2 agree; unit 3 only A: left out until decided, then kept when A is accepted.
    expect(agreed([], across)).toEqual(['X 3-20 neutral']);
    expect(agreed([[20, 'a']], across)).toEqual(['X 3-25 neutral']);
  });
});
