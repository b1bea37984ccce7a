import { describe, expect, it } from 'vitest';
import { parseDefinition, type Question } from '../definition.ts';
import { conditionEditor, conditionFormValues, conditionFromForm } from './condition-form.ts';
import { formatFromForm, formValuesFor, parseOptions, questionFromForm } from './question-form.ts';
import { joinMoments, settingsFormValues } from './settings-form.ts';
import type { Survey } from '../service.ts';

const likert: Question = { id: 'q1', text: 'I see a need for change', hint: '', format: { type: 'likert', points: 5, labels: ['a', 'b', 'c', 'd', 'e'], missing: [{ code: 'NR', label: 'Not relevant' }] }, required: false };
const role: Question = { id: 'role', text: 'Your role', hint: '', format: { type: 'single', options: [{ code: 'mgr', label: 'Manager' }, { code: 'staff', label: 'Staff' }], missing: [] }, required: true };
const years: Question = { id: 'years', text: 'Years here', hint: '', format: { type: 'number', integer: true, suffix: '' }, required: false };
const notes: Question = { id: 'notes', text: 'Anything else', hint: '', format: { type: 'text', maxLength: 500, multiline: true }, required: false };

describe('the question form', () => {
  it('reads options typed as labels or as "code: label", and refuses a mixture', () => {
    expect(parseOptions('Manager\n\n  Staff  \n')).toEqual({ options: [{ code: '1', label: 'Manager' }, { code: '2', label: 'Staff' }] });
    expect(parseOptions('mgr: Manager\nstaff:Staff')).toEqual({ options: [{ code: 'mgr', label: 'Manager' }, { code: 'staff', label: 'Staff' }] });
    expect(parseOptions('mgr: Manager\nStaff')).toHaveProperty('problem');
  });

  it.each([
    ['likert5', {}, { type: 'likert', points: 5 }],
    ['likert7', {}, { type: 'likert', points: 7 }],
    ['single', { options: 'Yes\nNo\nNot sure' }, { type: 'single', options: [{ code: '1', label: 'Yes' }, { code: '2', label: 'No' }, { code: '3', label: 'Not sure' }] }],
    ['multiple', { multipleOptions: 'a: Phone\nb: E-mail' }, { type: 'multiple', options: [{ code: 'a', label: 'Phone' }, { code: 'b', label: 'E-mail' }] }],
    ['true-false', {}, { type: 'boolean', style: 'true-false' }],
    ['scale', { lowLabel: 'Not at all', highLabel: 'Completely' }, { type: 'scale', min: 0, max: 10, lowLabel: 'Not at all', highLabel: 'Completely' }],
    ['number', { numberMin: '0', numberMax: '60', wholeNumbers: 'yes' }, { type: 'number', min: 0, max: 60, integer: true }],
    ['short-text', {}, { type: 'text', maxLength: 200, multiline: false }],
    ['long-text', { maxLength: '800' }, { type: 'text', maxLength: 800, multiline: true }],
    ['date', {}, { type: 'date' }],
  ])('builds the %s format', (format, fields, expected) => {
    const built = formatFromForm({ format, ...fields });
    expect(built).toHaveProperty('format');
    expect('format' in built && built.format).toMatchObject(expected);
  });

  it('names the field at fault', () => {
    expect(formatFromForm({ format: 'single', options: 'Only one' })).toEqual({ problems: [{ field: 'options', message: 'Enter at least two options, one per line' }] });
    expect(formatFromForm({ format: 'number', numberMin: '10', numberMax: '5' })).toEqual({ problems: [{ field: 'numberMax', message: 'The largest number must not be below the smallest' }] });
    expect(formatFromForm({ format: 'long-text', maxLength: 'lots' })).toEqual({ problems: [{ field: 'maxLength', message: 'The longest answer must be a number' }] });
    expect(formatFromForm({})).toEqual({ problems: [{ field: 'format', message: 'Choose how people answer' }] });
    const read = questionFromForm({ id: '2nd', text: '', format: 'date' });
    expect(read).toEqual({ problems: [
      { field: 'id', message: 'Question ids start with a letter and hold only letters, digits and underscores (at most 64)' },
    ] });
    expect(questionFromForm({ id: 'q2', text: ' ', format: 'date' })).toEqual({ problems: [{ field: 'text', message: 'Enter the question' }] });
  });

  it('adds "not relevant" and "don\'t know" and the required flag', () => {
    const read = questionFromForm({ id: 'q9', text: 'Is it working?', format: 'yes-no', missing: ['NR', 'DK'], required: 'yes' });
    expect(read).toEqual({ question: { id: 'q9', text: 'Is it working?', hint: '', required: true, format: { type: 'boolean', style: 'yes-no', missing: [{ code: 'NR', label: 'Not relevant' }, { code: 'DK', label: "Don't know" }] } } });
  });

  it('shows an existing question in the radios that fit it, and keeps a format no radio fits as "current"', () => {
    expect(formValuesFor(role)).toMatchObject({ format: 'single', options: 'mgr: Manager\nstaff: Staff', required: ['yes'] });
    expect(formValuesFor(years)).toMatchObject({ format: 'number', wholeNumbers: ['yes'] });
    expect(formValuesFor(notes)).toMatchObject({ format: 'long-text', maxLength: '500' });
    // Labels of the instrument's own, not the 5-point agree/disagree ones.
    const values = formValuesFor(likert);
    expect(values.format).toBe('current');
    const kept = questionFromForm({ ...values, missing: [] }, likert);
    expect('question' in kept && kept.question.format).toEqual({ ...likert.format, missing: [] });
  });

  it('lets an instrument item be saved without wording, but not a custom question', () => {
    const item: Question = { ...likert, text: '', source: { instrument: 'oric', item: 'com1' } };
    const read = questionFromForm({ ...formValuesFor(item) }, item);
    expect('question' in read && read.question.source).toEqual({ instrument: 'oric', item: 'com1' });
  });
});

