import type { Instrument, Scale } from '../instruments/definition.ts';
import { isOrdinal, valueRange } from '../instruments/response-formats.ts';
import { readAnswer, type StoredAnswer } from './answer-values.ts';
import { scoreDerived, type DerivedScores } from './derived-scores.ts';

/**
 * Scale scores from item answers, following an instrument's definition.
 *
 * Rules, in the order they are applied to each respondent:
 * - An item's answer counts when it is a number the item's format allows (an answer option of an
 *   ordinal format, or a number between min and max). "NR"/"DK", the format's own missing values,
 *   extra missing values the caller names, no answer, and anything else (out of range, unreadable)
 *   are missing; the last kind is counted as `invalid` so a report can say so.
 * - A reverse-keyed item is mirrored over its format's range: min + max − value.
 * - A scale made of items is scored when at least `minAnswered` of its items count. Each item
 *   counts with its weight (1 unless the definition gives one, as the JCQ does): the score is the
 *   weighted mean Σwx / Σw over answered items, or the weighted sum Σwx. A sum over fewer than all
 *   items is prorated — multiplied by (Σw over all items) / (Σw over answered items) — when the
 *   definition says `prorate: true`; otherwise it is the sum of the answered items (the
 *   instrument checks allow that only when every item is required, so it does not arise with
 *   valid definitions).
 * - A scale made of subscales is scored from its subscales' scores the same way, each subscale
 *   counting once, with `minAnswered` counting scored subscales.
 * - Derived scores follow in derived-scores.ts.
 *
 * Input is columnar: one column per item (`Float64Array` or `number[]`, NaN for missing), all of
 * length `respondents`. `answerColumns` builds that from stored survey answers.
 */

export interface ItemColumns {
  respondents: number;
  /** Item id → one value per respondent, NaN when missing. Items without a column are all missing. */
  columns: Readonly<Record<string, ArrayLike<number>>>;
  /** Item id → how many "NR"/"DK" answers became NaN while the columns were built. */
  missingCodes?: Readonly<Record<string, number>>;
  /** Item id → how many answers could not be read as numbers while the columns were built. */
  unreadable?: Readonly<Record<string, number>>;
}

export interface ScoringOptions {
  /** Numeric codes that mean "missing" in this data set, beyond the instrument's own (e.g. 9, 99 or −1). */
  missingValues?: readonly number[];
}

/** How the answers to one item were used. */
export interface ItemTally {
  item: string;
  /** Answers that counted. */
  answered: number;
  /** "NR"/"DK" or a declared missing value. */
  missingCode: number;
  notAnswered: number;
  /** Numbers outside the item's format, or answers that are not numbers; scored as missing. */
  invalid: number;
  /** True when the input had no column for this item. */
  absent: boolean;
}

export interface ScaleScores {
  id: string;
  name: string;
  method: 'mean' | 'sum';
  basis: 'items' | 'subscales';
  /** Number of items (or subscales) in the scale, and the fewest that must count for a score. */
  parts: number;
  minAnswered: number;
  prorated: boolean;
  /** Lowest and highest possible score. */
  range: { min: number; max: number };
  /** One score per respondent, NaN when the respondent has no score. */
  scores: Float64Array;
  scored: number;
  unscored: number;
}

export interface ScoringResult {
  instrument: string;
  respondents: number;
  items: ItemTally[];
  scales: ScaleScores[];
  derived: DerivedScores[];
  /** The scoring rules applied, in words, for a methods section. */
  rules: string[];
}

/** How one item is scored: its valid range, whether only whole numbers count, and its keying. */
export interface ItemPlan {
  id: string;
  min: number;
  max: number;
  integer: boolean;
  reverse: boolean;
  missingValues: ReadonlySet<number>;
}

/** Ids of the items an instrument's scales use, each once, in the instrument's order. */
export function scoredItemIds(instrument: Instrument): string[] {
  const used = new Set(instrument.scales.flatMap((s) => (s.items ?? []).map((m) => m.item)));
  return instrument.items.filter((i) => used.has(i.id)).map((i) => i.id);
}

