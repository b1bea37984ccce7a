import type { Condition, ConditionClause } from '../definition.ts';
import { ExpressionProblem, parseExpression, type Dialect, type Expression, type Reference } from './expression.ts';

/**
 * Turns relevance equations (LimeSurvey) and branching logic (REDCap) into Formative conditions.
 * A condition may only use answers from earlier pages and holds one list of clauses joined by
 * "and" or by "or"; anything beyond that comes back as a sentence for the import report.
 */

/** A question an expression may name, as the importer converted it. */
export interface ConditionTarget {
  /** Our question id. */
  questionId: string;
  /** The index of the page it is on. */
  page: number;
  /** Our stored value for a value written in the source, or undefined when it is not one of its answers. */
  valueOf(literal: string | number): string | number | undefined;
  /** Answers are numbers, so "more than" and "less than" mean what they say. */
  numeric: boolean;
  /** Answers are whole numbers, so x >= 3 is the same as x > 2. */
  wholeNumbers: boolean;
  /**
   * For a name that stands for one option of a multiple-choice question (LimeSurvey's Q1_SQ001,
   * REDCap's [q1(2)]): the option's code and the source's values for chosen and not chosen.
   */
  option?: { code: string; chosen: string; notChosen: string };
}

/** Finds what a name refers to, or says why it cannot be used. */
export type ResolveTarget = (ref: Reference) => ConditionTarget | string;

export type RelevanceResult = { condition?: Condition } | { problem: string };

/** The name as the source writes it, so the report quotes what the user will look for. */
function refName(ref: Reference, dialect: Dialect): string {
  const name = ref.option === undefined ? ref.name : `${ref.name}(${ref.option})`;
  return dialect === 'redcap' ? `[${name}]` : name;
}

function optionClause(target: ConditionTarget & { option: NonNullable<ConditionTarget['option']> }, expression: Expression, name: string): ConditionClause {
  const chosen: ConditionClause = { question: target.questionId, op: 'equals', value: target.option.code };
  const notChosen: ConditionClause = { question: target.questionId, op: 'not-equals', value: target.option.code };
  if (expression.kind === 'empty') return expression.empty ? notChosen : chosen;
  if (expression.kind !== 'compare' || (expression.op !== '==' && expression.op !== '!=')) throw new ExpressionProblem(`compares the option ${name} with more or less than`);
  const value = String(expression.value);
  const isChosen = value === target.option.chosen ? true : value === target.option.notChosen || value === '' ? false : undefined;
  if (isChosen === undefined) throw new ExpressionProblem(`compares the option ${name} with ${JSON.stringify(expression.value)}, which is neither chosen nor not chosen`);
  return isChosen === (expression.op === '==') ? chosen : notChosen;
}

function comparisonClause(target: ConditionTarget, expression: Extract<Expression, { kind: 'compare' }>, name: string): ConditionClause {
  const question = target.questionId;
  const { op, value } = expression;
  if (value === '' && (op === '==' || op === '!=')) return { question, op: op === '==' ? 'not-answered' : 'answered' };
  if (op === '==' || op === '!=') {
    const stored = target.valueOf(value);
    if (stored === undefined) throw new ExpressionProblem(`compares ${name} with ${JSON.stringify(value)}, which is not one of its answers`);
    return { question, op: op === '==' ? 'equals' : 'not-equals', value: stored };
  }
  const limit = typeof value === 'number' ? value : Number(value);
  if (!target.numeric || value === '' || !Number.isFinite(limit)) throw new ExpressionProblem(`compares ${name} by size, but its answers are not numbers`);
  if (op === '>' || op === '<') return { question, op: op === '>' ? 'greater-than' : 'less-than', value: limit };
  // Formative has only strict comparisons; on whole numbers x >= n is x > n - 1.
  if (!target.wholeNumbers || !Number.isInteger(limit)) throw new ExpressionProblem(`uses ${op} on ${name}, whose answers need not be whole numbers`);
  return op === '>=' ? { question, op: 'greater-than', value: limit - 1 } : { question, op: 'less-than', value: limit + 1 };
}

function clauseOf(expression: Expression, resolve: ResolveTarget, page: number, dialect: Dialect): ConditionClause {
  if (expression.kind !== 'compare' && expression.kind !== 'empty') throw new ExpressionProblem('nests "and" inside "or" (or the other way round), which a Formative condition cannot hold');
  const name = refName(expression.ref, dialect);
  const target = resolve(expression.ref);
  if (typeof target === 'string') throw new ExpressionProblem(target);
  if (target.page === page) throw new ExpressionProblem(`refers to ${name} on the same page; Formative conditions use answers from earlier pages only`);
  if (target.page > page) throw new ExpressionProblem(`refers to ${name} on a later page`);
  if (target.option) return optionClause({ ...target, option: target.option }, expression, name);
  if (expression.kind === 'empty') return { question: target.questionId, op: expression.empty ? 'not-answered' : 'answered' };
  return comparisonClause(target, expression, name);
}

/** The joined clauses: and inside and (or or inside or) is flattened; "always" drops out of an and. */
function flatten(expression: Expression, join: 'and' | 'or'): Expression[] {
  if (expression.kind === join) return expression.parts.flatMap((part) => flatten(part, join));
  return [expression];
}

/**
 * The condition for a page or question on `page`, from a relevance equation or branching logic.
 * An empty expression, 1 or true means no condition.
 */
export function mapRelevance(source: string, dialect: Dialect, resolve: ResolveTarget, page: number): RelevanceResult {
  try {
    const expression = parseExpression(source, dialect);
    if (expression.kind === 'always') return {};
    const join = expression.kind === 'or' ? 'or' : 'and';
    const parts = flatten(expression, join);
    if (parts.some((p) => p.kind === 'always')) {
      if (join === 'or') return {};
      parts.splice(0, parts.length, ...parts.filter((p) => p.kind !== 'always'));
    }
    if (!parts.length) return {};
    const clauses = parts.map((part) => clauseOf(part, resolve, page, dialect));
    return { condition: join === 'or' ? { any: clauses } : { all: clauses } };
  } catch (error) {
    if (error instanceof ExpressionProblem) return { problem: error.message };
    throw error;
  }
}

/** "1", "true" and blank mean "always shown" in both tools. */
export function isAlwaysShown(source: string): boolean {
  return ['', '1', 'true'].includes(source.trim().toLowerCase());
}
