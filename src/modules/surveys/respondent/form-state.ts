import type { Answers } from '../conditions.ts';
import type { Question } from '../definition.ts';
import { chosenCodes, dateParts, isChoiceFormat } from './answer-formats.ts';

/**
 * What a page's fields show: the options ticked and the text in each box. It comes from stored
 * answers when a page is opened, or from the posted form when a page is shown again with errors
 * (so the respondent's input is kept exactly as typed).
 */
export interface FormState {
  /** Option codes ticked, by question id. */
  chosen: Record<string, readonly string[]>;
  /** Text in each box, by field name: the question id, or `id-day`, `id-month`, `id-year` for dates. */
  typed: Record<string, string>;
}

export const emptyFormState: FormState = { chosen: {}, typed: {} };

export const dateFieldNames = (id: string) => ({ day: `${id}-day`, month: `${id}-month`, year: `${id}-year` });

export function formStateFromAnswers(questions: readonly Question[], answers: Answers): FormState {
  const state: FormState = { chosen: {}, typed: {} };
  for (const q of questions) {
    const value = answers[q.id];
    if (value === undefined) continue;
    if (isChoiceFormat(q.format)) {
      state.chosen[q.id] = chosenCodes(value);
    } else if (q.format.type === 'date') {
      const parts = dateParts(String(value));
      const names = dateFieldNames(q.id);
      state.typed[names.day] = parts.day;
      state.typed[names.month] = parts.month;
      state.typed[names.year] = parts.year;
    } else {
      state.typed[q.id] = String(value);
    }
  }
  return state;
}

/** A posted field as a list of strings (a repeated field arrives as an array). */
export function postedList(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** A posted field as one string; a repeated field keeps its first value. */
export function postedText(body: Record<string, unknown>, name: string): string {
  return postedList(body, name)[0] ?? '';
}

export function formStateFromBody(questions: readonly Question[], body: Record<string, unknown>): FormState {
  const state: FormState = { chosen: {}, typed: {} };
  for (const q of questions) {
    if (isChoiceFormat(q.format)) {
      state.chosen[q.id] = postedList(body, q.id);
    } else if (q.format.type === 'date') {
      for (const name of Object.values(dateFieldNames(q.id))) state.typed[name] = postedText(body, name);
    } else {
      state.typed[q.id] = postedText(body, q.id);
    }
  }
  return state;
}
