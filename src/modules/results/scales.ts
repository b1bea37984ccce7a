import {
  cronbachAlpha,
  describeByGroup,
  describeValues,
  keyedItemColumns,
  scoreColumns,
  type AnswerColumn,
  type DescriptivesResult,
  type ItemColumns,
} from '../analysis/index.ts';
import type { InstrumentUse } from './data.ts';

/**
 * Scale scores, Cronbach's alpha and descriptives of one set of responses, overall and by group.
 * Every number handed on is finite or null (with the reason in words), never NaN.
 */

export interface GroupSummary {
  key: string;
  label: string;
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  lower: number | null;
  upper: number | null;
  /** Why figures are absent (no values, one value, suppressed …). */
  note: string | null;
}

export interface AlphaSummary {
  ok: boolean;
  reason: string | null;
  raw: number | null;
  standardised: number | null;
  averageInterItemCorrelation: number | null;
  k: number;
  respondents: number;
  completeCases: number;
  convention: string;
  notes: string[];
  items: { item: string; question: string; n: number; correctedItemTotal: number | null; alphaIfDeleted: number | null }[];
  excluded: { item: string; reason: string }[];
}

export interface ScaleResult {
  instrument: string;
  instrumentName: string;
  id: string;
  name: string;
  method: 'mean' | 'sum';
  range: { min: number; max: number };
  scored: number;
  unscored: number;
  overall: GroupSummary;
  alpha: AlphaSummary;
  groups: GroupSummary[];
}

/** A scale with its scores kept for comparisons (not sent to pages). */
export interface ScoredScale {
  result: ScaleResult;
  scores: Float64Array;
}

export interface Grouping {
  /** One key per response, null when the response is in no group. */
  keys: (string | null)[];
  groups: { key: string; label: string }[];
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function summaryOf(key: string, label: string, d: DescriptivesResult): GroupSummary {
  if (!d.ok) return { key, label, n: 0, missing: d.missing, mean: null, sd: null, median: null, min: null, max: null, lower: null, upper: null, note: d.reason };
  return {
    key,
    label,
    n: d.n,
    missing: d.missing,
    mean: finite(d.mean),
    sd: finite(d.sd),
    median: finite(d.median),
    min: finite(d.min),
    max: finite(d.max),
    lower: finite(d.confidenceInterval?.lower),
    upper: finite(d.confidenceInterval?.upper),
    note: d.notes.length ? d.notes.join('; ') : null,
  };
}

/** Group codes for a grouping: −1 for responses in no group. */
export function codesOf(grouping: Grouping): Int32Array {
  const index = new Map(grouping.groups.map((g, i) => [g.key, i]));
  return Int32Array.from(grouping.keys, (key) => (key === null ? -1 : (index.get(key) ?? -1)));
}

function alphaOf(use: InstrumentUse, columns: ReturnType<typeof keyedItemColumns>): AlphaSummary {
  const alpha = cronbachAlpha(columns.columns, { missing: 'pairwise', items: columns.items });
  const base = { k: 0, respondents: 0, completeCases: 0, convention: 'Pairwise deletion', notes: [] as string[], items: [] as AlphaSummary['items'], excluded: alpha.excluded };
  if (!alpha.ok) return { ...base, ok: false, reason: alpha.reason, raw: null, standardised: null, averageInterItemCorrelation: null };
  return {
    ok: true,
    reason: null,
    raw: finite(alpha.rawAlpha),
    standardised: finite(alpha.standardisedAlpha),
    averageInterItemCorrelation: finite(alpha.averageInterItemCorrelation),
    k: alpha.k,
    respondents: alpha.respondents,
    completeCases: alpha.completeCases,
    convention: alpha.convention,
    notes: alpha.notes,
    excluded: alpha.excluded,
    items: alpha.items.map((i) => ({
      item: i.item,
      question: use.questionOf.get(i.item) ?? i.item,
      n: i.n,
      correctedItemTotal: finite(i.correctedItemTotal),
      alphaIfDeleted: finite(i.alphaIfDeleted?.raw),
    })),
  };
}

/** Answers read for scoring: item question id → its column, all of length `respondents`. */
export interface AnswerColumns {
  respondents: number;
  items: ReadonlyMap<string, AnswerColumn>;
}

/** An instrument's item columns from the question columns (items the survey does not ask have none). */
function instrumentColumns(use: InstrumentUse, answers: AnswerColumns): ItemColumns {
  const columns: Record<string, Float64Array> = {};
  const missingCodes: Record<string, number> = {};
  const unreadable: Record<string, number> = {};
  for (const [item, question] of use.questionOf) {
    const column = answers.items.get(question);
    if (!column) continue;
    columns[item] = column.values;
    missingCodes[item] = column.missingCodes;
    unreadable[item] = column.unreadable;
  }
  return { respondents: answers.respondents, columns, missingCodes, unreadable };
}

/** Scores every scale of every instrument the survey asks (scales with at least one item asked). */
export function scoreScales(uses: readonly InstrumentUse[], answers: AnswerColumns, grouping: Grouping | null): ScoredScale[] {
  const out: ScoredScale[] = [];
  const codes = grouping ? codesOf(grouping) : null;
  for (const use of uses) {
    if (use.missingKey.length) continue;
    const { instrument } = use;
    // The columns are read once and serve both the scores and alpha.
    const columnsInput = instrumentColumns(use, answers);
    const scored = scoreColumns(instrument, columnsInput);
    for (const scale of scored.scales) {
      const definition = instrument.scales.find((s) => s.id === scale.id)!;
      const asked = (definition.items ?? []).some((m) => use.questionOf.has(m.item)) || (definition.subscales ?? []).length > 0;
      if (!asked) continue;
      const keyed = keyedItemColumns(instrument, columnsInput, scale.id);
      // Items of the scale the survey does not ask are left out of alpha rather than counted as all missing.
      const askedItems = keyed.items.map((item, i) => ({ item, column: keyed.columns[i]! })).filter((x) => use.questionOf.has(x.item));
      if (!askedItems.length) continue;
      const overall = summaryOf('all', 'All respondents', describeValues(scale.scores));
      const groups = grouping && codes
        ? describeByGroup(scale.scores, codes, grouping.groups.length).map((d, i) => summaryOf(grouping.groups[i]!.key, grouping.groups[i]!.label, d))
        : [];
      out.push({
        scores: scale.scores,
        result: {
          instrument: instrument.id,
          instrumentName: instrument.name,
          id: scale.id,
          name: scale.name,
          method: scale.method,
          range: scale.range,
          scored: scale.scored,
          unscored: scale.unscored,
          overall,
          alpha: alphaOf(use, { items: askedItems.map((x) => x.item), columns: askedItems.map((x) => x.column) }),
          groups,
        },
      });
    }
  }
  return out;
}
