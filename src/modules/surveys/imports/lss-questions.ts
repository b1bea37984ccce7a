import type { Question, ResponseFormat } from '../definition.ts';
import { numericAttribute, reportAttributes } from './lss-attributes.ts';
import type { LssAnswer, LssQuestion, LssSubquestion } from './lss-document.ts';
import { htmlToLabel, htmlToPlainText } from './plain-text.ts';
import type { ConditionTarget } from './relevance.ts';
import type { ReportList } from './report.ts';
import { uniqueOptionCodes, type VariableNames } from './variable-names.ts';

/**
 * One LimeSurvey question in Formative's terms: questions of the common types become one
 * question (lists, multiple choice, texts, numbers, dates, yes/no) or one per row (arrays,
 * multiple numeric); a text display becomes page introduction; every other type is reported.
 */

export type Target = Omit<ConditionTarget, 'page'>;

export interface ConvertedQuestion {
  question: Omit<Question, 'condition'>;
  /** The row's own relevance, for arrays whose rows have one. */
  rowRelevance?: string;
}

export type Conversion =
  | { kind: 'questions'; questions: ConvertedQuestion[]; targets: Map<string, Target | string> }
  | { kind: 'intro'; text: string }
  | { kind: 'skipped' };

const notImportedTypes: Record<string, string> = {
  '*': 'an equation (type *), worked out by LimeSurvey; Formative has no computed questions',
  '|': 'a file upload (type |); Formative does not collect files from respondents',
  R: 'a ranking (type R); Formative has no ranking questions',
  ':': 'an array of numbers (type :); Formative arrays hold one rating per row',
  ';': 'an array of texts (type ;); Formative arrays hold one rating per row',
  '1': 'a dual-scale array (type 1); Formative arrays hold one rating per row',
  O: 'a list with a comment box (type O); Formative has no comment box beside a list',
  H: 'an array by column (type H); Formative arrays hold one rating per row',
  E: 'an increase/same/decrease array (type E), not imported as a Likert scale',
  C: 'a yes/no/uncertain array (type C), not imported as a Likert scale',
  Q: 'multiple short texts (type Q); add one text question per box by hand',
  I: 'a language switch (type I); Formative surveys have one language',
};

const yesNoValues: Record<string, number> = { Y: 1, N: 0 };
const genderOptions = [{ code: 'F', label: 'Female' }, { code: 'M', label: 'Male' }];

interface Context {
  names: VariableNames;
  report: ReportList;
  used: Set<string>;
}

const base = (q: LssQuestion) => ({ text: htmlToPlainText(q.text), hint: htmlToPlainText(q.help), required: q.mandatory });

function literalMap(pairs: [string, string | number][]): (literal: string | number) => string | number | undefined {
  const map = new Map(pairs);
  return (literal) => map.get(String(literal));
}

const textTarget: Target = { questionId: '', valueOf: (literal) => String(literal), numeric: false, wholeNumbers: false };

function numberTarget(integer: boolean): Target {
  return { questionId: '', valueOf: (literal) => (Number.isFinite(Number(literal)) && String(literal).trim() !== '' ? Number(literal) : undefined), numeric: true, wholeNumbers: integer };
}

/** Our id for a LimeSurvey name, reporting a change (a character we do not allow, or a name already taken). */
function claim(ctx: Context, name: string): string {
  const id = ctx.names.claim(name);
  if (id !== name) ctx.report.add('question code', name, `The code is not allowed in Formative or already taken, and was imported as ${id}`);
  return id;
}

function one(ctx: Context, q: LssQuestion, format: ResponseFormat, target: Omit<Target, 'questionId'>): Conversion {
  const id = claim(ctx, q.title);
  return { kind: 'questions', questions: [{ question: { id, ...base(q), format } }], targets: new Map([[q.title, { ...target, questionId: id }]]) };
}

function choiceOptions(ctx: Context, q: LssQuestion, items: { code: string; text: string }[]): { code: string; label: string }[] {
  const codes = uniqueOptionCodes(items.map((i) => i.code));
  items.forEach((item, i) => {
    if (codes[i] !== item.code) ctx.report.add('option', `${q.title}.${item.code}`, `The option code "${item.code}" is not allowed in Formative and was imported as ${codes[i]}`);
  });
  return items.map((item, i) => ({ code: codes[i]!, label: htmlToLabel(item.text) || item.code }));
}

function reportOther(ctx: Context, q: LssQuestion): void {
  if (q.other) ctx.report.add('option', `${q.title}.other`, 'The "Other" option with its own text box is not imported: Formative offers only the listed options');
}

