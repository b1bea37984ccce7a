/**
 * How stored survey answers become numbers for scoring. Surveys store Likert answers as numbers,
 * coded answers (single choice, Likert scales that do not start at 1) as option codes such as
 * "0", "3" or "m1" (minus one), and "not relevant" / "don't know" as the codes "NR" and "DK".
 */

/** One stored answer as the analysis module accepts it. */
export type StoredAnswer = number | string | readonly string[] | null | undefined;

/** The survey's missing codes: recorded answers that score as missing. */
export const answerMissingCodes: ReadonlySet<string> = new Set(['NR', 'DK']);

/** What a stored answer is, for scoring and for counting. */
export type AnswerKind = 'number' | 'not-answered' | 'missing-code' | 'unreadable';

const numericCode = /^(?:m|-)?\d+(?:\.\d+)?$/;

/** Reads a stored answer: its number when it has one, and what kind of answer it is. */
export function readAnswer(value: StoredAnswer): { kind: AnswerKind; value: number } {
  if (value === null || value === undefined || value === '') return { kind: 'not-answered', value: Number.NaN };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'unreadable', value: Number.NaN };
  if (typeof value !== 'string') return { kind: 'unreadable', value: Number.NaN };
  if (answerMissingCodes.has(value)) return { kind: 'missing-code', value: Number.NaN };
  if (numericCode.test(value)) return { kind: 'number', value: Number(value.startsWith('m') ? `-${value.slice(1)}` : value) };
  return { kind: 'unreadable', value: Number.NaN };
}
