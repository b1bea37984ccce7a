import { describe, expect, it } from 'vitest';
import type { Reference } from './expression.ts';
import { mapRelevance, type ConditionTarget, type ResolveTarget } from './relevance.ts';

/**
 * The questions the expressions below may name, as an importer would describe them: a list on
 * page 0 (codes A1..A3), a whole number on page 0, a yes/no on page 1, a text on page 1, a
 * multiple choice's option on page 1, and a question on the page being imported (page 2).
 */
const codes = new Map<string, string>([['A1', 'A1'], ['A2', 'A2'], ['A3', 'A3']]);
const targets: Record<string, ConditionTarget | string> = {
  Q1: { questionId: 'Q1', page: 0, valueOf: (v) => codes.get(String(v)), numeric: false, wholeNumbers: false },
  age: { questionId: 'age', page: 0, valueOf: (v) => Number(v), numeric: true, wholeNumbers: true },
  weight: { questionId: 'weight', page: 0, valueOf: (v) => Number(v), numeric: true, wholeNumbers: false },
  married: { questionId: 'married', page: 1, valueOf: (v) => ({ Y: 1, N: 0 })[String(v)], numeric: false, wholeNumbers: false },
  name: { questionId: 'name', page: 1, valueOf: (v) => String(v), numeric: false, wholeNumbers: false },
  MC_SQ002: { questionId: 'MC', page: 1, valueOf: (v) => String(v), numeric: false, wholeNumbers: false, option: { code: 'SQ002', chosen: 'Y', notChosen: 'N' } },
  'q4(2)': { questionId: 'q4', page: 1, valueOf: (v) => String(v), numeric: false, wholeNumbers: false, option: { code: '2', chosen: '1', notChosen: '0' } },
  q4: { questionId: 'q4', page: 1, valueOf: () => undefined, numeric: false, wholeNumbers: false },
  here: { questionId: 'here', page: 2, valueOf: (v) => String(v), numeric: false, wholeNumbers: false },
  later: { questionId: 'later', page: 3, valueOf: (v) => String(v), numeric: false, wholeNumbers: false },
  MC: 'MC is a multiple-choice question: a condition must name one of its options',
};
const resolve: ResolveTarget = (ref: Reference) => targets[ref.option === undefined ? ref.name : `${ref.name}(${ref.option})`] ?? `refers to ${ref.name}, which is not a question in this survey`;

const onPage2 = (source: string, dialect: 'limesurvey' | 'redcap' = 'limesurvey') => mapRelevance(source, dialect, resolve, 2);

