import type { AnswerValue, Answers } from '../conditions.ts';
import type { Question, ResponseFormat } from '../definition.ts';
import { formatDate, isChoiceFormat, missingChoices, offeredChoices, storesNumbers, type ChoiceFormat } from './answer-formats.ts';
import { dateFieldNames, postedList, postedText } from './form-state.ts';

/**
 * Reads one page's posted form into answers, checking everything the server must not trust the
 * browser for: required answers, only offered values, numbers in range, text within its limit,
 * real dates, and the number of choices. A page with any error stores nothing.
 */

export interface FieldError {
  /** The id of the field the error summary links to. */
  field: string;
  message: string;
}

export type PageReading = { ok: true; answers: Answers } | { ok: false; errors: FieldError[] };

export interface ReadOptions {
  /** False for "save and come back later": unanswered questions are allowed, wrong values are not. */
  requireAnswers: boolean;
}

type Outcome = { value?: AnswerValue } | { error: string };

/** `required`: this question must be answered now; `complete`: the respondent is moving on, not saving for later. */
interface Rule {
  required: boolean;
  complete: boolean;
}

/** Long statements are cut in messages so the error summary stays readable. */
function shortText(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= 80) return `“${clean}”`;
  const cut = clean.slice(0, 80);
  return `“${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80)}…”`;
}

function readChoice(q: Question, format: ChoiceFormat, posted: string[], rule: Rule): Outcome {
  const about = () => shortText(q.text);
  const offered = offeredChoices(format).map((c) => c.code);
  const missing = missingChoices(format).map((c) => c.code);
  const allowed = new Set([...offered, ...missing]);
  const values = posted.filter((v) => v !== '');
  if (values.some((v) => !allowed.has(v))) return { error: `Select one of the answers offered for ${about()}` };
  if (format.type === 'multiple') {
    const picked = offered.filter((code) => values.includes(code));
    const least = Math.max(format.minChoices ?? 0, rule.required ? 1 : 0);
    const tooFew = picked.length < least && (rule.required || (rule.complete && picked.length > 0));
    if (tooFew) return { error: least === 1 ? `Select at least one answer for ${about()}` : `Select at least ${least} answers for ${about()}` };
    if (format.maxChoices !== undefined && picked.length > format.maxChoices) {
      return { error: `Select no more than ${format.maxChoices} answers for ${about()}` };
    }
    return picked.length ? { value: picked } : {};
  }
  if (values.length > 1) return { error: `Select only one answer for ${about()}` };
  const [code] = values;
  if (code === undefined) return rule.required ? { error: `Select an answer for ${about()}` } : {};
  return { value: storesNumbers(format) && !missing.includes(code) ? Number(code) : code };
}

function readNumber(q: Question, format: Extract<ResponseFormat, { type: 'number' }>, typed: string, required: boolean): Outcome {
  const about = shortText(q.text);
  const text = typed.replace(/[,\s]/g, '');
  if (text === '') return required ? { error: `Enter a number for ${about}` } : {};
  if (!/^-?\d+(\.\d+)?$/.test(text)) return { error: `Enter a number for ${about}, using digits only` };
  const n = Number(text);
  if (format.integer && !Number.isInteger(n)) return { error: `Enter a whole number for ${about}` };
  const { min, max } = format;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    if (min !== undefined && max !== undefined) return { error: `Enter a number between ${min} and ${max} for ${about}` };
    return { error: min !== undefined ? `Enter a number of ${min} or more for ${about}` : `Enter a number of ${max} or less for ${about}` };
  }
  return { value: n };
}

function readText(q: Question, format: Extract<ResponseFormat, { type: 'text' }>, typed: string, required: boolean): Outcome {
  // Browsers send line breaks as CRLF; the character count in the page counts one character for each.
  const text = typed.replace(/\r\n?/g, '\n').trim();
  if (text === '') return required ? { error: `Enter an answer for ${shortText(q.text)}` } : {};
  if (text.length > format.maxLength) return { error: `Your answer for ${shortText(q.text)} must be ${format.maxLength} characters or fewer` };
  return { value: text };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function readDate(q: Question, format: Extract<ResponseFormat, { type: 'date' }>, parts: Record<'day' | 'month' | 'year', string>, required: boolean): Outcome {
  const about = shortText(q.text);
  const missing = (['day', 'month', 'year'] as const).filter((p) => parts[p] === '');
  if (missing.length === 3) return required ? { error: `Enter a date for ${about}` } : {};
  if (missing.length) return { error: `The date for ${about} must include a ${missing.join(' and a ')}` };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return { error: `The date for ${about} must be a real date, like 27 3 2024` };
  }
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  if (!isRealDate(year, month, day)) return { error: `The date for ${about} must be a real date, like 27 3 2024` };
  const iso = `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (format.min && iso < format.min) return { error: `The date for ${about} must be on or after ${formatDate(format.min)}` };
  if (format.max && iso > format.max) return { error: `The date for ${about} must be on or before ${formatDate(format.max)}` };
  return { value: iso };
}

function readQuestion(q: Question, body: Record<string, unknown>, rule: Rule): Outcome {
  const format = q.format;
  const required = rule.required;
  if (isChoiceFormat(format)) return readChoice(q, format, postedList(body, q.id), rule);
  switch (format.type) {
    case 'number':
      return readNumber(q, format, postedText(body, q.id), required);
    case 'text':
      return readText(q, format, postedText(body, q.id), required);
    case 'date': {
      const names = dateFieldNames(q.id);
      const parts = { day: postedText(body, names.day).trim(), month: postedText(body, names.month).trim(), year: postedText(body, names.year).trim() };
      return readDate(q, format, parts, required);
    }
  }
}

/** Where the error summary sends the respondent: the first radio, box or (for dates) the day. */
export function fieldId(q: Question): string {
  return q.format.type === 'date' ? dateFieldNames(q.id).day : q.id;
}

/** Reads the answers to the questions shown on a page; fields for other questions are ignored. */
export function readPageAnswers(questions: readonly Question[], body: Record<string, unknown>, options: ReadOptions): PageReading {
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const q of questions) {
    const outcome = readQuestion(q, body, { required: options.requireAnswers && q.required, complete: options.requireAnswers });
    if ('error' in outcome) errors.push({ field: fieldId(q), message: outcome.error });
    else if (outcome.value !== undefined) answers[q.id] = outcome.value;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

/** Required questions shown but unanswered, for the final check before a response is complete. */
export function unansweredRequired(questions: readonly Question[], answers: Answers): Question[] {
  return questions.filter((q) => {
    if (!q.required) return false;
    const value = answers[q.id];
    return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  });
}
