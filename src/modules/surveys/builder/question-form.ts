import { z } from 'zod';
import { responseFormat, variableName, type MissingCode, type Question, type ResponseFormat } from '../definition.ts';

/**
 * The "add a question" form: the answer formats offered as radios, the fields each needs, and the
 * translation both ways between the form and a question. A question whose format the radios cannot
 * express exactly (an instrument's own labels, an imported question) keeps it as "current".
 */

export const formatChoices = [
  'likert5', 'likert7', 'single', 'multiple', 'yes-no', 'true-false', 'agree-disagree', 'scale', 'number', 'short-text', 'long-text', 'date',
] as const;
export type FormatChoice = (typeof formatChoices)[number] | 'current';

export const likertLabels: Record<5 | 7, string[]> = {
  5: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  7: ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'],
};

export const missingLabels: Record<MissingCode, string> = { NR: 'Not relevant', DK: "Don't know" };

/** Formats that can offer "not relevant" and "don't know". */
const withMissing = new Set<ResponseFormat['type']>(['likert', 'single', 'boolean', 'scale']);
const shortTextLength = 200;

type FormValues = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
/** A checkbox group posts nothing, one string, or a list of strings. */
export const checked = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);

const optionLine = /^([A-Za-z0-9_]{1,20})\s*:\s*(.+)$/;

/** Options typed one per line, either all as "code: label" or all as labels (coded 1 to n). */
export function parseOptions(typed: string): { options: { code: string; label: string }[] } | { problem: string } {
  const lines = typed.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const coded = lines.map((l) => optionLine.exec(l));
  if (coded.every(Boolean)) return { options: coded.map((m) => ({ code: m![1]!, label: m![2]!.trim() })) };
  if (coded.some(Boolean) && coded.some((m) => !m)) {
    return { problem: 'Write every option as "code: label", or write none of them that way and codes 1, 2, 3 … are given in order' };
  }
  return { options: lines.map((label, i) => ({ code: String(i + 1), label })) };
}

export function optionsText(options: { code: string; label: string }[]): string {
  const numbered = options.every((o, i) => o.code === String(i + 1));
  return options.map((o) => (numbered ? o.label : `${o.code}: ${o.label}`)).join('\n');
}

type Built = { format: ResponseFormat } | { problems: { field: string; message: string }[] };

function numberField(values: FormValues, field: string, label: string, problems: { field: string; message: string }[]): number | undefined {
  const typed = text(values[field]);
  if (!typed) return undefined;
  const n = Number(typed);
  if (!Number.isFinite(n)) problems.push({ field, message: `${label} must be a number` });
  return n;
}

function missingFrom(values: FormValues, current: Question | undefined) {
  const kept = current && 'missing' in current.format ? current.format.missing : [];
  return checked(values.missing)
    .filter((code): code is MissingCode => code === 'NR' || code === 'DK')
    .map((code) => ({ code, label: kept.find((m) => m.code === code)?.label ?? missingLabels[code] }));
}

function choiceFormat(values: FormValues, type: 'single' | 'multiple', missing: ReturnType<typeof missingFrom>): Built {
  // Each format's options have their own box, as both boxes show when JavaScript is off.
  const field = type === 'single' ? 'options' : 'multipleOptions';
  const parsed = parseOptions(text(values[field]));
  if ('problem' in parsed) return { problems: [{ field, message: parsed.problem }] };
  if (parsed.options.length < (type === 'single' ? 2 : 1)) return { problems: [{ field, message: type === 'single' ? 'Enter at least two options, one per line' : 'Enter at least one option' }] };
  return { format: type === 'single' ? { type, options: parsed.options, missing } : { type, options: parsed.options } };
}

