import type { Question } from '../definition.ts';
import { isChoiceFormat, missingChoices, offeredChoices, type ChoiceFormat } from './answer-formats.ts';
import { dateFieldNames, type FormState } from './form-state.ts';
import { slotMark } from './page-template.ts';

/**
 * The parameters each question passes to its GOV.UK macro. The same builder serves both ways a
 * page is made: with a respondent's own state (rendered directly, as for a page with errors), or
 * with slot marks in place of every ticked box and typed value (rendered once per survey version and
 * completed per request by page-template.ts). Both must give the same bytes, so nothing that varies
 * per respondent may be decided here except through `fill`.
 */

export type QuestionKind = 'radios' | 'checkboxes' | 'input' | 'textarea' | 'date';

export interface QuestionView {
  id: string;
  kind: QuestionKind;
  params: Record<string, unknown>;
  /** Marks around the question's markup, so a compiled page can leave out a question not shown. */
  start: string;
  end: string;
}

/** How a view is filled: from a respondent's state, or with slot marks for compiling. */
export type Fill = { state: FormState; errors: Record<string, string> } | 'slots';

const legend = (q: Question) => ({ legend: { text: q.text, classes: 'govuk-fieldset__legend--s' } });
const hint = (text: string) => (text ? { text } : undefined);

function errorFor(fill: Fill, field: string) {
  if (fill === 'slots') return undefined;
  const text = fill.errors[field];
  return text ? { text } : undefined;
}

/*
 * Typed text: a slot mark when compiling, else the respondent's text. An empty box gets an empty
 * value rather than none: GOV.UK lays out an input's attributes with different whitespace when the
 * value is missing, and one compiled page must serve both.
 */
function typedValue(fill: Fill, field: string): string {
  if (fill === 'slots') return slotMark(`t:${field}`);
  return fill.state.typed[field] ?? '';
}

/*
 * A ticked option: when compiling, every box is left unticked and given a slot mark as its only
 * extra attribute. GOV.UK writes ` checked` and then the item's attributes, with nothing between
 * them as long as items have no hint, conditional content or disabled state (these questions have
 * none), so the mark sits exactly where ` checked` goes.
 */
function choiceItems(q: Question, format: ChoiceFormat, fill: Fill) {
  const ticked = fill === 'slots' ? [] : (fill.state.chosen[q.id] ?? []);
  const item = (code: string, label: string, first: boolean) => ({
    // The first option takes the question's id, so the error summary's link lands on it.
    id: first ? q.id : `${q.id}-${code}`,
    value: code,
    text: label,
    checked: ticked.includes(code),
    attributes: fill === 'slots' ? slotMark(`c:${q.id}:${code}`) : undefined,
  });
  const items: Record<string, unknown>[] = offeredChoices(format).map((c, i) => item(c.code, c.label, i === 0));
  const missing = missingChoices(format);
  if (missing.length) items.push({ divider: 'or' }, ...missing.map((c) => item(c.code, c.label, false)));
  return items;
}

function radiosClasses(format: ChoiceFormat): string | undefined {
  if (format.type === 'boolean') return 'govuk-radios--inline';
  if (format.type === 'likert' || format.type === 'scale') return 'govuk-radios--small';
  return undefined;
}

function choiceView(q: Question, format: ChoiceFormat, fill: Fill): Pick<QuestionView, 'kind' | 'params'> {
  const common = { name: q.id, idPrefix: q.id, fieldset: legend(q), errorMessage: errorFor(fill, q.id), items: choiceItems(q, format, fill) };
  if (format.type === 'multiple') {
    return { kind: 'checkboxes', params: { ...common, hint: hint(['Select all that apply.', q.hint].filter(Boolean).join(' ')) } };
  }
  return { kind: 'radios', params: { ...common, hint: hint(q.hint), classes: radiosClasses(format) } };
}

function textView(q: Question, fill: Fill): Pick<QuestionView, 'kind' | 'params'> {
  const format = q.format;
  if (format.type === 'text' && format.multiline) {
    return {
      kind: 'textarea',
      params: { id: q.id, name: q.id, maxlength: format.maxLength, label: { text: q.text, classes: 'govuk-label--s' }, hint: hint(q.hint), errorMessage: errorFor(fill, q.id), value: typedValue(fill, q.id) },
    };
  }
  const number = format.type === 'number' ? format : undefined;
  return {
    kind: 'input',
    params: {
      id: q.id,
      name: q.id,
      label: { text: q.text, classes: 'govuk-label--s' },
      hint: hint(q.hint),
      errorMessage: errorFor(fill, q.id),
      value: typedValue(fill, q.id),
      classes: number ? 'govuk-input--width-10' : undefined,
      // Whole numbers get the digits keyboard; other numbers need the decimal point too.
      inputmode: number ? (number.integer ? 'numeric' : 'decimal') : undefined,
      spellcheck: number ? false : undefined,
      suffix: number?.suffix ? { text: number.suffix } : undefined,
    },
  };
}

function dateView(q: Question, fill: Fill): Pick<QuestionView, 'kind' | 'params'> {
  const names = dateFieldNames(q.id);
  const error = errorFor(fill, names.day);
  const item = (name: 'day' | 'month' | 'year', width: number) => ({ name, classes: `govuk-input--width-${width}`, value: typedValue(fill, names[name]) });
  return {
    kind: 'date',
    params: {
      id: q.id,
      namePrefix: q.id,
      fieldset: legend(q),
      hint: { text: q.hint || 'For example, 27 3 2024' },
      errorMessage: error,
      items: [item('day', 2), item('month', 2), item('year', 4)],
    },
  };
}

export function questionView(q: Question, fill: Fill): QuestionView {
  const format = q.format;
  const view = isChoiceFormat(format) ? choiceView(q, format, fill) : format.type === 'date' ? dateView(q, fill) : textView(q, fill);
  const marks = fill === 'slots' ? { start: slotMark(`q:${q.id}`), end: slotMark('/q') } : { start: '', end: '' };
  return { id: q.id, ...view, ...marks };
}
