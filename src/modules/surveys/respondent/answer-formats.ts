import type { AnswerValue, Answers } from '../conditions.ts';
import type { Question, ResponseFormat } from '../definition.ts';

/**
 * How each response format appears as form fields and comes back as a stored answer. Choice
 * formats (Likert, single, boolean, scale, multiple) are offered as option codes; Likert and scale
 * answers are stored as numbers, booleans as 1 and 0, "not relevant" and "don't know" as NR and DK.
 */

export interface Choice {
  code: string;
  label: string;
}

const booleanLabels: Record<Extract<ResponseFormat, { type: 'boolean' }>['style'], [string, string]> = {
  'yes-no': ['Yes', 'No'],
  'true-false': ['True', 'False'],
  'agree-disagree': ['Agree', 'Disagree'],
};

export type ChoiceFormat = Extract<ResponseFormat, { type: 'likert' | 'single' | 'boolean' | 'scale' | 'multiple' }>;

export function isChoiceFormat(format: ResponseFormat): format is ChoiceFormat {
  return ['likert', 'single', 'boolean', 'scale', 'multiple'].includes(format.type);
}

/** The answers offered, in order, before the "or" divider. */
export function offeredChoices(format: ChoiceFormat): Choice[] {
  switch (format.type) {
    case 'likert':
      return format.labels.map((label, i) => ({ code: String(i + 1), label }));
    case 'single':
    case 'multiple':
      return format.options;
    case 'boolean': {
      const [yes, no] = booleanLabels[format.style];
      return [{ code: '1', label: yes }, { code: '0', label: no }];
    }
    case 'scale': {
      const choices: Choice[] = [];
      for (let n = format.min; n <= format.max; n++) {
        const end = n === format.min ? format.lowLabel : n === format.max ? format.highLabel : '';
        choices.push({ code: String(n), label: end ? `${n} – ${end}` : String(n) });
      }
      return choices;
    }
  }
}

/** "Not relevant" and "don't know", offered after the divider; multiple choice has none. */
export function missingChoices(format: ChoiceFormat): Choice[] {
  return format.type === 'multiple' ? [] : format.missing;
}

/** Formats whose offered answers are stored as numbers (missing codes stay strings). */
export function storesNumbers(format: ResponseFormat): boolean {
  return format.type === 'likert' || format.type === 'boolean' || format.type === 'scale';
}

/** The option codes a stored answer selects. */
export function chosenCodes(value: AnswerValue | undefined): string[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [String(value)];
}

/** A date answer's day, month and year as a respondent typed them (no leading zeros). */
export function dateParts(iso: string): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function formatDate(iso: string): string {
  const { day, month, year } = dateParts(iso);
  return `${day} ${monthNames[Number(month) - 1] ?? month} ${year}`;
}

function choiceLabel(format: ChoiceFormat, code: string): string {
  return [...offeredChoices(format), ...missingChoices(format)].find((c) => c.code === code)?.label ?? code;
}

/** An answer in words, for the check-your-answers page. */
export function describeAnswer(question: Question, answers: Answers): string {
  const value = answers[question.id];
  const format = question.format;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return 'Not answered';
  if (isChoiceFormat(format)) return chosenCodes(value).map((code) => choiceLabel(format, code)).join(', ');
  if (format.type === 'date') return formatDate(String(value));
  if (format.type === 'number' && format.suffix) return `${String(value)} ${format.suffix}`;
  return String(value);
}
