import type { Condition, ConditionClause, Question } from '../definition.ts';
import { answerCodes, formatInWords, isNumeric } from './format-words.ts';

/**
 * The condition editor: "Show only when [earlier question] [is / is not / …] [value]", in rows
 * named question-0, op-0, value-0 and so on, joined by "all" or "any". It works without
 * JavaScript: "Add another rule" posts the form back with one more empty row.
 */

export const conditionOps: { value: ConditionClause['op']; text: string }[] = [
  { value: 'equals', text: 'is' },
  { value: 'not-equals', text: 'is not' },
  { value: 'one-of', text: 'is one of' },
  { value: 'answered', text: 'is answered' },
  { value: 'not-answered', text: 'is not answered' },
  { value: 'greater-than', text: 'is more than' },
  { value: 'less-than', text: 'is less than' },
];

const valueless = new Set<ConditionClause['op']>(['answered', 'not-answered']);
export const maxRows = 10;

type FormValues = Record<string, unknown>;
type Problem = { field: string; message: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** How many rows the form shows: what was posted (at least one), never more than maxRows. */
export function rowCount(values: FormValues): number {
  const posted = Number.parseInt(text(values.rows), 10);
  return Math.min(Math.max(Number.isFinite(posted) ? posted : 1, 1), maxRows);
}

export function conditionFormValues(condition: Condition | undefined): FormValues {
  const clauses = !condition ? [] : 'all' in condition ? condition.all : condition.any;
  const values: FormValues = { join: condition && 'any' in condition ? 'any' : 'all', rows: String(Math.max(clauses.length, 1)) };
  clauses.forEach((c, i) => {
    values[`question-${i}`] = c.question;
    values[`op-${i}`] = c.op;
    values[`value-${i}`] = c.value === undefined ? '' : [c.value].flat().join(', ');
  });
  return values;
}

/** A typed value as stored answers hold it: numbers for numeric formats, codes as text. */
function storedValue(question: Question, typed: string): string | number {
  const n = Number(typed);
  return isNumeric(question.format) && typed !== '' && Number.isFinite(n) ? n : typed;
}

function checkValue(question: Question, typed: string, field: string): Problem | undefined {
  const codes = answerCodes(question);
  if (codes.length && !codes.some((c) => c.code === typed)) {
    return { field, message: `${typed} is not an answer to ${question.id}: use one of ${codes.map((c) => c.code).join(', ')}` };
  }
  if (!codes.length && question.format.type === 'number' && !Number.isFinite(Number(typed))) {
    return { field, message: `${question.id} is answered with a number: enter a number` };
  }
  return undefined;
}

function clauseFromRow(values: FormValues, i: number, earlier: Map<string, Question>, problems: Problem[]): ConditionClause | undefined {
  const questionId = text(values[`question-${i}`]);
  const op = text(values[`op-${i}`]) as ConditionClause['op'];
  const typed = text(values[`value-${i}`]);
  if (!questionId) {
    if (typed) problems.push({ field: `question-${i}`, message: `Rule ${i + 1}: choose a question` });
    return undefined;
  }
  const question = earlier.get(questionId);
  if (!question) {
    problems.push({ field: `question-${i}`, message: `Rule ${i + 1}: choose a question from an earlier page` });
    return undefined;
  }
  if (!conditionOps.some((o) => o.value === op)) {
    problems.push({ field: `op-${i}`, message: `Rule ${i + 1}: choose how the answer is compared` });
    return undefined;
  }
  if (valueless.has(op)) return { question: questionId, op };
  const field = `value-${i}`;
  if (!typed) {
    problems.push({ field, message: `Rule ${i + 1}: enter the answer to compare with` });
    return undefined;
  }
  if ((op === 'greater-than' || op === 'less-than') && (!isNumeric(question.format) || !Number.isFinite(Number(typed)))) {
    problems.push({ field, message: `Rule ${i + 1}: "more than" and "less than" compare numbers; ${isNumeric(question.format) ? 'enter a number' : `${questionId} is not answered with a number`}` });
    return undefined;
  }
  const parts = op === 'one-of' ? typed.split(/[,\n]/).map((p) => p.trim()).filter(Boolean) : [typed];
  const wrong = parts.map((p) => checkValue(question, p, field)).find(Boolean);
  if (wrong) {
    problems.push({ ...wrong, message: `Rule ${i + 1}: ${wrong.message}` });
    return undefined;
  }
  const stored = parts.map((p) => storedValue(question, p));
  return { question: questionId, op, value: op === 'one-of' ? stored : stored[0] };
}

/**
 * The condition the form describes (undefined when every row is empty: shown to everyone), or
 * the problems, each naming its rule.
 */
export function conditionFromForm(values: FormValues, earlierQuestions: Question[]): { condition: Condition | undefined } | { problems: Problem[] } {
  const earlier = new Map(earlierQuestions.map((q) => [q.id, q]));
  const problems: Problem[] = [];
  const clauses: ConditionClause[] = [];
  for (let i = 0; i < rowCount(values); i++) {
    const clause = clauseFromRow(values, i, earlier, problems);
    if (clause) clauses.push(clause);
  }
  if (problems.length) return { problems };
  if (!clauses.length) return { condition: undefined };
  return { condition: text(values.join) === 'any' ? { any: clauses } : { all: clauses } };
}

const shortText = (value: string, length = 70) => (value.length > length ? `${value.slice(0, length - 1)}…` : value);

/** What the editor shows: one row per rule with its choices, and the answer codes to compare with. */
export function conditionEditor(earlier: Question[], values: FormValues) {
  const rows = rowCount(values);
  return {
    rows: Array.from({ length: rows }, (_, i) => ({
      index: i,
      questionItems: [
        { value: '', text: 'Choose a question' },
        ...earlier.map((q) => ({ value: q.id, text: `${q.id}: ${shortText(q.text || '(needs wording)')}`, selected: values[`question-${i}`] === q.id })),
      ],
      opItems: conditionOps.map((o) => ({ ...o, selected: values[`op-${i}`] === o.value })),
      value: text(values[`value-${i}`]),
    })),
    rowCount: rows,
    canAddRow: rows < maxRows,
    join: text(values.join) === 'any' ? 'any' : 'all',
    answers: earlier.map((q) => ({ id: q.id, text: q.text, formatWords: formatInWords(q.format), codes: answerCodes(q) })),
  };
}
