import { suppressSmallCells } from '../analysis/index.ts';
import type { Question } from '../surveys/definition.ts';

/**
 * Item frequency tables from the database's counts (store.answerCounts): each answer option with
 * its count and percentage of valid answers, then the missing codes and the unanswered.
 */

export interface ItemOption {
  value: string;
  label: string;
  count: number | null;
  percent: number | null;
  suppressed: boolean;
}

export interface ItemTable {
  question: string;
  text: string;
  /** The instrument item, when the question asks one. */
  item: string | null;
  respondents: number;
  valid: number | null;
  options: ItemOption[];
  missing: { code: string; label: string; count: number | null; suppressed: boolean }[];
  notAnswered: number | null;
  /** Whether the options are ordered agreement points (drawn as a diverging bar). */
  likert: boolean;
  suppressedNote: string | null;
}

/** The options of an item's format as stored values and labels; empty for formats without options. */
export function optionsOf(question: Question): { options: { value: string; label: string }[]; missing: { code: string; label: string }[]; likert: boolean } {
  const f = question.format;
  switch (f.type) {
    case 'likert':
      return { options: f.labels.map((label, i) => ({ value: String(i + 1), label })), missing: f.missing, likert: true };
    case 'scale':
      return { options: Array.from({ length: f.max - f.min + 1 }, (_, i) => ({ value: String(f.min + i), label: String(f.min + i) })), missing: f.missing, likert: false };
    case 'single':
      return { options: f.options.map((o) => ({ value: o.code, label: o.label })), missing: f.missing, likert: false };
    case 'boolean':
      return { options: [{ value: '0', label: f.style === 'yes-no' ? 'No' : f.style === 'true-false' ? 'False' : 'Disagree' }, { value: '1', label: f.style === 'yes-no' ? 'Yes' : f.style === 'true-false' ? 'True' : 'Agree' }], missing: f.missing, likert: false };
    default:
      return { options: [], missing: [], likert: false };
  }
}

const percent = (count: number, total: number): number | null => (total > 0 ? (100 * count) / total : null);

/**
 * One item's table. With a disclosure threshold (results leaving the team), counts under it are
 * suppressed, and enough others beside them that none can be worked out from the total.
 */
export function itemTable(question: Question, respondents: number, counts: ReadonlyMap<string, number>, threshold: number | null): ItemTable {
  const { options, missing, likert } = optionsOf(question);
  const optionCounts = options.map((o) => counts.get(o.value) ?? 0);
  const missingCounts = missing.map((m) => counts.get(m.code) ?? 0);
  const valid = optionCounts.reduce((a, b) => a + b, 0);
  const given = [...counts.values()].reduce((a, b) => a + b, 0);
  const notAnswered = Math.max(0, respondents - given);
  let hidden: boolean[] = optionCounts.map(() => false);
  let hiddenMissing: boolean[] = missingCounts.map(() => false);
  let validHidden = false;
  if (threshold !== null) {
    const table = suppressSmallCells([[...optionCounts, ...missingCounts]], { threshold, zeroIsSafe: true, columnTotals: false });
    const cells = table.cells[0]!;
    hidden = optionCounts.map((_, i) => cells[i] !== 'shown');
    hiddenMissing = missingCounts.map((_, i) => cells[options.length + i] !== 'shown');
    validHidden = table.rowTotals?.[0] !== 'shown';
  }
  const anyHidden = hidden.some(Boolean) || hiddenMissing.some(Boolean);
  return {
    question: question.id,
    text: question.text,
    item: question.source?.item ?? null,
    respondents,
    valid: validHidden ? null : valid,
    // Percentages of a total that has hidden parts would give the hidden counts away.
    options: options.map((o, i) => ({ ...o, count: hidden[i] ? null : optionCounts[i]!, percent: hidden[i] || anyHidden ? null : percent(optionCounts[i]!, valid), suppressed: hidden[i]! })),
    missing: missing.map((m, i) => ({ code: m.code, label: m.label, count: hiddenMissing[i] ? null : missingCounts[i]!, suppressed: hiddenMissing[i]! })),
    notAnswered: anyHidden ? null : notAnswered,
    likert,
    suppressedNote: anyHidden ? `Counts of fewer than ${threshold} people are not shown, nor the counts that would let them be worked out.` : null,
  };
}
