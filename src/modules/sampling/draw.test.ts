import { describe, expect, it } from 'vitest';
import { fixedAllocation, proportionalAllocation } from './allocation.ts';
import { drawSample, SampleSizeError, WHOLE_FRAME, type FrameEntry } from './draw.ts';
import { splitmix64 } from './splitmix64.ts';

const programmes = ['Mental health', 'Older people', 'Children', null] as const;
/** A frame of `n` people; every fourth has no programme, and Mental health has most. */
function frame(n: number): FrameEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    position: i + 1,
    personId: `p${String(i + 1).padStart(4, '0')}`,
    programmeName: i % 10 < 5 ? programmes[0] : programmes[(i % 3) + 1]!,
    regionName: i % 2 ? 'North' : 'South',
    unitName: `Team ${i % 7}`,
  }));
}
const ids = (drawn: { members: { personId: string | null }[] }) => drawn.members.map((m) => m.personId);

describe('SplitMix64', () => {
  it('gives the published first outputs for seed 0', () => {
    const stream = splitmix64(0n);
    expect([stream.nextBits(), stream.nextBits(), stream.nextBits()]).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
  });

  it('keeps every draw below its bound and treats negative seeds as their 64-bit pattern', () => {
    const stream = splitmix64(-1n);
    for (let i = 0; i < 1000; i++) expect(stream.below(7)).toBeLessThan(7);
    expect(splitmix64(-1n).nextBits()).toBe(splitmix64((1n << 64n) - 1n).nextBits());
  });
});

describe('allocation', () => {
  it('proportional: adds up to the size by largest remainder', () => {
    const strata = [{ stratum: 'A', available: 140 }, { stratum: 'B', available: 35 }, { stratum: 'C', available: 25 }, { stratum: 'D', available: 15 }];
    const shares = proportionalAllocation(strata, 100);
    // Exact shares 65.12, 16.28, 11.63, 6.98: whole parts make 98, and the two places left go to D (.98) and C (.63).
    expect(Object.fromEntries(shares)).toEqual({ A: 65, B: 16, C: 12, D: 7 });
    for (const size of [1, 2, 3, 17, 99, 214, 215]) {
      expect([...proportionalAllocation(strata, size).values()].reduce((a, b) => a + b, 0)).toBe(size);
    }
    expect(Object.fromEntries(proportionalAllocation(strata, 215))).toEqual({ A: 140, B: 35, C: 25, D: 15 });
  });

  it('fixed: the same number from each stratum, all of a smaller one', () => {
    expect(Object.fromEntries(fixedAllocation([{ stratum: 'A', available: 40 }, { stratum: 'B', available: 3 }], 10))).toEqual({ A: 10, B: 3 });
  });
});

describe('drawing a sample', () => {
  it('gives the same sample for the same seed and another for another seed', () => {
    const people = frame(300);
    const design = { method: 'simple', size: 30 } as const;
    const first = drawSample(people, new Set(), design, 2006n);
    expect(drawSample([...people].reverse(), new Set(), design, 2006n)).toEqual(first);
    expect(ids(drawSample(people, new Set(), design, 2007n))).not.toEqual(ids(first));
    expect(first.members).toHaveLength(30);
    expect(first.strata).toEqual([{ stratum: WHOLE_FRAME, frameCount: 300, excludedCount: 0, allocated: 30, drawn: 30 }]);
  });

  it('leaves out people in earlier samples', () => {
    const people = frame(100);
    const pilot = drawSample(people, new Set(), { method: 'simple', size: 30 }, 1n);
    const main = drawSample(people, new Set(ids(pilot) as string[]), { method: 'simple', size: 70 }, 2n);
    expect(new Set([...ids(pilot), ...ids(main)]).size).toBe(100);
    expect(main.strata[0]).toMatchObject({ frameCount: 100, excludedCount: 30, drawn: 70 });
  });

  it('stratifies proportionally, summing to the size, with people missing a programme as their own stratum', () => {
    const drawn = drawSample(frame(400), new Set(), { method: 'stratified', stratifyBy: 'programme', allocation: 'proportional', size: 100 }, 42n);
    expect(drawn.members).toHaveLength(100);
    expect(drawn.strata.map((s) => s.stratum)).toEqual(['Children', 'Mental health', 'No programme', 'Older people']);
    expect(drawn.strata.reduce((sum, s) => sum + s.allocated, 0)).toBe(100);
    for (const s of drawn.strata) expect(drawn.members.filter((m) => m.stratum === s.stratum)).toHaveLength(s.drawn);
    expect(drawn.strata.find((s) => s.stratum === 'Mental health')).toMatchObject({ frameCount: 200, drawn: 50 });
  });

  it('with fixed allocation, takes everyone from a stratum smaller than the number asked for', () => {
    const people = frame(40).map((p, i) => ({ ...p, unitName: i < 3 ? 'Tiny team' : 'Big team' }));
    const drawn = drawSample(people, new Set(), { method: 'stratified', stratifyBy: 'unit', allocation: 'fixed', size: 10 }, 5n);
    expect(drawn.strata).toEqual([
      { stratum: 'Big team', frameCount: 37, excludedCount: 0, allocated: 10, drawn: 10 },
      { stratum: 'Tiny team', frameCount: 3, excludedCount: 0, allocated: 10, drawn: 3 },
    ]);
  });

  it('refuses a size larger than what is left of the frame', () => {
    const people = frame(50);
    expect(() => drawSample(people, new Set(), { method: 'simple', size: 51 }, 1n)).toThrow(new SampleSizeError('Sample size must be 50 or fewer: the frame has 50 people'));
    expect(() => drawSample(people, new Set(['p0001', 'p0002']), { method: 'simple', size: 49 }, 1n)).toThrow('the frame has 48 people after leaving out the 2 in earlier samples');
  });

  it('never repeats a person or includes an excluded one, over many seeds and designs', () => {
    const people = frame(157);
    for (let seed = -200n; seed < 200n; seed += 1n) {
      const excluded = new Set(ids(drawSample(people, new Set(), { method: 'simple', size: 1 + Number((seed + 200n) % 40n) }, seed * 7919n)) as string[]);
      const size = 1 + Number((seed + 200n) % 100n);
      const designs = [
        { method: 'simple', size },
        { method: 'stratified', stratifyBy: 'programme', allocation: 'proportional', size },
        { method: 'stratified', stratifyBy: 'region', allocation: 'fixed', size: Math.ceil(size / 4) },
      ] as const;
      for (const design of designs) {
        const drawn = drawSample(people, excluded, design, seed);
        const chosen = ids(drawn) as string[];
        expect(new Set(chosen).size).toBe(chosen.length);
        expect(chosen.some((id) => excluded.has(id))).toBe(false);
        if (!('allocation' in design) || design.allocation !== 'fixed') expect(chosen).toHaveLength(size);
      }
    }
  });
});
