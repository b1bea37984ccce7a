import { describe, expect, it } from 'vitest';
import { answerCodeText, joinAnswerColumns, readAnswer, readAnswerCodes, readAnswerTokens, type StoredAnswer } from './answer-values.ts';

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

describe('reading answers coded one byte each', () => {
  it('gives for every code what readAnswerTokens gives for the text it stands for', () => {
    const codes = Array.from({ length: 256 }, (_, code) => code);
    // Two questions per respondent: the code at position 1, a decoy at position 0.
    const bytes = new Uint8Array(codes.flatMap((code) => [7, code]));
    const coded = readAnswerCodes(bytes, 2, 1, codes.length);
    const tokens = readAnswerTokens(codes.map((code) => answerCodeText(code) ?? '').join(','), codes.length);
    expect([...coded.values]).toEqual([...tokens.values]);
    expect(coded.missingCodes).toBe(2);
    expect(coded.missingCodes).toBe(tokens.missingCodes);
    expect(coded.unreadable).toBe(0);
    expect(Object.fromEntries(coded.counts)).toEqual(Object.fromEntries(tokens.counts));
    expect([answerCodeText(0), answerCodeText(1), answerCodeText(3), answerCodeText(12), answerCodeText(13), answerCodeText(255)]).toEqual([null, 'NR', 'm1', 'm10', '0', '242']);
  });

  it('refuses bytes that are not whole vectors, and joins two sets of respondents in order', () => {
    expect(() => readAnswerCodes(new Uint8Array(5), 2, 0, 3)).toThrow(/expected 3 coded answers/);
    const joined = joinAnswerColumns(readAnswerCodes(new Uint8Array([17, 1]), 1, 0, 2), readAnswerTokens('4,,agree', 3));
    expect([...joined.values]).toEqual([4, Number.NaN, 4, Number.NaN, Number.NaN]);
    expect(joined).toMatchObject({ missingCodes: 1, unreadable: 1 });
    expect(Object.fromEntries(joined.counts)).toEqual({ '4': 2, NR: 1, agree: 1 });
  });
});