describe('LimeSurvey relevance mapped to conditions', () => {
  it.each([
    ['', {}],
    ['1', {}],
    ['  true ', {}],
    ['Q1.NAOK == "A1"', { condition: { all: [{ question: 'Q1', op: 'equals', value: 'A1' }] } }],
    ["Q1 == 'A2'", { condition: { all: [{ question: 'Q1', op: 'equals', value: 'A2' }] } }],
    ['married == "Y"', { condition: { all: [{ question: 'married', op: 'equals', value: 1 }] } }],
    ['Q1 != "A3"', { condition: { all: [{ question: 'Q1', op: 'not-equals', value: 'A3' }] } }],
    ['Q1 ne "A3"', { condition: { all: [{ question: 'Q1', op: 'not-equals', value: 'A3' }] } }],
    ['is_empty(name)', { condition: { all: [{ question: 'name', op: 'not-answered' }] } }],
    ['!is_empty(name.NAOK)', { condition: { all: [{ question: 'name', op: 'answered' }] } }],
    ['name != ""', { condition: { all: [{ question: 'name', op: 'answered' }] } }],
    ['name == ""', { condition: { all: [{ question: 'name', op: 'not-answered' }] } }],
    ['age > 3', { condition: { all: [{ question: 'age', op: 'greater-than', value: 3 }] } }],
    ['age<18', { condition: { all: [{ question: 'age', op: 'less-than', value: 18 }] } }],
    ['3 < age', { condition: { all: [{ question: 'age', op: 'greater-than', value: 3 }] } }],
    ['age >= 18', { condition: { all: [{ question: 'age', op: 'greater-than', value: 17 }] } }],
    ['age le 65', { condition: { all: [{ question: 'age', op: 'less-than', value: 66 }] } }],
    ['age > 3 and married == "Y"', { condition: { all: [{ question: 'age', op: 'greater-than', value: 3 }, { question: 'married', op: 'equals', value: 1 }] } }],
    ['Q1 == "A1" || Q1 == "A2"', { condition: { any: [{ question: 'Q1', op: 'equals', value: 'A1' }, { question: 'Q1', op: 'equals', value: 'A2' }] } }],
    ['((Q1 == "A1"))', { condition: { all: [{ question: 'Q1', op: 'equals', value: 'A1' }] } }],
    ['(age > 3 && !is_empty(name)) && Q1 == "A1"', { condition: { all: [{ question: 'age', op: 'greater-than', value: 3 }, { question: 'name', op: 'answered' }, { question: 'Q1', op: 'equals', value: 'A1' }] } }],
    ['MC_SQ002 == "Y"', { condition: { all: [{ question: 'MC', op: 'equals', value: 'SQ002' }] } }],
    ['is_empty(MC_SQ002)', { condition: { all: [{ question: 'MC', op: 'not-equals', value: 'SQ002' }] } }],
    ['1 and age > 3', { condition: { all: [{ question: 'age', op: 'greater-than', value: 3 }] } }],
  ])('maps %j', (source, expected) => {
    expect(onPage2(source)).toEqual(expected);
  });

  it.each([
    ['age > 3 and name == "x" or Q1 == "A1"', 'mixes and with or without parentheses'],
    ['age > 3 and (name == "x" or Q1 == "A1")', 'nests "and" inside "or"'],
    ['count(Q1, name) > 1', 'uses the function count()'],
    ['age + 1 > 3', 'uses arithmetic'],
    ['Q1 == "A9"', 'compares Q1 with "A9", which is not one of its answers'],
    ['name > 3', 'compares name by size, but its answers are not numbers'],
    ['weight >= 60', 'uses >= on weight, whose answers need not be whole numbers'],
    ['here == "x"', 'refers to here on the same page'],
    ['later == "x"', 'refers to later on a later page'],
    ['nowhere == 1', 'refers to nowhere, which is not a question in this survey'],
    ['MC == "SQ002"', 'MC is a multiple-choice question'],
    ['TOKEN:ATTRIBUTE_1 == "x"', 'a participant or survey attribute'],
    ['Q1.shown == "x"', 'a property other than the answer'],
    ['Q1 = "A1"', 'uses = (an assignment in ExpressionScript)'],
    ['Q1 == name', 'compares two questions with each other'],
    ['Q1', 'tests Q1 without comparing it with a value'],
    ['82556X5X20 == "Y"', 'SGQA code'],
    ['!(age > 3)', 'negates a whole expression'],
    ['Q1 == "A1', 'closing quote is missing'],
  ])('reports %j', (source, problem) => {
    const result = onPage2(source);
    expect(result).toHaveProperty('problem');
    expect((result as { problem: string }).problem).toContain(problem);
  });
});

describe('REDCap branching logic mapped to conditions', () => {
  it.each([
    ["[Q1] = 'A1'", { condition: { all: [{ question: 'Q1', op: 'equals', value: 'A1' }] } }],
    ['[Q1] <> "A2"', { condition: { all: [{ question: 'Q1', op: 'not-equals', value: 'A2' }] } }],
    ["[name] = ''", { condition: { all: [{ question: 'name', op: 'not-answered' }] } }],
    ["[age] > 17 and [q4(2)] = '1'", { condition: { all: [{ question: 'age', op: 'greater-than', value: 17 }, { question: 'q4', op: 'equals', value: '2' }] } }],
    ["[q4(2)] = '0' or [age] < 5", { condition: { any: [{ question: 'q4', op: 'not-equals', value: '2' }, { question: 'age', op: 'less-than', value: 5 }] } }],
  ])('maps %j', (source, expected) => {
    expect(onPage2(source, 'redcap')).toEqual(expected);
  });

  it.each([
    ["[event_1_arm_1][age] > 3", 'another event or arm'],
    ["datediff([age], 'today', 'y') > 1", 'uses the function datediff()'],
    ['age > 3', 'bare word age'],
    ["[q4(2)] = '7'", 'neither chosen nor not chosen'],
  ])('reports %j', (source, problem) => {
    const result = onPage2(source, 'redcap');
    expect((result as { problem: string }).problem).toContain(problem);
  });
});
