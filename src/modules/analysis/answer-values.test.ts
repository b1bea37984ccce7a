import { describe, expect, it } from 'vitest';
import { readAnswer, type StoredAnswer } from './answer-values.ts';

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