function list(ctx: Context, q: LssQuestion): Conversion {
  reportOther(ctx, q);
  const answers = q.answers.filter((a) => a.scale === 0);
  if (answers.length < 2) return skip(ctx, q, `a list with ${answers.length} answer option${answers.length === 1 ? '' : 's'}; a single-choice question needs at least two`);
  const options = choiceOptions(ctx, q, answers);
  return one(ctx, q, { type: 'single', options, missing: [] }, {
    valueOf: literalMap(answers.map((a, i) => [a.code, options[i]!.code])),
    numeric: false,
    wholeNumbers: false,
  });
}

function multiple(ctx: Context, q: LssQuestion): Conversion {
  reportOther(ctx, q);
  if (q.type === 'P') ctx.report.add('comment', q.title, 'The comment box beside each option is not imported: Formative multiple-choice questions have no comments');
  const rows = q.subquestions.filter((s) => s.scale === 0);
  if (!rows.length) return skip(ctx, q, 'a multiple-choice question without options');
  const options = choiceOptions(ctx, q, rows);
  const minChoices = numericAttribute(q, 'min_answers');
  const maxChoices = numericAttribute(q, 'max_answers');
  if (minChoices !== undefined) ctx.used.add('min_answers');
  if (maxChoices !== undefined && maxChoices >= 1) ctx.used.add('max_answers');
  const format: ResponseFormat = {
    type: 'multiple',
    options,
    ...(minChoices !== undefined && minChoices > 0 ? { minChoices } : {}),
    ...(maxChoices !== undefined && maxChoices >= 1 ? { maxChoices } : {}),
  };
  const id = claim(ctx, q.title);
  const targets = new Map<string, Target | string>([[q.title, `${q.title} is a multiple-choice question: a condition must name one of its options, like ${q.title}_${rows[0]!.code}`]]);
  rows.forEach((row, i) => targets.set(`${q.title}_${row.code}`, { ...textTarget, questionId: id, option: { code: options[i]!.code, chosen: 'Y', notChosen: 'N' } }));
  return { kind: 'questions', questions: [{ question: { id, ...base(q), format } }], targets };
}

/** Likert points in order: by assessment value when each option has its own, else by sort order. */
function likertPoints(answers: LssAnswer[]): LssAnswer[] {
  const distinct = new Set(answers.map((a) => a.assessment)).size === answers.length;
  return distinct ? [...answers].sort((a, b) => a.assessment - b.assessment) : answers;
}

/** One question per array row, named <question code>_<row code> as LimeSurvey names the row's answer. */
function perRow(ctx: Context, q: LssQuestion, format: ResponseFormat, target: Omit<Target, 'questionId'>): Conversion {
  const rows = q.subquestions.filter((s) => s.scale === 0);
  if (!rows.length) return skip(ctx, q, 'an array without rows');
  const stem = htmlToPlainText(q.text);
  const hint = htmlToPlainText(q.help);
  const targets = new Map<string, Target | string>([[q.title, `${q.title} is an array: a condition must name one of its rows, like ${q.title}_${rows[0]!.code}`]]);
  const questions = rows.map((row: LssSubquestion) => {
    const id = claim(ctx, `${q.title}_${row.code}`);
    targets.set(`${q.title}_${row.code}`, { ...target, questionId: id });
    const question = { id, text: htmlToPlainText(row.text) || stem, hint, required: q.mandatory, format };
    return { question, ...(row.relevance.trim() ? { rowRelevance: row.relevance } : {}) };
  });
  return { kind: 'questions', questions, targets };
}

function array(ctx: Context, q: LssQuestion): Conversion {
  const answers = likertPoints(q.answers.filter((a) => a.scale === 0));
  if (answers.length < 2 || answers.length > 11) return skip(ctx, q, `an array with ${answers.length} answer options; a Formative Likert scale has 2 to 11 points`);
  const labels = answers.map((a) => htmlToLabel(a.text) || a.code);
  const points = answers.map((a, i) => [a.code, i + 1] as [string, number]);
  const numeric = points.every(([code, point]) => Number(code) === point);
  return perRow(ctx, q, { type: 'likert', points: answers.length, labels, missing: [] }, { valueOf: literalMap(points), numeric, wholeNumbers: numeric });
}

function pointScale(points: number): { format: ResponseFormat; target: Omit<Target, 'questionId'> } {
  const labels = Array.from({ length: points }, (_, i) => String(i + 1));
  return { format: { type: 'likert', points, labels, missing: [] }, target: { valueOf: literalMap(labels.map((l, i) => [l, i + 1])), numeric: true, wholeNumbers: true } };
}

