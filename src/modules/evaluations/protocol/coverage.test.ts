import { describe, expect, it } from 'vitest';
import { aimCoverage, questionCoverage, type CoverageQuestion, type MethodEvidence } from './coverage.ts';

const evidence: MethodEvidence[] = [
  { methodId: 'docs', name: 'Documentary analysis', hasData: true },
  { methodId: 'survey', name: 'Staff survey', hasData: true },
  { methodId: 'cases', name: 'Case studies', hasData: false },
  { methodId: 'sets', name: 'Learning sets', hasData: false },
];

const matrix = [
  { methodId: 'docs', questionId: 'q1' },
  { methodId: 'survey', questionId: 'q1' },
  { methodId: 'cases', questionId: 'q2' },
  { methodId: 'sets', questionId: 'q2' },
  { methodId: 'cases', questionId: 'q3' },
  { methodId: 'docs', questionId: 'q3' },
];

const question = (id: string, override: CoverageQuestion['override'] = null): CoverageQuestion => ({ id, override });

describe('questionCoverage', () => {
  it.each([
    ['answered by methods with data', 'q1', true, 'Answered by Documentary analysis and Staff survey, which have data'],
    ['answered only by methods without data', 'q2', false, 'No method that answers it has data yet (Case studies and Learning sets)'],
    ['answered by one method with data among others', 'q3', true, 'Answered by Documentary analysis, which has data'],
    ['answered by no method', 'q4', false, 'No method answers it'],
  ])('derives a question %s', (_case, id, addressed, reason) => {
    const [result] = questionCoverage([question(id)], matrix, evidence);
    expect(result).toMatchObject({ questionId: id, addressed, derivedAddressed: addressed, overridden: false, reason });
  });

  it('lets an override win over the methods and keeps both answers', () => {
    const reason = "The case-study event was cancelled at the funder's request";
    const [notAddressed, addressed] = questionCoverage(
      [question('q1', { addressed: false, reason }), question('q4', { addressed: true, reason: 'Answered from the funder’s own review' })],
      matrix,
      evidence,
    );
    expect(notAddressed).toMatchObject({ addressed: false, derivedAddressed: true, overridden: true, reason, methodsWithData: ['Documentary analysis', 'Staff survey'] });
    expect(addressed).toMatchObject({ addressed: true, derivedAddressed: false, overridden: true, reason: 'Answered from the funder’s own review' });
  });

  it('takes evidence from the caller, so real data can replace the marked flags', () => {
    const later = evidence.map((m) => (m.methodId === 'cases' ? { ...m, hasData: true } : m));
    expect(questionCoverage([question('q2')], matrix, evidence)[0]!.addressed).toBe(false);
    expect(questionCoverage([question('q2')], matrix, later)[0]).toMatchObject({ addressed: true, methodsWithData: ['Case studies'], methodsWithoutData: ['Learning sets'] });
  });

  it('ignores ticks for methods it has no evidence about', () => {
    const [result] = questionCoverage([question('q9')], [{ methodId: 'gone', questionId: 'q9' }], evidence);
    expect(result).toMatchObject({ addressed: false, reason: 'No method answers it' });
  });
});

describe('aimCoverage', () => {
  const questions = [
    { id: 'q1', number: 1, aimIds: ['a1', 'a2'] },
    { id: 'q2', number: 2, aimIds: ['a2'] },
    { id: 'q3', number: 3, aimIds: ['a3'] },
  ];
  const coverage = questionCoverage(questions.map((q) => question(q.id)), matrix, evidence);

  it('says an aim is addressed, partly addressed or not, with the reasons of the open questions', () => {
    const result = aimCoverage([{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }, { id: 'a4' }], questions, coverage);
    expect(result.map((a) => [a.aimId, a.status, a.addressedQuestions, a.questions])).toEqual([
      ['a1', 'addressed', 1, 1],
      ['a2', 'partly-addressed', 1, 2],
      ['a3', 'addressed', 1, 1],
      ['a4', 'not-addressed', 0, 0],
    ]);
    expect(result[1]!.reasons).toEqual(['Q2: No method that answers it has data yet (Case studies and Learning sets)']);
    expect(result[3]!.reasons).toEqual(['No research question serves this aim']);
    expect(result[0]!.reasons).toEqual([]);
  });
});
