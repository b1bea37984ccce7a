import { z } from 'zod';

/**
 * The ways a respondent can answer an item, as written in an instrument file. Shapes only:
 * rules that compare fields (labels against points, codes against values) live in checks.ts
 * so every problem in a file is reported together, in words.
 */

const label = z.string().trim().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer');

/** An answer that is recorded but scores as missing, such as "not relevant to my role". */
export const missingOptionSchema = z.strictObject({
  value: z.number().int('must be a whole number'),
  label,
  kind: z.enum(['not-relevant', 'dont-know']),
});

const missing = { missing: z.array(missingOptionSchema).max(5).default([]) };
const choiceOption = z.strictObject({ value: z.number().int('must be a whole number'), label });

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('likert'),
    points: z.number().int().min(2).max(11),
    start: z.number().int().default(1),
    labels: z.array(label).min(2).max(11),
    ...missing,
  }),
  z.strictObject({
    type: z.literal('agreement'),
    points: z.number().int().min(2).max(7),
    labels: z.array(label).optional(),
    ...missing,
  }),
  z.strictObject({ type: z.literal('true-false'), labels: z.tuple([label, label]).optional(), ...missing }),
  z.strictObject({ type: z.literal('yes-no'), labels: z.tuple([label, label]).optional(), ...missing }),
  z.strictObject({ type: z.literal('zero-to-ten'), lowLabel: label.optional(), highLabel: label.optional(), ...missing }),
  z.strictObject({
    type: z.literal('number'),
    min: z.number().finite(),
    max: z.number().finite(),
    integer: z.boolean().default(false),
    unit: label.optional(),
    ...missing,
  }),
  z.strictObject({ type: z.literal('single-choice'), options: z.array(choiceOption).min(2).max(100), ...missing }),
  z.strictObject({
    type: z.literal('multiple-choice'),
    options: z.array(choiceOption).min(2).max(100),
    maxChoices: z.number().int().min(1).optional(),
    ...missing,
  }),
  z.strictObject({ type: z.literal('free-text'), maxLength: z.number().int().min(1).max(10_000).default(2000), ...missing }),
  z.strictObject({
    type: z.literal('date'),
    earliest: z.iso.date('must be a date written yyyy-mm-dd').optional(),
    latest: z.iso.date('must be a date written yyyy-mm-dd').optional(),
    ...missing,
  }),
]);

export type ResponseFormat = z.output<typeof responseFormatSchema>;
export type ResponseFormatType = ResponseFormat['type'];
export type MissingOption = z.output<typeof missingOptionSchema>;
export interface AnswerOption {
  value: number;
  label: string;
}

/** Formats whose answers have an order, so an item can be reverse-keyed by mirroring its value. */
const ordinalTypes: ReadonlySet<ResponseFormatType> = new Set(['likert', 'agreement', 'true-false', 'yes-no', 'zero-to-ten']);

export const isOrdinal = (format: ResponseFormat): boolean => ordinalTypes.has(format.type);

/** Formats whose answers are numbers that a scale can add up or average. */
export const isScorable = (format: ResponseFormat): boolean => isOrdinal(format) || format.type === 'number';

/** Agreement wording we supply when a file gives only the number of points. */
const agreementLabels: Record<number, string[]> = {
  2: ['Disagree', 'Agree'],
  4: ['Strongly disagree', 'Disagree', 'Agree', 'Strongly agree'],
  5: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  6: ['Strongly disagree', 'Disagree', 'Slightly disagree', 'Slightly agree', 'Agree', 'Strongly agree'],
  7: ['Strongly disagree', 'Disagree', 'Slightly disagree', 'Neither agree nor disagree', 'Slightly agree', 'Agree', 'Strongly agree'],
};

export const defaultAgreementLabels = (points: number): string[] | undefined => agreementLabels[points];

const numbered = (labels: string[], start: number): AnswerOption[] => labels.map((text, i) => ({ value: start + i, label: text }));

/**
 * The answers offered, with the value each is stored and scored as; empty for formats without a
 * fixed list (number, free text, date). Missing options are not included: see `format.missing`.
 */
export function answerOptions(format: ResponseFormat): AnswerOption[] {
  switch (format.type) {
    case 'likert':
      return numbered(format.labels, format.start);
    case 'agreement':
      return numbered(format.labels ?? defaultAgreementLabels(format.points) ?? [], 1);
    case 'true-false': {
      const [yes, no] = format.labels ?? ['True', 'False'];
      return [{ value: 1, label: yes }, { value: 0, label: no }];
    }
    case 'yes-no': {
      const [yes, no] = format.labels ?? ['Yes', 'No'];
      return [{ value: 1, label: yes }, { value: 0, label: no }];
    }
    case 'zero-to-ten':
      return Array.from({ length: 11 }, (_, i) => ({
        value: i,
        label: i === 0 && format.lowLabel ? `0 – ${format.lowLabel}` : i === 10 && format.highLabel ? `10 – ${format.highLabel}` : String(i),
      }));
    case 'single-choice':
    case 'multiple-choice':
      return format.options;
    default:
      return [];
  }
}

/** The lowest and highest scorable value, used to mirror reverse-keyed answers (min + max − value). */
export function valueRange(format: ResponseFormat): { min: number; max: number } | undefined {
  if (format.type === 'number') return { min: format.min, max: format.max };
  if (!isOrdinal(format)) return undefined;
  const values = answerOptions(format).map((o) => o.value);
  if (!values.length) return undefined;
  return { min: Math.min(...values), max: Math.max(...values) };
}

const typeNames: Record<ResponseFormatType, string> = {
  likert: 'rating scale',
  agreement: 'agree/disagree',
  'true-false': 'true/false',
  'yes-no': 'yes/no',
  'zero-to-ten': '0 to 10 scale',
  number: 'number',
  'single-choice': 'choose one',
  'multiple-choice': 'choose any',
  'free-text': 'free text',
  date: 'date',
};

export const formatTypeName = (type: ResponseFormatType): string => typeNames[type];

/** A one-line description for pages and codebooks, e.g. "5-point agree/disagree (1 Strongly disagree … 5 Strongly agree)". */
export function describeFormat(format: ResponseFormat): string {
  const options = answerOptions(format);
  let text: string;
  if (format.type === 'likert' || format.type === 'agreement') {
    const first = options[0];
    const last = options.at(-1);
    text = `${format.points}-point ${typeNames[format.type]}` + (first && last ? ` (${first.value} ${first.label} … ${last.value} ${last.label})` : '');
  } else if (format.type === 'number') {
    text = `${format.integer ? 'whole number' : 'number'} from ${format.min} to ${format.max}${format.unit ? ` ${format.unit}` : ''}`;
  } else if (format.type === 'free-text') {
    text = `free text, up to ${format.maxLength.toLocaleString('en-GB')} characters`;
  } else if (format.type === 'single-choice' || format.type === 'multiple-choice') {
    text = `${typeNames[format.type]} from ${options.length} options`;
  } else if (format.type === 'date') {
    text = 'date' + (format.earliest ? ` from ${format.earliest}` : '') + (format.latest ? ` until ${format.latest}` : '');
  } else {
    text = `${typeNames[format.type]} (${options.map((o) => `${o.value} ${o.label}`).join(', ')})`;
  }
  if (format.missing.length) text += `; scored as missing: ${format.missing.map((m) => `${m.value} ${m.label}`).join(', ')}`;
  return text;
}
