import type { Condition, ConditionClause } from './definition.ts';

/** A stored answer: a number, an option code, a missing code, a list of codes, text or a date. */
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;

function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function sameValue(a: AnswerValue, b: string | number): boolean {
  return Array.isArray(a) ? a.includes(String(b)) : String(a) === String(b);
}

function holds(clause: ConditionClause, answers: Answers): boolean {
  const value = answers[clause.question];
  switch (clause.op) {
    case 'answered':
      return isAnswered(value);
    case 'not-answered':
      return !isAnswered(value);
    case 'equals':
      return value !== undefined && sameValue(value, clause.value as string | number);
    case 'not-equals':
      return value === undefined || !sameValue(value, clause.value as string | number);
    case 'one-of':
      return value !== undefined && [clause.value ?? []].flat().some((v) => sameValue(value, v));
    case 'greater-than':
    case 'less-than': {
      const n = typeof value === 'number' ? value : Number.NaN;
      const limit = Number(clause.value);
      return clause.op === 'greater-than' ? n > limit : n < limit;
    }
  }
}

/** Whether a page or question with this condition is shown, given the answers so far. */
export function isShown(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  return 'all' in condition ? condition.all.every((c) => holds(c, answers)) : condition.any.some((c) => holds(c, answers));
}

/** A condition in words, for the builder and the codebook. */
export function describeCondition(condition: Condition | undefined): string {
  if (!condition) return '';
  const words: Record<ConditionClause['op'], string> = {
    equals: 'is',
    'not-equals': 'is not',
    'one-of': 'is one of',
    answered: 'is answered',
    'not-answered': 'is not answered',
    'greater-than': 'is more than',
    'less-than': 'is less than',
  };
  const clauses = 'all' in condition ? condition.all : condition.any;
  const text = clauses.map((c) => `${c.question} ${words[c.op]}${c.value === undefined ? '' : ` ${[c.value].flat().join(', ')}`}`);
  return `Shown when ${text.join('all' in condition ? ' and ' : ' or ')}`;
}
