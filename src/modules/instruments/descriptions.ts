import type { DerivedScore, Instrument, Scale } from './definition.ts';
import { describeFormat } from './response-formats.ts';
import type { ItemWording } from './service.ts';

/**
 * Instruments described in words for the pages: how each scale is scored, what each derived score
 * is, and each item's place, keying and wording. Pure, so the sentences can be tested directly.
 */

const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

function weightsNote(scale: Scale): string {
  const weighted = (scale.items ?? []).filter((m) => m.weight !== 1);
  if (!weighted.length) return '';
  const byWeight = new Map<number, string[]>();
  for (const m of weighted) byWeight.set(m.weight, [...(byWeight.get(m.weight) ?? []), m.item]);
  return ` (${[...byWeight].map(([w, ids]) => `${list(ids)} count ${w} times`).join('; ')})`;
}

export function describeScoring(scale: Scale, scaleNames: ReadonlyMap<string, string>): string {
  const { method, minAnswered, prorate } = scale.scoring;
  const parts = scale.items?.length ?? scale.subscales?.length ?? 0;
  const noun = scale.items ? 'items' : 'subscales';
  const of = scale.subscales ? `the subscales ${list(scale.subscales.map((s) => scaleNames.get(s) ?? s))}` : `the answered items${weightsNote(scale)}`;
  const how = method === 'mean' ? `Mean of ${of}` : `Sum of ${of}${prorate ? ', scaled up to the full number of items when some are unanswered' : ''}`;
  const needs = minAnswered >= parts ? `needs all ${parts} ${noun}` : `missing when fewer than ${minAnswered} of the ${parts} ${noun} ${scale.items ? 'are answered' : 'have a score'}`;
  return `${how}; ${needs}.`;
}

export function describeDerived(derived: DerivedScore, scaleNames: ReadonlyMap<string, string>): string {
  const name = (id: string) => scaleNames.get(id) ?? id;
  if (derived.kind === 'ratio') return `${derived.factor !== 1 ? `${derived.factor} × ` : ''}${name(derived.numerator)} ÷ ${name(derived.denominator)}`;
  if (derived.kind === 'difference') return `${name(derived.from)} − ${name(derived.minus)}`;
  const split = (s: { scale: string; cut: number | 'median' }) =>
    `${name(s.scale)} is high when above ${s.cut === 'median' ? 'the sample median' : s.cut}`;
  const quadrants = derived.quadrants.map((q) => `${q.label} (${name(derived.first.scale)} ${q.when[0]}, ${name(derived.second.scale)} ${q.when[1]})`);
  return `${split(derived.first)}; ${split(derived.second)}. ${quadrants.join('; ')}.`;
}

export interface ItemRow {
  id: string;
  topic: string | null;
  format: string;
  weight: number;
  keying: 'reverse' | 'forward' | 'not keyed yet' | 'not scored';
  text: string | null;
  source: ItemWording['source'];
}

export interface InstrumentDescription {
  formats: { id: string; description: string }[];
  scales: { id: string; name: string; description: string | null; scoring: string; subscales: string[]; items: ItemRow[] }[];
  unscaledItems: ItemRow[];
  derived: { id: string; name: string; description: string | null; rule: string }[];
}

/** Everything the instrument page shows about its structure, with this evaluation's wording and key. */
export function describeInstrument(instrument: Instrument, wordings: ItemWording[], key: ReadonlyMap<string, boolean>): InstrumentDescription {
  const scaleNames = new Map(instrument.scales.map((s) => [s.id, s.name]));
  const items = new Map(instrument.items.map((i) => [i.id, i]));
  const texts = new Map(wordings.map((w) => [w.itemId, w]));
  const scored = new Set(instrument.scales.flatMap((s) => (s.items ?? []).map((m) => m.item)));
  const row = (id: string, weight: number): ItemRow => {
    const item = items.get(id)!;
    const keyed = key.get(id);
    return {
      id,
      topic: item.topic ?? null,
      format: item.format,
      weight,
      keying: !scored.has(id) ? 'not scored' : keyed === undefined ? 'not keyed yet' : keyed ? 'reverse' : 'forward',
      text: texts.get(id)?.text ?? null,
      source: texts.get(id)?.source ?? null,
    };
  };
  return {
    formats: Object.entries(instrument.responseFormats).map(([id, format]) => ({ id, description: describeFormat(format) })),
    scales: instrument.scales.map((scale) => ({
      id: scale.id,
      name: scale.name,
      description: scale.description ?? null,
      scoring: describeScoring(scale, scaleNames),
      subscales: (scale.subscales ?? []).map((s) => scaleNames.get(s) ?? s),
      items: (scale.items ?? []).map((m) => row(m.item, m.weight)),
    })),
    unscaledItems: instrument.items.filter((i) => !scored.has(i.id)).map((i) => row(i.id, 1)),
    derived: instrument.derived.map((d) => ({ id: d.id, name: d.name, description: d.description ?? null, rule: describeDerived(d, scaleNames) })),
  };
}