export function planItems(instrument: Instrument, extraMissing: readonly number[]): Map<string, ItemPlan> {
  const plans = new Map<string, ItemPlan>();
  for (const id of scoredItemIds(instrument)) {
    const item = instrument.items.find((i) => i.id === id)!;
    const format = instrument.responseFormats[item.format];
    const range = format && valueRange(format);
    if (!format || !range) throw new Error(`Item ${id} of instrument ${instrument.id} has no scorable range`);
    plans.set(id, {
      id,
      min: range.min,
      max: range.max,
      integer: isOrdinal(format) || (format.type === 'number' && format.integer),
      reverse: item.reverse,
      missingValues: new Set([...format.missing.map((m) => m.value), ...extraMissing]),
    });
  }
  return plans;
}

/** A column whose every value is NaN or valid for the item, and how its values were counted. */
function cleanColumn(plan: ItemPlan, input: ItemColumns): { values: ArrayLike<number>; tally: ItemTally } {
  const n = input.respondents;
  const source = input.columns[plan.id];
  const codes = input.missingCodes?.[plan.id] ?? 0;
  const unreadable = input.unreadable?.[plan.id] ?? 0;
  if (!source) {
    return { values: new Float64Array(n).fill(Number.NaN), tally: { item: plan.id, answered: 0, missingCode: 0, notAnswered: n, invalid: 0, absent: true } };
  }
  if (source.length !== n) throw new Error(`The column for item ${plan.id} has ${source.length} values, not ${n}`);
  const { min, max, integer, missingValues } = plan;
  let answered = 0;
  let blank = 0;
  let declared = 0;
  let invalid = 0;
  let copy: Float64Array | undefined;
  for (let r = 0; r < n; r += 1) {
    const v = source[r]!;
    if (v >= min && v <= max && (!integer || Math.floor(v) === v)) {
      answered += 1;
      continue;
    }
    if (v !== v) blank += 1;
    else if (missingValues.has(v)) declared += 1;
    else invalid += 1;
    if (v === v) {
      copy ??= Float64Array.from(source);
      copy[r] = Number.NaN;
    }
  }
  return {
    values: copy ?? source,
    tally: { item: plan.id, answered, missingCode: declared + codes, notAnswered: blank - codes - unreadable, invalid: invalid + unreadable, absent: false },
  };
}

function scoreFromItems(scale: Scale, plans: Map<string, ItemPlan>, clean: Map<string, ArrayLike<number>>, n: number): Float64Array {
  const members = scale.items!;
  const k = members.length;
  const columns = members.map((m) => clean.get(m.item)!);
  const weights = Float64Array.from(members, (m) => m.weight);
  // A keyed value is offset + sign × answer: the answer itself, or min + max − answer when reversed.
  const signs = Float64Array.from(members, (m) => (plans.get(m.item)!.reverse ? -1 : 1));
  const offsets = Float64Array.from(members, (m) => {
    const p = plans.get(m.item)!;
    return p.reverse ? p.min + p.max : 0;
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const { method, minAnswered, prorate } = scale.scoring;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r += 1) {
    let sum = 0;
    let weight = 0;
    let count = 0;
    for (let j = 0; j < k; j += 1) {
      const v = columns[j]![r]!;
      if (v === v) {
        const w = weights[j]!;
        sum += w * (offsets[j]! + signs[j]! * v);
        weight += w;
        count += 1;
      }
    }
    if (count < minAnswered || count === 0) out[r] = Number.NaN;
    else if (method === 'mean') out[r] = sum / weight;
    else out[r] = count < k && prorate ? (sum * totalWeight) / weight : sum;
  }
  return out;
}

function scoreFromSubscales(scale: Scale, parts: Float64Array[], n: number): Float64Array {
  const k = parts.length;
  const { method, minAnswered, prorate } = scale.scoring;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r += 1) {
    let sum = 0;
    let count = 0;
    for (let j = 0; j < k; j += 1) {
      const v = parts[j]![r]!;
      if (v === v) {
        sum += v;
        count += 1;
      }
    }
    if (count < minAnswered || count === 0) out[r] = Number.NaN;
    else if (method === 'mean') out[r] = sum / count;
    else out[r] = count < k && prorate ? (sum * k) / count : sum;
  }
  return out;
}

