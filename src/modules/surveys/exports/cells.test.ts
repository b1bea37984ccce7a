import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../conditions.ts';
import { parseDefinition } from '../definition.ts';
import { valueLabel, variableValue, variablesOf, type Variable } from '../variables.ts';
import { cellFor, isNumericVariable, usualAnswers } from './cells.ts';
import { everyFormat } from './test-survey.ts';

const variables = variablesOf(parseDefinition(everyFormat));
const variable = (name: string): Variable => {
  const found = variables.find((v) => v.name === name);
  if (!found) throw new Error(`No variable ${name}`);
  return found;
};

describe('cells of every response format', () => {
  // [variable, stored answer, cell in codes, cell in labels]
  const cases: [string, AnswerValue | undefined, string | number | null, string | number | null][] = [
    ['tc1', 4, 4, 'Agree'],
    ['tc1', 'NR', -1, 'Not relevant to my work'],
    ['tc1', 'DK', -2, "Don't know"],
    ['tc1', undefined, null, null],
    ['tc1', '3', 3, 'Neither agree nor disagree'],
    ['role', 'ADM', 'ADM', 'Management, admin "and" support'],
    ['role', 'DK', -2, "Don't know"],
    ['heard_email', ['email', 'other'], 1, 'Chosen'],
    ['heard_meeting', ['email', 'other'], 0, 'Not chosen'],
    ['heard_meeting', [], 0, 'Not chosen'],
    ['heard_meeting', undefined, null, null],
    ['manager', 1, 1, 'Yes'],
    ['manager', 0, 0, 'No'],
    ['manager', 'NR', -1, 'Prefer not to say'],
    // A 0–10 scale is a quantity: its numbers stay numbers even in labels mode, end labels or not.
    ['support', 0, 0, 0],
    ['support', 7, 7, 7],
    ['support', 'DK', -2, "Don't know"],
    ['hours', 2.5, 2.5, 2.5],
    ['comments', 'Hello, "world"\nagain', 'Hello, "world"\nagain', 'Hello, "world"\nagain'],
    ['comments', '', null, null],
    ['started', '2019-04-01', '2019-04-01', '2019-04-01'],
  ];

  it.each(cases)('%s with %j is %j in codes and %j in labels', (name, answer, codes, labels) => {
    expect(cellFor(variable(name), 'codes')(answer)).toEqual(codes);
    expect(cellFor(variable(name), 'labels')(answer)).toEqual(labels);
  });

  it('labels coded answers exactly as the survey engine does', () => {
    const answers = { tc1: 2, role: 'SW', heard: ['meeting'], manager: 'NR', comments: 'x' };
    for (const v of variables.filter((x) => x.question.format.type !== 'scale' && x.question.format.type !== 'number')) {
      const value = variableValue(v, answers);
      const cell = cellFor(v, 'labels')(answers[v.questionId as keyof typeof answers]);
      expect(cell === null ? '' : String(cell)).toBe(valueLabel(v, value));
    }
  });

  it('marks a free-text answer that starts like a formula only when asked to', () => {
    expect(cellFor(variable('comments'), 'codes', true)('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(cellFor(variable('comments'), 'codes', true)('-fine, really')).toBe("'-fine, really");
    expect(cellFor(variable('comments'), 'codes', false)('=1+2')).toBe('=1+2');
    expect(cellFor(variable('comments'), 'codes', true)('Fine')).toBe('Fine');
    // Codes are never touched: a missing code of -1 must stay a number.
    expect(cellFor(variable('tc1'), 'codes', true)('NR')).toBe(-1);
  });

  it('knows which variables are numeric and what their usual answers are', () => {
    expect(variables.filter(isNumericVariable).map((v) => v.name)).toEqual(['tc1', 'heard_email', 'heard_meeting', 'heard_other', 'manager', 'support', 'hours']);
    expect(usualAnswers(variable('tc1'))).toEqual([1, 2, 3, 4, 5, 'NR', 'DK']);
    expect(usualAnswers(variable('support'))).toEqual([0, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 'DK']);
    expect(usualAnswers(variable('comments'))).toEqual([]);
  });
});
