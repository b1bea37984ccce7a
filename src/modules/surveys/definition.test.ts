import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinition, type SurveyDefinitionInput } from './definition.ts';
import { describeCondition, isShown } from './conditions.ts';
import { valueLabel, variablesOf, variableValue } from './variables.ts';

const likert5 = { type: 'likert' as const, points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'], missing: [{ code: 'NR' as const, label: 'Not relevant' }] };

const sample: SurveyDefinitionInput = {
  pages: [
    { id: 'p1', title: 'About you', questions: [
      { id: 'role', text: 'Your role', format: { type: 'single', options: [{ code: 'lead', label: 'Programme lead' }, { code: 'staff', label: 'Staff' }] }, required: true },
      { id: 'tools', text: 'Tools used', format: { type: 'multiple', options: [{ code: 'a', label: 'Email' }, { code: 'b', label: 'Phone' }] } },
    ] },
    { id: 'p2', title: 'Leads only', condition: { all: [{ question: 'role', op: 'equals', value: 'lead' }] }, questions: [
      { id: 'q1', text: 'The change is needed', format: likert5 },
    ] },
  ],
};

describe('survey definitions', () => {
  it('accepts a valid definition and fills defaults', () => {
    const d = parseDefinition(sample);
    expect(d.pages[0]?.questions[1]?.required).toBe(false);
    expect(d.welcome).toBe('');
  });

  it.each([
    ['duplicate question ids', { pages: [{ id: 'p', title: 'P', questions: [{ id: 'a', text: 'x', format: { type: 'text' } }, { id: 'a', text: 'y', format: { type: 'text' } }] }] }, 'The question id a is used twice'],
    ['labels not matching points', { pages: [{ id: 'p', title: 'P', questions: [{ id: 'a', text: 'x', format: { ...likert5, labels: ['x'] } }] }] }, 'has 5 points but 1 labels'],
    ['a condition on a later question', { pages: [{ id: 'p', title: 'P', condition: { all: [{ question: 'b', op: 'answered' }] }, questions: [] }, { id: 'q', title: 'Q', questions: [{ id: 'b', text: 'x', format: { type: 'text' } }] }] }, 'not a question on an earlier page'],
    ['a bad question id', { pages: [{ id: 'p', title: 'P', questions: [{ id: '1st', text: 'x', format: { type: 'text' } }] }] }, 'Question ids start with a letter'],
    ['duplicate option codes', { pages: [{ id: 'p', title: 'P', questions: [{ id: 'a', text: 'x', format: { type: 'single', options: [{ code: 'x', label: 'X' }, { code: 'x', label: 'Y' }] } }] }] }, 'option code x twice'],
  ])('refuses %s with a clear message', (_name, input, message) => {
    expect(() => parseDefinition(input)).toThrow(DefinitionError);
    expect(() => parseDefinition(input)).toThrow(message);
  });

  it('evaluates conditions on earlier answers', () => {
    const cond = { all: [{ question: 'role', op: 'equals' as const, value: 'lead' }] };
    expect(isShown(cond, { role: 'lead' })).toBe(true);
    expect(isShown(cond, { role: 'staff' })).toBe(false);
    expect(isShown(cond, {})).toBe(false);
    expect(isShown({ any: [{ question: 'tools', op: 'one-of', value: ['b'] }, { question: 'n', op: 'greater-than', value: 3 }] }, { tools: ['a', 'b'] })).toBe(true);
    expect(isShown({ any: [{ question: 'n', op: 'greater-than', value: 3 }] }, { n: 2 })).toBe(false);
    expect(isShown({ all: [{ question: 'x', op: 'not-answered' }] }, { x: [] })).toBe(true);
    expect(describeCondition(cond)).toBe('Shown when role is lead');
  });

  it('turns questions into variables, one per option for multiple choice', () => {
    const vars = variablesOf(parseDefinition(sample));
    expect(vars.map((v) => v.name)).toEqual(['role', 'tools_a', 'tools_b', 'q1']);
    const q1 = vars[3]!;
    expect(q1.values).toHaveLength(5);
    expect(q1.missing).toEqual([{ code: 'NR', label: 'Not relevant', numeric: -1 }]);
    expect(variableValue(vars[2]!, { tools: ['b'] })).toBe(1);
    expect(variableValue(vars[1]!, { tools: ['b'] })).toBe(0);
    expect(variableValue(vars[1]!, {})).toBeUndefined();
    expect(valueLabel(q1, 4)).toBe('Agree');
    expect(valueLabel(q1, 'NR')).toBe('Not relevant');
    expect(valueLabel(vars[0]!, 'lead')).toBe('Programme lead');
  });
});