function scaleRange(scale: Scale, plans: Map<string, ItemPlan>, ranges: Map<string, { min: number; max: number }>): { min: number; max: number } {
  const parts = scale.items
    ? scale.items.map((m) => ({ min: plans.get(m.item)!.min * m.weight, max: plans.get(m.item)!.max * m.weight, weight: m.weight }))
    : scale.subscales!.map((id) => ({ ...ranges.get(id)!, weight: 1 }));
  const min = parts.reduce((a, p) => a + p.min, 0);
  const max = parts.reduce((a, p) => a + p.max, 0);
  if (scale.scoring.method === 'sum') return { min, max };
  const weight = parts.reduce((a, p) => a + p.weight, 0);
  return { min: min / weight, max: max / weight };
}

/** The lowest and highest possible score of every scale of an instrument, by scale id. */
export function scaleRanges(instrument: Instrument): Map<string, { min: number; max: number }> {
  const plans = planItems(instrument, []);
  const ranges = new Map<string, { min: number; max: number }>();
  for (const scale of dependencyOrder(instrument.scales)) ranges.set(scale.id, scaleRange(scale, plans, ranges));
  return ranges;
}

/** Scales in an order where every subscale comes before the scales made from it. */
export function dependencyOrder(scales: readonly Scale[]): Scale[] {
  const byId = new Map(scales.map((s) => [s.id, s]));
  const done = new Set<string>();
  const out: Scale[] = [];
  const visit = (scale: Scale): void => {
    if (done.has(scale.id)) return;
    done.add(scale.id);
    for (const sub of scale.subscales ?? []) visit(byId.get(sub)!);
    out.push(scale);
  };
  scales.forEach(visit);
  return out;
}

function describeRules(instrument: Instrument, extraMissing: readonly number[]): string[] {
  const rules = [
    'Answers of "not relevant" or "don\'t know", unanswered items and values outside an item\'s answer range are treated as missing.',
    'Reverse-keyed items are scored as (lowest + highest possible answer) − answer.',
  ];
  if (extraMissing.length) rules.push(`These codes are also treated as missing: ${extraMissing.join(', ')}.`);
  for (const scale of instrument.scales) {
    const parts = scale.items?.length ?? scale.subscales!.length;
    const noun = scale.items ? 'items' : 'subscales';
    const weighted = scale.items?.some((m) => m.weight !== 1) ? 'weighted ' : '';
    const how = scale.scoring.method === 'mean' ? `${weighted}mean` : `${weighted}sum`;
    const need = scale.scoring.minAnswered >= parts ? `all ${parts} ${noun}` : `at least ${scale.scoring.minAnswered} of ${parts} ${noun}`;
    const prorated = scale.scoring.method === 'sum' && scale.scoring.prorate ? ', prorated to the full number when some are missing' : '';
    rules.push(`${scale.name}: the ${how} of its ${noun}${prorated}; scored when ${need} are answered.`);
  }
  return rules;
}

/** Scores every scale and derived score of an instrument for item data in columns. */
export function scoreColumns(instrument: Instrument, input: ItemColumns, options: ScoringOptions = {}): ScoringResult {
  const extraMissing = options.missingValues ?? [];
  const plans = planItems(instrument, extraMissing);
  const n = input.respondents;
  const clean = new Map<string, ArrayLike<number>>();
  const items: ItemTally[] = [];
  for (const plan of plans.values()) {
    const { values, tally } = cleanColumn(plan, input);
    clean.set(plan.id, values);
    items.push(tally);
  }
  const scores = new Map<string, Float64Array>();
  const ranges = new Map<string, { min: number; max: number }>();
  for (const scale of dependencyOrder(instrument.scales)) {
    scores.set(scale.id, scale.items ? scoreFromItems(scale, plans, clean, n) : scoreFromSubscales(scale, scale.subscales!.map((id) => scores.get(id)!), n));
    ranges.set(scale.id, scaleRange(scale, plans, ranges));
  }
  const scales = instrument.scales.map((scale): ScaleScores => {
    const values = scores.get(scale.id)!;
    let scored = 0;
    for (let r = 0; r < n; r += 1) if (values[r] === values[r]) scored += 1;
    return {
      id: scale.id,
      name: scale.name,
      method: scale.scoring.method,
      basis: scale.items ? 'items' : 'subscales',
      parts: scale.items?.length ?? scale.subscales!.length,
      minAnswered: scale.scoring.minAnswered,
      prorated: scale.scoring.method === 'sum' && scale.scoring.prorate,
      range: ranges.get(scale.id)!,
      scores: values,
      scored,
      unscored: n - scored,
    };
  });
  const derived = instrument.derived.map((d) => scoreDerived(d, scores, n));
  return { instrument: instrument.id, respondents: n, items, scales, derived, rules: [...describeRules(instrument, extraMissing), ...derived.map((d) => d.rule)] };
}

