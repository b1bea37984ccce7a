import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { digest, newSecret } from '../accounts/service.ts';
import type { Answers } from './conditions.ts';
import { isShown } from './conditions.ts';
import type { Question, ResponseFormat, SurveyDefinition } from './definition.ts';
import { recordLinkingCodes } from './linking/service.ts';
import { purposes } from './service.ts';
import * as store from './store.ts';

/**
 * Responses that arrive whole, already in stored form (existing data sets, the demo),
 * rather than page by page from a respondent. Each answer is checked against the survey's current
 * version by the same rules the respondent pages apply to a posted form, but on stored values:
 * Likert 1..n or a missing code, option codes as text, lists of codes, 1/0, numbers, text and
 * 'yyyy-mm-dd' dates. The check is pure, so an import of any file type can reuse it and report
 * problems by row and column; storing is all or nothing.
 */

export interface AnswerProblem {
  /** The question the problem is about; null for the answers as a whole. */
  question: string | null;
  message: string;
}

export type ResponseStatus = 'complete' | 'partial';

// Long texts are cut so that one bad answer cannot flood an error message.
function shown(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? `[${value.map(shown).join(', ')}]` : String(JSON.stringify(value) ?? value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const thousands = (n: number) => n.toLocaleString('en-GB');

function missingCodesOf(format: ResponseFormat): string[] {
  return 'missing' in format ? format.missing.map((m) => m.code) : [];
}

/** The offered values in words, e.g. "1–5, NR" or "MHI, CAT, other". */
function offeredWords(format: ResponseFormat): string {
  const missing = missingCodesOf(format);
  switch (format.type) {
    case 'likert':
      return [`1–${format.points}`, ...missing].join(', ');
    case 'scale':
      return [`${format.min}–${format.max}`, ...missing].join(', ');
    case 'boolean':
      return ['1', '0', ...missing].join(', ');
    case 'single':
    case 'multiple':
      return [...format.options.map((o) => o.code), ...missing].join(', ');
    default:
      return '';
  }
}

/** Likert, scale and yes/no answers: a whole number in range, or one of the format's missing codes. */
function checkNumericChoice(format: Extract<ResponseFormat, { type: 'likert' | 'scale' | 'boolean' }>, value: unknown): string | undefined {
  if (typeof value === 'string' && missingCodesOf(format).includes(value)) return undefined;
  const [min, max] = format.type === 'likert' ? [1, format.points] : format.type === 'scale' ? [format.min, format.max] : [0, 1];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined;
  // A number held as text is the commonest slip in a converted file: say how to fix it.
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    return `${shown(value)} is text, but this question stores numbers (${offeredWords(format)}): give ${value.trim()} without quotes`;
  }
  return `${shown(value)} is not one of the offered values ${offeredWords(format)}`;
}

function checkSingle(format: Extract<ResponseFormat, { type: 'single' }>, value: unknown): string | undefined {
  const allowed = [...format.options.map((o) => o.code), ...missingCodesOf(format)];
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  if (typeof value === 'number' && allowed.includes(String(value))) return `${value} is a number, but option codes are stored as text: give "${value}"`;
  return `${shown(value)} is not one of the offered values ${offeredWords(format)}`;
}

function checkMultiple(format: Extract<ResponseFormat, { type: 'multiple' }>, value: unknown, status: ResponseStatus): string | undefined {
  if (!Array.isArray(value)) return `${shown(value)} is not a list of option codes (offered: ${offeredWords(format)})`;
  const offered = format.options.map((o) => o.code);
  const wrong = value.find((code) => typeof code !== 'string' || !offered.includes(code));
  if (wrong !== undefined) return `${shown(wrong)} is not one of the offered values ${offeredWords(format)}`;
  const twice = value.find((code, i) => value.indexOf(code) !== i);
  if (twice !== undefined) return `${shown(twice)} is chosen twice`;
  if (format.maxChoices !== undefined && value.length > format.maxChoices) return `${value.length} options are chosen, but at most ${format.maxChoices} may be`;
  // A partial response may still be adding choices; a finished one must meet the minimum.
  if (status === 'complete' && format.minChoices !== undefined && value.length < format.minChoices) {
    return `${value.length === 1 ? 'one option is' : `${value.length} options are`} chosen, but at least ${format.minChoices} must be`;
  }
  return undefined;
}

function checkNumber(format: Extract<ResponseFormat, { type: 'number' }>, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${shown(value)} is not a number`;
  if (format.integer && !Number.isInteger(value)) return `${value} is not a whole number`;
  if (format.min !== undefined && value < format.min) return `${value} is below the minimum of ${format.min}`;
  if (format.max !== undefined && value > format.max) return `${value} is above the maximum of ${format.max}`;
  return undefined;
}

function checkText(format: Extract<ResponseFormat, { type: 'text' }>, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${shown(value)} is not text`;
  if (value.length > format.maxLength) return `the answer is ${thousands(value.length)} characters long, more than the ${thousands(format.maxLength)} allowed`;
  return undefined;
}

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkDate(format: Extract<ResponseFormat, { type: 'date' }>, value: unknown): string | undefined {
  if (typeof value !== 'string' || !isRealDate(value)) return `${shown(value)} is not a real date written as yyyy-mm-dd`;
  if (format.min && value < format.min) return `${value} is before the earliest date allowed, ${format.min}`;
  if (format.max && value > format.max) return `${value} is after the latest date allowed, ${format.max}`;
  return undefined;
}

/** Why a value cannot be stored as an answer to the question, or undefined when it can. */
export function answerProblem(question: Question, value: unknown, status: ResponseStatus): string | undefined {
  // Stored responses leave unanswered questions out; an empty value would count as an answer in some
  // statistics and as none in others, so it is refused rather than guessed at.
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'the answer is empty: leave out questions that were not answered';
  const format = question.format;
  switch (format.type) {
    case 'likert':
    case 'scale':
    case 'boolean':
      return checkNumericChoice(format, value);
    case 'single':
      return checkSingle(format, value);
    case 'multiple':
      return checkMultiple(format, value, status);
    case 'number':
      return checkNumber(format, value);
    case 'text':
      return checkText(format, value);
    case 'date':
      return checkDate(format, value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Required questions a complete response leaves unanswered, skipping those its own answers hide. */
function unansweredRequired(definition: SurveyDefinition, answers: Record<string, unknown>): string[] {
  // Only valid answers reach here, so they are the stored kind the conditions read.
  const given = answers as Answers;
  const missing: string[] = [];
  for (const page of definition.pages) {
    if (!isShown(page.condition, given)) continue;
    for (const q of page.questions) {
      if (q.required && isShown(q.condition, given) && answers[q.id] === undefined) missing.push(q.id);
    }
  }
  return missing;
}

/**
 * Every problem with one response's answers, in the order the answers are given: answers to questions the version
 * does not have, values it does not offer, and (for complete responses) required questions left
 * unanswered that the response's own answers do not hide. Empty when the answers may be stored.
 */
export function checkStoredAnswers(definition: SurveyDefinition, answers: unknown, status: ResponseStatus): AnswerProblem[] {
  if (!isPlainObject(answers)) return [{ question: null, message: 'the answers are not a set of question ids and values' }];
  const questions = new Map(definition.pages.flatMap((p) => p.questions).map((q) => [q.id, q]));
  const problems: AnswerProblem[] = [];
  for (const [id, value] of Object.entries(answers)) {
    if (value === undefined) continue;
    const question = questions.get(id);
    const message = question ? answerProblem(question, value, status) : 'there is no question with this id in the survey';
    if (message) problems.push({ question: id, message });
  }
  if (status === 'complete' && problems.length === 0) {
    for (const id of unansweredRequired(definition, answers)) problems.push({ question: id, message: 'the question must be answered, but has no answer' });
  }
  return problems;
}

export interface ResponseToStore {
  answers: Record<string, unknown>;
  /** 'complete' unless given. */
  status?: ResponseStatus;
  /** The survey's own purpose unless given. */
  purpose?: (typeof purposes)[number];
  /** The furthest page saved: every page for a complete response, else the last page with an answer. */
  pagesSaved?: number;
  /**
   * The respondent's linking code as `splitLinkingAnswers` gives its parts, for a survey that asks
   * one: stored only as its keyed hash. The answers themselves never hold the code's questions.
   */
  linkingCode?: readonly string[];
}

// A file with hundreds of bad rows is usually the wrong file or the wrong mapping: enough to see the pattern.
const problemsShown = 20;

function rowProblems(definition: SurveyDefinition, row: ResponseToStore): AnswerProblem[] {
  const status = row.status ?? 'complete';
  if (status !== 'complete' && status !== 'partial') return [{ question: null, message: `the status ${shown(status)} is neither complete nor partial` }];
  const problems = checkStoredAnswers(definition, row.answers, status);
  if (row.purpose !== undefined && !purposes.includes(row.purpose)) problems.push({ question: null, message: `the purpose ${shown(row.purpose)} is not one of ${purposes.join(', ')}` });
  problems.push(...linkingProblems(definition, row));
  const pages = definition.pages.length;
  if (row.pagesSaved !== undefined && !(Number.isInteger(row.pagesSaved) && row.pagesSaved >= 0 && row.pagesSaved <= pages)) {
    problems.push({ question: null, message: `${shown(row.pagesSaved)} pages saved is not a whole number from 0 to ${pages}` });
  }
  return problems;
}

function linkingProblems(definition: SurveyDefinition, row: ResponseToStore): AnswerProblem[] {
  const asked = definition.linkingCode?.questions ?? [];
  const problems: AnswerProblem[] = [];
  // Stored as an answer, a code's part could be read back: it may only arrive as the code itself.
  if (isPlainObject(row.answers)) for (const id of asked) if (row.answers[id] !== undefined) problems.push({ question: id, message: 'this question is part of the linking code, whose answers are never stored' });
  if (row.linkingCode === undefined) return problems;
  if (!asked.length) problems.push({ question: null, message: 'the row has a linking code, but the survey does not ask for one' });
  else if (!Array.isArray(row.linkingCode) || row.linkingCode.length !== asked.length || !row.linkingCode.every((part) => typeof part === 'string' && part !== '')) {
    problems.push({ question: null, message: `the linking code must have ${asked.length} parts, none blank` });
  }
  return problems;
}

/** Every problem in every row, as sentences naming the row (counted from 1) and the question. */
export function describeRowProblems(definition: SurveyDefinition, rows: readonly ResponseToStore[]): string[] {
  return rows.flatMap((row, i) => rowProblems(definition, row).map((p) => `Row ${i + 1}${p.question ? `, question ${p.question}` : ''}: ${p.message}`));
}

function rejectRows(problems: string[]): HttpError {
  const listed = problems.slice(0, problemsShown);
  if (problems.length > listed.length) listed.push(`…and ${problems.length - listed.length} more problems`);
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return new HttpError(400, 'invalid_responses', `No responses were stored because of ${count}: ${listed.join('; ')}`, listed.map((message) => ({ field: 'rows', message })));
}

function furthestAnsweredPage(definition: SurveyDefinition, answers: Record<string, unknown>): number {
  let furthest = 0;
  definition.pages.forEach((page, i) => {
    if (page.questions.some((q) => answers[q.id] !== undefined)) furthest = i + 1;
  });
  return furthest;
}

/**
 * Stores many responses to a survey's current version in one transaction: every row is checked
 * first, and one problem anywhere stores nothing. Each response gets a key of its own that nobody
 * holds (so it cannot be resumed or changed through the respondent pages), and no participant or
 * time: the rows' origin is unknown, and in an anonymous survey nothing may link a response to a
 * person. Returns how many were stored.
 */
export async function storeResponses(db: Db, actorId: string | null, evaluationId: string, surveyId: string, rows: readonly ResponseToStore[]): Promise<number> {
  return inTransaction(db, async (trx) => {
    const survey = await store.findSurvey(trx, evaluationId, surveyId);
    if (!survey) throw notFound('Survey');
    // Held until commit, so no one edits the version these rows are checked against in the meantime.
    await store.lockSurvey(trx, surveyId);
    const version = await store.currentVersion(trx, surveyId);
    if (!version) throw notFound('Survey version');
    const definition = version.definition as SurveyDefinition;
    const problems = describeRowProblems(definition, rows);
    if (problems.length) throw rejectRows(problems);
    if (rows.length === 0) return 0;
    // Made here rather than by the database, so that each row's linking code can name its response.
    const ids = rows.map(() => randomUUID());
    await store.insertResponses(
      trx,
      rows.map((row, i) => {
        const status = row.status ?? 'complete';
        return {
          id: ids[i]!,
          survey_id: surveyId,
          version_id: version.id,
          key_hash: digest(newSecret()),
          purpose: row.purpose ?? survey.purpose,
          status,
          pages_saved: row.pagesSaved ?? (status === 'complete' ? definition.pages.length : furthestAnsweredPage(definition, row.answers)),
          answers: JSON.stringify(row.answers),
        };
      }),
    );
    await recordLinkingCodes(trx, surveyId, rows.flatMap((row, i) => (row.linkingCode ? [{ responseId: ids[i]!, parts: row.linkingCode }] : [])));
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'store-responses', entity: 'survey', entityId: surveyId, detail: { responses: rows.length, version: version.number } });
    return rows.length;
  });
}