describe('the condition form', () => {
  const earlier = [likert, role, years];

  it('reads rules joined by any, with numbers for numeric answers and codes as text', () => {
    const read = conditionFromForm({
      rows: '3', join: 'any',
      'question-0': 'q1', 'op-0': 'one-of', 'value-0': '4, 5',
      'question-1': 'role', 'op-1': 'equals', 'value-1': 'mgr',
      'question-2': 'years', 'op-2': 'greater-than', 'value-2': '2',
    }, earlier);
    expect(read).toEqual({ condition: { any: [
      { question: 'q1', op: 'one-of', value: [4, 5] },
      { question: 'role', op: 'equals', value: 'mgr' },
      { question: 'years', op: 'greater-than', value: 2 },
    ] } });
  });

  it('treats all-blank rows as "shown to everyone" and round-trips a stored condition', () => {
    expect(conditionFromForm({ rows: '2' }, earlier)).toEqual({ condition: undefined });
    const condition = { all: [{ question: 'q1', op: 'equals' as const, value: 'NR' }, { question: 'role', op: 'answered' as const }] };
    const values = conditionFormValues(condition);
    expect(values).toMatchObject({ rows: '2', join: 'all', 'value-0': 'NR' });
    expect(conditionFromForm(values, earlier)).toEqual({ condition });
  });

  it('names each wrong rule', () => {
    const read = conditionFromForm({
      rows: '4',
      'question-0': 'q1', 'op-0': 'equals', 'value-0': '9',
      'question-1': 'role', 'op-1': 'less-than', 'value-1': '3',
      'question-2': 'later', 'op-2': 'answered',
      'question-3': 'years', 'op-3': 'equals', 'value-3': '',
    }, earlier);
    expect(read).toEqual({ problems: [
      { field: 'value-0', message: 'Rule 1: 9 is not an answer to q1: use one of 1, 2, 3, 4, 5, NR' },
      { field: 'value-1', message: 'Rule 2: "more than" and "less than" compare numbers; role is not answered with a number' },
      { field: 'question-2', message: 'Rule 3: choose a question from an earlier page' },
      { field: 'value-3', message: 'Rule 4: enter the answer to compare with' },
    ] });
  });

  it('offers the earlier questions and their answer codes', () => {
    const editor = conditionEditor(earlier, { rows: '2', 'question-1': 'role' });
    expect(editor.rows).toHaveLength(2);
    expect(editor.rows[1]!.questionItems.find((i) => i.value === 'role')).toMatchObject({ selected: true });
    expect(editor.answers.find((a) => a.id === 'role')!.codes).toEqual([{ code: 'mgr', label: 'Manager' }, { code: 'staff', label: 'Staff' }]);
    expect(parseDefinition({ pages: [{ id: 'p', title: 'P', questions: [likert] }] })).toBeTruthy();
  });
});

describe('the settings form', () => {
  it('joins dates and times into UTC moments, the closing day ending at midnight', () => {
    const { input, problems } = joinMoments({
      'opensAt-day': '1', 'opensAt-month': '3', 'opensAt-year': '2006', 'opensAt-time': '9:30',
      'closesAt-day': '31', 'closesAt-month': '3', 'closesAt-year': '2006',
    });
    expect(problems).toEqual([]);
    expect(input).toMatchObject({ opensAt: '2006-03-01T09:30:00Z', closesAt: '2006-03-31T23:59:59Z' });
    expect(joinMoments({}).input).toMatchObject({ opensAt: '', closesAt: '' });
  });

  it('names a date that is not real or a time that is not a time', () => {
    const { problems } = joinMoments({ 'opensAt-day': '30', 'opensAt-month': '2', 'opensAt-year': '2006', 'closesAt-day': '1', 'closesAt-month': '4', 'closesAt-year': '2006', 'closesAt-time': '25:00' });
    expect(problems).toEqual([
      { field: 'opensAt', message: 'The opening date must be a real date' },
      { field: 'closesAt-time', message: 'Enter the closing time on the 24-hour clock, like 09:30' },
    ]);
  });

  it('shows stored moments back in the form', () => {
    const survey = { title: 'T', purpose: 'pilot', waveId: null, anonymity: 'anonymous', access: 'open', opensAt: new Date('2006-03-01T09:30:00Z'), closesAt: null } as unknown as Survey;
    expect(settingsFormValues(survey)).toMatchObject({ 'opensAt-day': '1', 'opensAt-month': '3', 'opensAt-year': '2006', 'opensAt-time': '09:30', waveId: '' });
  });
});
