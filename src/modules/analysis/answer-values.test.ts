import { describe, expect, it } from 'vitest';
import { readAnswer, readAnswerTokens, type StoredAnswer } from './answer-values.ts';

describe('reading stored answers', () => {
  it.each([
    [4, 'number', 4],
    [0, 'number', 0],
    ['3', 'number', 3],
    ['m1', 'number', -1],
    ['-2', 'number', -2],
    ['2.5', 'number', 2.5],
    ['NR', 'missing-code', Number.NaN],
    ['DK', 'missing-code', Number.NaN],
    [null, 'not-answered', Number.NaN],
    [undefined, 'not-answered', Number.NaN],
    ['', 'not-answered', Number.NaN],
    ['agree', 'unreadable', Number.NaN],
    [['a', 'b'], 'unreadable', Number.NaN],
    [Number.POSITIVE_INFINITY, 'unreadable', Number.NaN],
  ] as [StoredAnswer, string, number][])('%j is %s', (value, kind, number) => {
    const answer = readAnswer(value);
    expect(answer.kind).toBe(kind);
    if (Number.isNaN(number)) expect(answer.value).toBeNaN();
    else expect(answer.value).toBe(number);
  });
});

describe('reading a column of stored answers as text', () => {
  it('reads each answer as readAnswer does and counts the answers given', () => {
    const column = readAnswerTokens('4,,NR,agree; mostly,m1,2.5,10,0,DK,4,true', 11);
    expect([...column.values]).toEqual([4, Number.NaN, Number.NaN, Number.NaN, -1, 2.5, 10, 0, Number.NaN, 4, Number.NaN]);
    expect(column.missingCodes).toBe(2);
    expect(column.unreadable).toBe(2);
    expect(Object.fromEntries(column.counts)).toEqual({ '4': 2, '0': 1, NR: 1, DK: 1, 'agree; mostly': 1, m1: 1, '2.5': 1, '10': 1, true: 1 });
  });

  it('reads an empty last answer and refuses a column of the wrong length', () => {
    expect([...readAnswerTokens('3,', 2).values]).toEqual([3, Number.NaN]);
    expect(() => readAnswerTokens('3,4,5', 2)).toThrow(/expected 2 answers/);
    expect(() => readAnswerTokens('3', 2)).toThrow(/expected 2 answers/);
  });
});
