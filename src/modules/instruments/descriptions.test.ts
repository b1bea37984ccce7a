import { describe, expect, it } from 'vitest';
import { getInstrument } from './catalogue.ts';
import { parseInstrumentText } from './definition.ts';
import { describeDerived, describeInstrument, describeScoring } from './descriptions.ts';

const example = parseInstrumentText(`
id: words
name: Words
version: "1"
citation: Ours
licence: { terms: Ours, wording: included }
responseFormats:
  a4: { type: agreement, points: 4 }
items:
  - { id: x1, format: a4, text: One. }
  - { id: x2, format: a4, text: Two., reverse: true }
  - { id: x3, format: a4, text: Three. }
scales:
  - { id: mean_scale, name: Mean scale, items: [x1, x2, x3], scoring: { method: mean, minAnswered: 2 } }
  - { id: sum_scale, name: Sum scale, items: [x1, { item: x2, weight: 3 }, { item: x3, weight: 3 }], scoring: { method: sum, minAnswered: 2, prorate: true } }
derived:
  - { id: r, kind: ratio, name: R, numerator: mean_scale, denominator: sum_scale, factor: 2 }
  - { id: d, kind: difference, name: D, from: sum_scale, minus: mean_scale }
`, 'words.yaml');
const names = new Map(example.scales.map((s) => [s.id, s.name]));

describe('instrument descriptions', () => {
  it('says how each scale is scored and when its score is missing', () => {
    expect(describeScoring(example.scales[0]!, names)).toBe('Mean of the answered items; missing when fewer than 2 of the 3 items are answered.');
    expect(describeScoring(example.scales[1]!, names)).toBe(
      'Sum of the answered items (x2 and x3 count 3 times), scaled up to the full number of items when some are unanswered; missing when fewer than 2 of the 3 items are answered.',
    );
  });

  it('says how ratios and differences are formed', () => {
    expect(describeDerived(example.derived[0]!, names)).toBe('2 × Mean scale ÷ Sum scale');
    expect(describeDerived(example.derived[1]!, names)).toBe('Sum scale − Mean scale');
  });

  it('marks keying per item and which items a key must still supply', () => {
    const wes = getInstrument('work-environment-scale')!;
    const described = describeInstrument(wes, [], new Map([['q1', true]]));
    const involvement = described.scales[0]!.items;
    expect(involvement[0]).toMatchObject({ id: 'q1', keying: 'reverse', text: null });
    expect(involvement[1]).toMatchObject({ id: 'q11', keying: 'not keyed yet' });
    const climate = getInstrument('change-climate')!;
    const own = describeInstrument(climate, [], new Map());
    expect(own.unscaledItems.map((i) => [i.id, i.keying])).toEqual([['helps', 'not scored'], ['hinders', 'not scored']]);
  });
});