/** The answer format the form describes, or the problems with the fields it needs. */
export function formatFromForm(values: FormValues, current?: Question): Built {
  const choice = text(values.format);
  const missing = missingFrom(values, current);
  const problems: { field: string; message: string }[] = [];
  switch (choice) {
    case 'current':
      if (!current) return { problems: [{ field: 'format', message: 'Choose how people answer' }] };
      return { format: 'missing' in current.format && withMissing.has(current.format.type) ? { ...current.format, missing } as ResponseFormat : current.format };
    case 'likert5':
    case 'likert7': {
      const points = choice === 'likert5' ? 5 : 7;
      return { format: { type: 'likert', points, labels: likertLabels[points], missing } };
    }
    case 'single':
    case 'multiple':
      return choiceFormat(values, choice, missing);
    case 'yes-no':
    case 'true-false':
    case 'agree-disagree':
      return { format: { type: 'boolean', style: choice, missing } };
    case 'scale':
      return { format: { type: 'scale', min: 0, max: 10, lowLabel: text(values.lowLabel), highLabel: text(values.highLabel), missing } };
    case 'number': {
      const min = numberField(values, 'numberMin', 'The smallest number', problems);
      const max = numberField(values, 'numberMax', 'The largest number', problems);
      if (min !== undefined && max !== undefined && max < min) problems.push({ field: 'numberMax', message: 'The largest number must not be below the smallest' });
      if (problems.length) return { problems };
      return { format: { type: 'number', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), integer: checked(values.wholeNumbers).includes('yes'), suffix: '' } };
    }
    case 'short-text':
      return { format: { type: 'text', maxLength: shortTextLength, multiline: false } };
    case 'long-text': {
      const maxLength = numberField(values, 'maxLength', 'The longest answer', problems) ?? 2000;
      if (!problems.length && (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 20_000)) {
        problems.push({ field: 'maxLength', message: 'The longest answer must be a whole number of characters from 1 to 20,000' });
      }
      if (problems.length) return { problems };
      return { format: { type: 'text', maxLength, multiline: true } };
    }
    case 'date':
      return { format: { type: 'date' } };
    default:
      return { problems: [{ field: 'format', message: 'Choose how people answer' }] };
  }
}

const questionFields = z.object({
  id: z.string().min(1, 'Enter a question id, like q1').pipe(variableName),
  text: z.string().trim().max(2000, 'The question must be 2,000 characters or fewer'),
  hint: z.string().trim().max(1000, 'The hint must be 1,000 characters or fewer').default(''),
});

/**
 * The question the form describes, or every problem found. A question from an instrument may be
 * saved without wording (it arrives when the licensed wording is loaded); a custom one may not.
 */
export function questionFromForm(values: FormValues, current?: Question): { question: Question } | { problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const fields = questionFields.safeParse({ id: text(values.id), text: text(values.text), hint: text(values.hint) });
  if (!fields.success) for (const issue of fields.error.issues) problems.push({ field: String(issue.path[0] ?? 'id'), message: issue.message });
  if (fields.success && !fields.data.text && !current?.source) problems.push({ field: 'text', message: 'Enter the question' });
  const built = formatFromForm(values, current);
  if ('problems' in built) problems.push(...built.problems);
  if (problems.length || !fields.success || 'problems' in built) return { problems };
  const question: Question = {
    id: fields.data.id,
    text: fields.data.text,
    hint: fields.data.hint,
    format: built.format,
    required: checked(values.required).includes('yes'),
    ...(current?.source ? { source: current.source } : {}),
  };
  return { question };
}

/** A stable text of a format, to tell whether the radios can express it exactly. */
function fingerprint(format: ResponseFormat): string {
  return JSON.stringify(responseFormat.parse(format), (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );
}

function choiceFor(format: ResponseFormat): FormatChoice {
  switch (format.type) {
    case 'likert':
      return format.points === 7 ? 'likert7' : 'likert5';
    case 'boolean':
      return format.style;
    case 'text':
      return format.multiline ? 'long-text' : 'short-text';
    default:
      return format.type;
  }
}

/** The form's fields for an existing question, choosing "current" when no radio fits exactly. */
export function formValuesFor(question: Question): FormValues {
  const f = question.format;
  const values: FormValues = {
    id: question.id,
    text: question.text,
    hint: question.hint,
    required: question.required ? ['yes'] : [],
    missing: 'missing' in f ? f.missing.map((m) => m.code) : [],
    options: f.type === 'single' ? optionsText(f.options) : '',
    multipleOptions: f.type === 'multiple' ? optionsText(f.options) : '',
    lowLabel: f.type === 'scale' ? f.lowLabel : '',
    highLabel: f.type === 'scale' ? f.highLabel : '',
    numberMin: f.type === 'number' && f.min !== undefined ? String(f.min) : '',
    numberMax: f.type === 'number' && f.max !== undefined ? String(f.max) : '',
    wholeNumbers: f.type === 'number' && f.integer ? ['yes'] : [],
    maxLength: f.type === 'text' ? String(f.maxLength) : '',
  };
  const choice = choiceFor(f);
  const rebuilt = formatFromForm({ ...values, format: choice }, question);
  values.format = 'format' in rebuilt && fingerprint(rebuilt.format) === fingerprint(f) ? choice : 'current';
  return values;
}
