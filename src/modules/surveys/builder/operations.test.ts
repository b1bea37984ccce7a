import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinition, type Question, type SurveyDefinition } from '../definition.ts';
import * as ops from './operations.ts';

const yesNo = (id: string, text = `Question ${id}`): Question => ({ id, text, hint: '', format: { type: 'boolean', style: 'yes-no', missing: [] }, required: false });

/** Two pages: q1, q2 on "About you"; q3 on "Your work", shown when q1 is yes. */
function twoPages(): SurveyDefinition {
  return parseDefinition({
    pages: [
      { id: 'p1', title: 'About you', questions: [yesNo('q1'), yesNo('q2')] },
      { id: 'p2', title: 'Your work', questions: [{ ...yesNo('q3'), condition: { all: [{ question: 'q1', op: 'equals', value: 1 }] } }] },
    ],
  });
}

function refusal(change: () => unknown): string[] {
  try {
    change();
  } catch (error) {
    if (error instanceof DefinitionError) return error.problems;
    throw error;
  }
  return [];
}

describe('questionnaire operations', () => {
  it('suggests the next question and page ids above the highest in use', () => {
    const d = twoPages();
    expect(ops.nextQuestionId(d)).toBe('q4');
    expect(ops.nextPageId(d)).toBe('p3');
    expect(ops.nextQuestionId(parseDefinition({ pages: [{ id: 'x', title: 'X', questions: [yesNo('age'), yesNo('q7')] }] }))).toBe('q8');
    expect(ops.nextQuestionId(parseDefinition({ pages: [] }))).toBe('q1');
  });

  it('adds, renames and moves pages, leaving the first page where it is when moved up', () => {
    let d = ops.addPage(twoPages(), { title: 'Last words', intro: 'Nearly done' });
    expect(d.pages.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    d = ops.updatePage(d, 'p3', { title: 'Anything else', intro: '' });
    expect(ops.findPage(d, 'p3')).toMatchObject({ title: 'Anything else', intro: '' });
    d = ops.movePage(d, 'p3', 'up');
    expect(d.pages.map((p) => p.id)).toEqual(['p1', 'p3', 'p2']);
    expect(ops.movePage(d, 'p1', 'up').pages.map((p) => p.id)).toEqual(['p1', 'p3', 'p2']);
    expect(ops.movePage(d, 'p2', 'down').pages.map((p) => p.id)).toEqual(['p1', 'p3', 'p2']);
  });

  it('refuses to delete a question or page another condition refers to, naming which', () => {
    const d = twoPages();
    expect(refusal(() => ops.deleteQuestion(d, 'q1'))).toEqual([
      'Question q1 cannot be deleted: the condition of question q3 refers to it. Change or remove that condition first.',
    ]);
    expect(refusal(() => ops.deletePage(d, 'p1'))[0]).toContain('the condition of question q3 refers to its questions');
    expect(ops.deleteQuestion(d, 'q2').pages[0]!.questions.map((q) => q.id)).toEqual(['q1']);
    // A page whose questions are only used by its own questions may go.
    expect(ops.deletePage(d, 'p2').pages.map((p) => p.id)).toEqual(['p1']);
  });

  it('adds questions, refusing an id already in use', () => {
    const d = ops.addQuestions(twoPages(), 'p2', [yesNo('q4')]);
    expect(d.pages[1]!.questions.map((q) => q.id)).toEqual(['q3', 'q4']);
    expect(refusal(() => ops.addQuestions(d, 'p1', [yesNo('q4')]))).toEqual(['The question id q4 is already used in this survey; choose another']);
    expect(refusal(() => ops.addQuestions(d, 'p9', [yesNo('q5')]))).toEqual(['There is no page p9']);
  });

  it('carries a renamed id into the conditions that use it and keeps the question\'s own condition', () => {
    const d = ops.replaceQuestion(twoPages(), 'q1', yesNo('works_here', 'Do you work here?'));
    expect(d.pages[0]!.questions[0]).toMatchObject({ id: 'works_here', text: 'Do you work here?' });
    expect(d.pages[1]!.questions[0]!.condition).toEqual({ all: [{ question: 'works_here', op: 'equals', value: 1 }] });
    const kept = ops.replaceQuestion(twoPages(), 'q3', yesNo('q3', 'Changed'));
    expect(kept.pages[1]!.questions[0]!.condition).toBeDefined();
    expect(refusal(() => ops.replaceQuestion(twoPages(), 'q1', yesNo('q2')))).toEqual(['The question id q2 is already used in this survey; choose another']);
  });

  it('moves questions within a page and to another page', () => {
    const d = twoPages();
    expect(ops.moveQuestion(d, 'q2', 'up').pages[0]!.questions.map((q) => q.id)).toEqual(['q2', 'q1']);
    expect(ops.moveQuestion(d, 'q2', 'down').pages[0]!.questions.map((q) => q.id)).toEqual(['q1', 'q2']);
    const moved = ops.moveQuestionToPage(d, 'q2', 'p2');
    expect(moved.pages.map((p) => p.questions.map((q) => q.id))).toEqual([['q1'], ['q3', 'q2']]);
    // Moving q1 after the question whose condition uses it is caught when the result is checked.
    const broken = ops.moveQuestionToPage(d, 'q1', 'p2');
    expect(refusal(() => parseDefinition(broken))[0]).toContain('Question q3 has a condition on q1, which is not a question on an earlier page');
  });

  it('sets and removes conditions, and offers only questions on earlier pages', () => {
    const condition = { any: [{ question: 'q2', op: 'answered' as const }] };
    const d = ops.setPageCondition(twoPages(), 'p2', condition);
    expect(ops.findPage(d, 'p2')!.condition).toEqual(condition);
    expect('condition' in ops.setPageCondition(d, 'p2', undefined).pages[1]!).toBe(false);
    expect('condition' in ops.setQuestionCondition(d, 'q3', undefined).pages[1]!.questions[0]!).toBe(false);
    expect(ops.earlierQuestions(d, 'p2').map((q) => q.id)).toEqual(['q1', 'q2']);
    expect(ops.earlierQuestions(d, 'p1')).toEqual([]);
    expect(ops.referencesTo(d, ['q2'])).toEqual(['page "Your work"']);
  });

  it('sets the welcome, privacy notice and thank-you texts', () => {
    const d = ops.setTexts(twoPages(), { welcome: 'Hello', privacyNotice: 'We keep answers for two years', thankYou: 'Thanks' });
    expect(d).toMatchObject({ welcome: 'Hello', privacyNotice: 'We keep answers for two years', thankYou: 'Thanks' });
  });

  it('fills in wording loaded after instrument items were added, leaving worded questions alone', () => {
    const d = parseDefinition({
      pages: [{ id: 'p1', title: 'ORIC', questions: [
        { ...yesNo('oric_com1', ''), source: { instrument: 'oric', item: 'com1' } },
        { ...yesNo('oric_com2', 'Our own words'), source: { instrument: 'oric', item: 'com2' } },
        { ...yesNo('oric_com3', ''), source: { instrument: 'oric', item: 'com3' } },
      ] }],
    });
    expect(ops.wordingNeeded(d)).toEqual(['oric']);
    const filled = ops.fillWording(d, new Map([['oric', new Map([['com1', 'Loaded one'], ['com2', 'Loaded two']])]]));
    expect(filled.count).toBe(1);
    expect(filled.definition.pages[0]!.questions.map((q) => q.text)).toEqual(['Loaded one', 'Our own words', '']);
  });
});
