import { describe, expect, it } from 'vitest';
import { codePointLength, sliceCodePoints, toCodePoints, toUtf16 } from './text-positions.ts';

describe('code points and UTF-16 offsets', () => {
  const text = 'Staff 😀 said: “change is needed” 🏥!';
  it('converts both ways across characters outside the BMP', () => {
    expect(text.indexOf('said')).toBe(9);
    expect(toCodePoints(text, 9)).toBe(8);
    expect(toUtf16(text, 8)).toBe(9);
    for (let cp = 0; cp <= codePointLength(text); cp++) expect(toCodePoints(text, toUtf16(text, cp))).toBe(cp);
  });
  it('cuts segments by code points as PostgreSQL substring() does', () => {
    expect(sliceCodePoints(text, 8, 12)).toBe('said');
    expect(sliceCodePoints(text, 6, 7)).toBe('😀');
    expect(codePointLength(text)).toBe([...text].length);
  });
  it('is the identity on plain text', () => {
    expect(toCodePoints('abc', 2)).toBe(2);
    expect(toUtf16('abc', 2)).toBe(2);
  });
});
