import type { Question, ResponseFormat } from '../definition.ts';

/** Answer formats and answer codes in words, for the survey overview and the condition editor. */

const booleanWords: Record<string, [string, string]> = {
  'yes-no': ['Yes', 'No'],
  'true-false': ['True', 'False'],
  'agree-disagree': ['Agree', 'Disagree'],
};

function missingWords(format: ResponseFormat): string {
  if (!('missing' in format) || !format.missing.length) return '';
  return `, or ${format.missing.map((m) => `"${m.label}"`).join(' or ')}`;
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

export function formatInWords(format: ResponseFormat): string {
  switch (format.type) {
    case 'likert':
      return `${format.points}-point scale, ${format.labels[0] ?? ''} to ${format.labels.at(-1) ?? ''}${missingWords(format)}`;
    case 'single':
      return `One of ${format.options.length} options${missingWords(format)}`;
    case 'multiple':
      return `Any of ${format.options.length} options`;
    case 'boolean':
      return `${(booleanWords[format.style] ?? ['Yes', 'No']).join(' or ')}${missingWords(format)}`;
    case 'scale': {
      const ends = format.lowLabel || format.highLabel ? ` (${format.lowLabel || format.min} to ${format.highLabel || format.max})` : '';
      return `Scale from ${format.min} to ${format.max}${ends}${missingWords(format)}`;
    }
    case 'number':
      return `${format.integer ? 'Whole number' : 'Number'}${range(format.min, format.max)}`;
    case 'text':
      return `${format.multiline ? 'Long' : 'Short'} text, up to ${format.maxLength.toLocaleString('en-GB')} characters`;
    case 'date':
      return 'Date';
  }
}

export interface AnswerCode {
  code: string;
  label: string;
}

/** The values a condition can compare an answer with; empty when any value will do (numbers, text, dates). */
export function answerCodes(question: Question): AnswerCode[] {
  const f = question.format;
  const missing = 'missing' in f ? f.missing.map((m) => ({ code: m.code, label: m.label })) : [];
  switch (f.type) {
    case 'likert':
      return [...f.labels.map((label, i) => ({ code: String(i + 1), label })), ...missing];
    case 'single':
    case 'multiple':
      return [...f.options.map((o) => ({ code: o.code, label: o.label })), ...missing];
    case 'boolean': {
      const [yes, no] = booleanWords[f.style] ?? ['Yes', 'No'];
      return [{ code: '1', label: yes }, { code: '0', label: no }, ...missing];
    }
    case 'scale': {
      const codes: AnswerCode[] = [];
      for (let v = f.min; v <= f.max; v++) {
        codes.push({ code: String(v), label: v === f.min && f.lowLabel ? f.lowLabel : v === f.max && f.highLabel ? f.highLabel : String(v) });
      }
      return [...codes, ...missing];
    }
    default:
      return [];
  }
}

/** Formats whose answers are stored as numbers, so "more than" and "less than" mean something. */
export function isNumeric(format: ResponseFormat): boolean {
  return format.type === 'likert' || format.type === 'boolean' || format.type === 'scale' || format.type === 'number';
}
