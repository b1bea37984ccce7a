import type { FormErrors } from '../../../http/forms.ts';
import type { Page, Question, SurveyDefinition } from '../definition.ts';
import type { FieldError } from './answers.ts';
import type { FormState } from './form-state.ts';
import type { Visibility } from './navigation.ts';
import { slotMark } from './page-template.ts';
import { questionView } from './question-views.ts';

/**
 * The values each respondent page template is given. Every builder takes its per-request values
 * as plain strings, so the compiler can pass slot marks and a direct rendering the real values
 * through the very same code.
 */

/** Values that change with each request on a question page. */
export interface QuestionPageValues {
  surveyTitle: string;
  cspNonce: string;
  key: string;
  formToken: string;
  /** "Page 3 of 7". */
  position: string;
  backHref: string;
  resumeCode: string;
}

export interface CheckPageValues {
  surveyTitle: string;
  cspNonce: string;
  key: string;
  formToken: string;
  backHref: string;
}

export interface StartPageValues {
  surveyTitle: string;
  cspNonce: string;
  csrfToken: string;
}

export interface DonePageValues {
  surveyTitle: string;
  cspNonce: string;
}

/** Slot marks for every value name, for compiling. */
export function valueSlots<K extends string>(names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, slotMark(`s:${name}`)])) as Record<K, string>;
}

export const questionPageValueNames = ['surveyTitle', 'cspNonce', 'key', 'formToken', 'position', 'backHref', 'resumeCode'] as const;
export const checkPageValueNames = ['surveyTitle', 'cspNonce', 'key', 'formToken', 'backHref'] as const;
export const startPageValueNames = ['surveyTitle', 'cspNonce', 'csrfToken'] as const;
export const donePageValueNames = ['surveyTitle', 'cspNonce'] as const;

/** Survey texts are plain text: blank lines separate paragraphs. */
export function paragraphs(text: string): string[] {
  return text.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
}

/** The GOV.UK error summary's shape, from field errors. */
export function summaryOf(errors: readonly FieldError[]): FormErrors {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors) byField[e.field] ??= { text: e.message };
  return { list: errors.map((e) => ({ text: e.message, href: `#${e.field}` })), byField };
}

export type QuestionFill = { state: FormState; errors: readonly FieldError[]; seen: Visibility } | 'slots';

/** A question page: with slots, every question (marked so hidden ones can be left out); else only those shown. */
export function questionPageContext(versionId: string, page: Page, pageNumber: number, values: QuestionPageValues, fill: QuestionFill) {
  const questions = fill === 'slots'
    ? page.questions.map((q) => questionView(q, 'slots'))
    : page.questions
        .filter((q) => !fill.seen.hidden.has(q.id))
        .map((q) => questionView(q, { state: fill.state, errors: Object.fromEntries(fill.errors.map((e) => [e.field, e.message])) }));
  return {
    ...values,
    title: page.title,
    intro: paragraphs(page.intro),
    pageNumber,
    versionId,
    questions,
    errors: fill === 'slots' || fill.errors.length === 0 ? undefined : summaryOf(fill.errors),
  };
}

/** One summary card per shown page, one row per shown question; `answer` gives a row's value. */
export function checkPageContext(
  versionId: string,
  definition: SurveyDefinition,
  seen: Visibility,
  values: CheckPageValues,
  answer: (q: Question) => string,
  errors?: { list: { text: string; href: string }[] },
) {
  // A linking code's answers are never stored, so there is nothing of them to check.
  const linking = new Set(definition.linkingCode?.questions ?? []);
  const cards = seen.pages.flatMap((pageNumber) => {
    const page = definition.pages[pageNumber - 1]!;
    const rows = page.questions.filter((q) => !seen.hidden.has(q.id) && !linking.has(q.id)).map((q) => ({ key: { text: q.text }, value: { text: answer(q) } }));
    return rows.length ? [{ title: page.title, changeHref: `/r/${values.key}/${pageNumber}`, rows }] : [];
  });
  return { ...values, title: 'Check your answers before sending them', versionId, cards, errors: errors?.list.length ? { ...errors, byField: {} } : undefined };
}

export function startPageContext(definition: Pick<SurveyDefinition, 'welcome' | 'privacyNotice'>, code: string, values: StartPageValues, options: { preview?: boolean; errors?: FormErrors } = {}) {
  return {
    ...values,
    title: 'Start',
    welcome: paragraphs(definition.welcome),
    privacyNotice: paragraphs(definition.privacyNotice),
    code,
    preview: options.preview ?? false,
    errors: options.errors,
  };
}

export function donePageContext(definition: Pick<SurveyDefinition, 'thankYou'>, values: DonePageValues) {
  return { ...values, title: 'Your answers have been sent', thankYou: paragraphs(definition.thankYou) };
}
