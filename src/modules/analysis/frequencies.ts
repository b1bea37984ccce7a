import { answerMissingCodes, type StoredAnswer } from './answer-values.ts';

/**
 * Frequency tables of item answers. Answer options are counted with their percentage of the valid
 * answers (those that chose an option); missing codes ("NR", "DK"), unanswered items and values that
 * are not options are counted apart, with their percentage of all respondents.
 */

export interface FrequencyOption {
  /** The stored value or code of the option (compared as text, so 3 and "3" are the same). */
  value: number | string;
  label: string;
}

export interface FrequencyRow {
  value: number | string;
  label: string;
  count: number;
  /** Percentage of valid answers; null when there are none. */
  percent: number | null;
  /** Percentage of all respondents; null when there are none. */
  percentOfAll: number | null;
}

export interface FrequencyTable {
  respondents: number;
  valid: number;
  options: FrequencyRow[];
  /** One row per missing code offered (in the order given), then any other missing code met. */
  missingCodes: { code: string; label: string; count: number; percentOfAll: number | null }[];
  notAnswered: { count: number; percentOfAll: number | null };
  /** Answers that are neither an option nor a missing code (e.g. out of range). */
  other: { count: number; percentOfAll: number | null };
}

const percentOf = (count: number, total: number): number | null => (total > 0 ? (100 * count) / total : null);

/**
 * Counts answers to one item. `missing` lists the missing codes the item offers with their labels
 * (e.g. { code: 'NR', label: 'Not relevant to my work' }); codes not listed get the code as label.
 */
export function frequencyTable(answers: ArrayLike<StoredAnswer>, options: readonly FrequencyOption[], missing: readonly { code: string; label: string }[] = []): FrequencyTable {
  const optionIndex = new Map(options.map((o, i) => [String(o.value), i]));
  const optionCounts = new Array<number>(options.length).fill(0);
  const codeCounts = new Map<string, number>(missing.map((m) => [m.code, 0]));
  let notAnswered = 0;
  let other = 0;
  const n = answers.length;
  for (let r = 0; r < n; r += 1) {
    const answer = answers[r];
    if (answer === null || answer === undefined || answer === '' || (typeof answer === 'number' && Number.isNaN(answer))) {
      notAnswered += 1;
      continue;
    }
    const key = typeof answer === 'object' ? null : String(answer);
    const at = key === null ? undefined : optionIndex.get(key);
    if (at !== undefined) optionCounts[at]! += 1;
    else if (key !== null && (codeCounts.has(key) || answerMissingCodes.has(key))) codeCounts.set(key, (codeCounts.get(key) ?? 0) + 1);
    else other += 1;
  }
  const valid = optionCounts.reduce((a, b) => a + b, 0);
  const labels = new Map(missing.map((m) => [m.code, m.label]));
  return {
    respondents: n,
    valid,
    options: options.map((o, i) => ({ value: o.value, label: o.label, count: optionCounts[i]!, percent: percentOf(optionCounts[i]!, valid), percentOfAll: percentOf(optionCounts[i]!, n) })),
    missingCodes: [...codeCounts].map(([code, count]) => ({ code, label: labels.get(code) ?? code, count, percentOfAll: percentOf(count, n) })),
    notAnswered: { count: notAnswered, percentOfAll: percentOf(notAnswered, n) },
    other: { count: other, percentOfAll: percentOf(other, n) },
  };
}