export interface AnswerColumnOptions {
  /** The key under which a response holds an item's answer; the item id when absent. */
  itemKey?: (itemId: string) => string;
}

/** Builds item columns from stored answers (one record per respondent), counting missing codes and unreadable answers. */
export function answerColumns(instrument: Instrument, responses: ReadonlyArray<Readonly<Record<string, StoredAnswer>>>, options: AnswerColumnOptions = {}): ItemColumns {
  const n = responses.length;
  const columns: Record<string, Float64Array> = {};
  const missingCodes: Record<string, number> = {};
  const unreadable: Record<string, number> = {};
  for (const id of scoredItemIds(instrument)) {
    const key = options.itemKey ? options.itemKey(id) : id;
    const column = new Float64Array(n);
    let codes = 0;
    let bad = 0;
    for (let r = 0; r < n; r += 1) {
      const answer = readAnswer(responses[r]![key]);
      column[r] = answer.value;
      if (answer.kind === 'missing-code') codes += 1;
      else if (answer.kind === 'unreadable') bad += 1;
    }
    columns[id] = column;
    missingCodes[id] = codes;
    unreadable[id] = bad;
  }
  return { respondents: n, columns, missingCodes, unreadable };
}

/** Scores stored survey answers: one record per respondent, item answers under `itemKey(itemId)`. */
export function scoreResponses(
  instrument: Instrument,
  responses: ReadonlyArray<Readonly<Record<string, StoredAnswer>>>,
  options: ScoringOptions & AnswerColumnOptions = {},
): ScoringResult {
  return scoreColumns(instrument, answerColumns(instrument, responses, options), options);
}

/** The item ids of a scale, through its subscales, in the instrument's order. */
export function itemsOfScale(instrument: Instrument, scaleId: string): string[] {
  const byId = new Map(instrument.scales.map((s) => [s.id, s]));
  if (!byId.has(scaleId)) throw new Error(`Instrument ${instrument.id} has no scale ${scaleId}`);
  const found = new Set<string>();
  const walk = (id: string, trail: Set<string>): void => {
    const scale = byId.get(id);
    if (!scale || trail.has(id)) return;
    for (const m of scale.items ?? []) found.add(m.item);
    for (const sub of scale.subscales ?? []) walk(sub, new Set([...trail, id]));
  };
  walk(scaleId, new Set());
  return instrument.items.map((i) => i.id).filter((id) => found.has(id));
}

/**
 * The items of a scale as keyed columns (reverse-keyed items mirrored, every kind of missing as
 * NaN, weights not applied), ready for reliability analysis.
 */
export function keyedItemColumns(instrument: Instrument, input: ItemColumns, scaleId: string, options: ScoringOptions = {}): { items: string[]; columns: Float64Array[] } {
  const plans = planItems(instrument, options.missingValues ?? []);
  const items = itemsOfScale(instrument, scaleId);
  const columns = items.map((id) => {
    const plan = plans.get(id)!;
    const { values } = cleanColumn(plan, input);
    const out = Float64Array.from(values);
    if (plan.reverse) {
      const flip = plan.min + plan.max;
      for (let r = 0; r < out.length; r += 1) out[r] = flip - out[r]!;
    }
    return out;
  });
  return { items, columns };
}

/** One respondent's scores as a record (scale and derived ids → score, category code, or null when missing). */
export function respondentScores(result: ScoringResult, respondent: number): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const scale of result.scales) {
    const v = scale.scores[respondent]!;
    out[scale.id] = Number.isFinite(v) ? v : null;
  }
  for (const d of result.derived) {
    if (d.kind === 'quadrant') {
      const code = d.codes[respondent]!;
      out[d.id] = code >= 0 ? d.categories[code]!.code : null;
    } else {
      const v = d.scores[respondent]!;
      out[d.id] = Number.isFinite(v) ? v : null;
    }
  }
  return out;
}