function numberFormat(ctx: Context, q: LssQuestion): ResponseFormat {
  const min = numericAttribute(q, 'min_num_value_n');
  const max = numericAttribute(q, 'max_num_value_n');
  for (const [name, value] of [['min_num_value_n', min], ['max_num_value_n', max]] as const) {
    if (value !== undefined) ctx.used.add(name);
  }
  const integer = q.attributes.get('num_value_int_only') === '1';
  ctx.used.add('num_value_int_only');
  const suffix = htmlToLabel(q.attributes.get('suffix') ?? '');
  if (suffix && !suffix.includes('{')) ctx.used.add('suffix');
  return {
    type: 'number',
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined && (min === undefined || max >= min) ? { max } : {}),
    integer,
    suffix: ctx.used.has('suffix') ? suffix : '',
  };
}

function text(ctx: Context, q: LssQuestion): Conversion {
  const limit = numericAttribute(q, 'maximum_chars');
  if (limit !== undefined && limit >= 1) ctx.used.add('maximum_chars');
  const maxLength = Math.min(20_000, limit !== undefined && limit >= 1 ? Math.floor(limit) : q.type === 'U' ? 20_000 : 2000);
  return one(ctx, q, { type: 'text', maxLength, multiline: q.type !== 'S' }, textTarget);
}

function date(ctx: Context, q: LssQuestion): Conversion {
  const isoDate = (name: string) => {
    const value = q.attributes.get(name)?.trim() ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    ctx.used.add(name);
    return value;
  };
  const min = isoDate('date_min');
  const max = isoDate('date_max');
  return one(ctx, q, { type: 'date', ...(min ? { min } : {}), ...(max ? { max } : {}) }, textTarget);
}

function skip(ctx: Context, q: LssQuestion, what: string): Conversion {
  ctx.report.add('question', q.title, `${what.charAt(0).toUpperCase()}${what.slice(1)}`);
  return { kind: 'skipped' };
}

function convertByType(ctx: Context, q: LssQuestion): Conversion {
  switch (q.type) {
    case 'L':
    case '!':
      return list(ctx, q);
    case 'M':
    case 'P':
      return multiple(ctx, q);
    case 'F':
      return array(ctx, q);
    case 'A':
      return perRow(ctx, q, pointScale(5).format, pointScale(5).target);
    case 'B':
      return perRow(ctx, q, { type: 'scale', min: 1, max: 10, lowLabel: '', highLabel: '', missing: [] }, numberTarget(true));
    case '5':
      return one(ctx, q, pointScale(5).format, pointScale(5).target);
    case 'Y':
      return one(ctx, q, { type: 'boolean', style: 'yes-no', missing: [] }, { valueOf: literalMap(Object.entries(yesNoValues)), numeric: false, wholeNumbers: false });
    case 'G':
      return one(ctx, q, { type: 'single', options: genderOptions, missing: [] }, { valueOf: literalMap(genderOptions.map((o) => [o.code, o.code])), numeric: false, wholeNumbers: false });
    case 'S':
    case 'T':
    case 'U':
      return text(ctx, q);
    case 'N': {
      const format = numberFormat(ctx, q);
      return one(ctx, q, format, numberTarget(format.type === 'number' && format.integer));
    }
    case 'K': {
      const format = numberFormat(ctx, q);
      return perRow(ctx, q, format, numberTarget(format.type === 'number' && format.integer));
    }
    case 'D':
      return date(ctx, q);
    case 'X':
      return { kind: 'intro', text: htmlToPlainText(q.text) };
    default:
      return skip(ctx, q, notImportedTypes[q.type] ?? `a question of type ${q.type}, which Formative does not know`);
  }
}

/** Converts one question, reporting whatever of it is left out. */
export function convertQuestion(q: LssQuestion, names: VariableNames, report: ReportList): Conversion {
  const ctx: Context = { names, report, used: new Set() };
  if (q.attributes.get('hidden') === '1') return skip(ctx, q, `hidden from respondents (type ${q.type}), so filled in by LimeSurvey itself; Formative has no hidden questions`);
  const conversion = convertByType(ctx, q);
  if (conversion.kind === 'questions') {
    if (q.softMandatory) report.add('attribute', `${q.title}.mandatory`, 'Soft mandatory (a reminder the respondent may pass) is not imported: the question is optional');
    reportAttributes(q, ctx.used, report);
    if (q.validation.trim()) report.add('attribute', `${q.title}.preg`, `a regular expression the answer must match; Formative has no equivalent (value "${q.validation}")`);
  }
  return conversion;
}
