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

/** One question's answers as numbers (NaN when missing), with how many were missing codes or unreadable. */
export interface AnswerColumn {
  values: Float64Array;
  missingCodes: number;
  unreadable: number;
  /** How many gave each stored answer (as text), for frequency tables. */
  counts: Map<string, number>;
}

const comma = 44;
const zero = 48;

/**
 * Reads a column of stored answers sent compactly as one text: each respondent's answer as
 * text (a number in decimal, or the stored string with any comma made a semicolon), separated
 * by commas, empty when not answered. Each is read as `readAnswer` reads the stored answer, so
 * scoring follows the same rules; a comma is never part of a number or a missing code.
 */
export function readAnswerTokens(text: string | null, respondents: number): AnswerColumn {
  const values = new Float64Array(respondents).fill(Number.NaN);
  const digits = new Float64Array(10);
  const counts = new Map<string, number>();
  let missingCodes = 0;
  let unreadable = 0;
  const length = text?.length ?? 0;
  let at = 0;
  for (let r = 0; r < respondents && text !== null; r += 1) {
    let end = at;
    while (end < length && text.charCodeAt(end) !== comma) end += 1;
    const c = text.charCodeAt(at);
    if (end - at === 1 && c >= zero && c <= zero + 9) {
      // The common case, a one-digit answer, without making a string.
      values[r] = c - zero;
      digits[c - zero]! += 1;
    } else if (end > at) {
      const token = text.slice(at, end);
      counts.set(token, (counts.get(token) ?? 0) + 1);
      const answer = readAnswer(token);
      if (answer.kind === 'missing-code') missingCodes += 1;
      else if (answer.kind === 'number' && Number.isFinite(answer.value)) values[r] = answer.value;
      else unreadable += 1;
    }
    at = end + 1;
  }
  if (text !== null && at !== length + 1) throw new Error(`expected ${respondents} answers in the column, found a different number`);
  digits.forEach((n, d) => {
    if (n) counts.set(String(d), n);
  });
  return { values, missingCodes, unreadable, counts };
}

/**
 * The stored text each one-byte answer code stands for (see migration 026_answer_vectors): 0 not
 * answered, 1 "NR", 2 "DK", 3..12 "m1".."m10", 13 + n the whole number n.
 */
export function answerCodeText(code: number): string | null {
  if (code === 0) return null;
  if (code === 1) return 'NR';
  if (code === 2) return 'DK';
  if (code <= 12) return `m${code - 2}`;
  return String(code - 13);
}

/**
 * Reads one question's answers from coded vectors laid end to end, `width` bytes per respondent,
 * the question's code at `position` in each. Gives what `readAnswerTokens` gives for the same
 * stored answers, without making a string per answer.
 */
export function readAnswerCodes(bytes: Uint8Array, width: number, position: number, respondents: number): AnswerColumn {
  if (bytes.length !== width * respondents || position < 0 || position >= Math.max(width, 1)) throw new Error(`expected ${respondents} coded answers of ${width} bytes, found ${bytes.length} bytes`);
  const values = new Float64Array(respondents).fill(Number.NaN);
  const tally = new Float64Array(256);
  for (let r = 0, at = position; r < respondents; r += 1, at += width) {
    const code = bytes[at]!;
    tally[code]! += 1;
    if (code >= 13) values[r] = code - 13;
    else if (code >= 3) values[r] = 2 - code;
  }
  const counts = new Map<string, number>();
  let missingCodes = 0;
  tally.forEach((n, code) => {
    const text = n ? answerCodeText(code) : null;
    if (text === null) return;
    counts.set(text, n);
    if (code === 1 || code === 2) missingCodes += n;
  });
  return { values, missingCodes, unreadable: 0, counts };
}

/** Two sets of respondents' answers to the same question as one, the first set's first. */
export function joinAnswerColumns(first: AnswerColumn, second: AnswerColumn): AnswerColumn {
  if (!second.values.length) return first;
  if (!first.values.length) return second;
  const values = new Float64Array(first.values.length + second.values.length);
  values.set(first.values);
  values.set(second.values, first.values.length);
  const counts = new Map(first.counts);
  for (const [text, n] of second.counts) counts.set(text, (counts.get(text) ?? 0) + n);
  return { values, missingCodes: first.missingCodes + second.missingCodes, unreadable: first.unreadable + second.unreadable, counts };
}
