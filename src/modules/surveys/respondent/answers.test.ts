import { describe, expect, it } from 'vitest';
import { parseDefinition, type Question } from '../definition.ts';
import { readPageAnswers, unansweredRequired } from './answers.ts';
import { everyFormat } from './test-fixtures.ts';

const questions = parseDefinition(everyFormat).pages.flatMap((p) => p.questions);
const byId = (id: string): Question => questions.find((q) => q.id === id)!;
const read = (ids: string[], body: Record<string, unknown>, requireAnswers = true) => readPageAnswers(ids.map(byId), body, { requireAnswers });

describe('reading a posted page', () => {
  it.each([
    ['a Likert point as a number', ['clear'], { clear: '4' }, { clear: 4 }],
    ['a missing code as itself', ['clear'], { clear: 'DK' }, { clear: 'DK' }],
    ['a single choice as its code', ['role'], { role: 'staff' }, { role: 'staff' }],
    ['a boolean as 1 or 0', ['manager'], { manager: '0' }, { manager: 0 }],
    ['a scale point as a number', ['likely'], { likely: '0' }, { likely: 0 }],
    ['several choices in the order offered', ['channels'], { channels: ['intranet', 'email'] }, { channels: ['email', 'intranet'] }],
    ['a whole number, ignoring thousands commas', ['teamSize'], { teamSize: ' 1,2 ' }, { teamSize: 12 }],
    ['a decimal number', ['hours'], { hours: '37.5' }, { hours: 37.5 }],
    ['a date as ISO', ['joined'], { 'joined-day': '7', 'joined-month': '04', 'joined-year': '2003' }, { joined: '2003-04-07' }],
    ['text with line breaks as sent by browsers, trimmed', ['comments'], { comments: '  one\r\ntwo  ' }, { comments: 'one\ntwo' }],
    ['nothing for optional questions left blank', ['likely', 'channels', 'joined', 'comments'], { comments: '   ' }, {}],
    ['only the questions asked about, whatever else is posted', ['clear'], { clear: '1', role: 'lead', secret: 'x' }, { clear: 1 }],
  ])('keeps %s', (_name, ids, body, expected) => {
    expect(read(ids, body)).toEqual({ ok: true, answers: expected });
  });

  it.each([
    ['a code not offered', ['role'], { role: 'ceo' }, 'role', 'Select one of the answers offered for “Which best describes your role?”'],
    ['a Likert point outside the scale', ['clear'], { clear: '6' }, 'clear', 'Select one of the answers offered'],
    ['two answers to a single choice', ['role'], { role: ['lead', 'staff'] }, 'role', 'Select only one answer'],
    ['a required question left blank', ['role'], {}, 'role', 'Select an answer for “Which best describes your role?”'],
    ['too many choices', ['channels'], { channels: ['email', 'meet', 'intranet'] }, 'channels', 'Select no more than 2 answers'],
    ['a choice not offered among several', ['channels'], { channels: ['email', 'fax'] }, 'channels', 'Select one of the answers offered'],
    ['words for a number', ['teamSize'], { teamSize: 'twelve' }, 'teamSize', 'using digits only'],
    ['a fraction for a whole number', ['teamSize'], { teamSize: '2.5' }, 'teamSize', 'Enter a whole number'],
    ['a number over the maximum', ['teamSize'], { teamSize: '501' }, 'teamSize', 'Enter a number between 1 and 500'],
    ['a date that does not exist', ['joined'], { 'joined-day': '30', 'joined-month': '2', 'joined-year': '2001' }, 'joined-day', 'must be a real date'],
    ['a date without its year', ['joined'], { 'joined-day': '3', 'joined-month': '2' }, 'joined-day', 'must include a year'],
    ['a date before the earliest allowed', ['joined'], { 'joined-day': '1', 'joined-month': '1', 'joined-year': '1980' }, 'joined-day', 'on or after 1 January 1990'],
    ['text over its limit', ['leadOnly'], { leadOnly: 'x'.repeat(41) }, 'leadOnly', 'must be 40 characters or fewer'],
  ])('refuses %s', (_name, ids, body, field, message) => {
    const reading = read(ids, body);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.errors).toHaveLength(1);
    expect(reading.errors[0]!.field).toBe(field);
    expect(reading.errors[0]!.message).toContain(message);
  });

  it('counts a line break as one character, as the page does', () => {
    expect(read(['leadOnly'], { leadOnly: `${'x'.repeat(19)}\r\n${'y'.repeat(20)}` }).ok).toBe(true);
  });

  it('lets "save and come back later" leave required questions blank but not send wrong values', () => {
    expect(read(['role', 'clear', 'manager'], {}, false)).toEqual({ ok: true, answers: {} });
    expect(read(['role'], { role: 'ceo' }, false).ok).toBe(false);
  });

  it('applies a minimum number of choices when the respondent moves on', () => {
    const q: Question = {
      id: 'channels',
      text: 'Where do you hear about the change?',
      hint: '',
      required: false,
      format: { type: 'multiple', options: [{ code: 'email', label: 'E-mail' }, { code: 'meet', label: 'Team meetings' }], minChoices: 2 },
    };
    expect(readPageAnswers([q], { channels: 'email' }, { requireAnswers: true }).ok).toBe(false);
    expect(readPageAnswers([q], { channels: 'email' }, { requireAnswers: false }).ok).toBe(true);
    expect(readPageAnswers([q], {}, { requireAnswers: true }).ok).toBe(true);
  });

  it('lists required questions still unanswered', () => {
    expect(unansweredRequired(questions, { role: 'lead', clear: 3, manager: 1 }).map((q) => q.id)).toEqual(['teamSize']);
  });
});
