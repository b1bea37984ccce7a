import { describe, expect, it } from 'vitest';
import { csvField, csvLine, csvText } from './csv.ts';
import { fileStem } from './options.ts';
import { limitBytes, spssNames, spssString } from './spss-syntax.ts';
import { rString } from './r-script.ts';

const keep = { lineBreaks: 'keep' } as const;
const space = { lineBreaks: 'space' } as const;

describe('writing values for CSV, SPSS and R', () => {
  it('quotes CSV fields only when they hold a comma, quote or line break', () => {
    expect(csvText('plain', keep)).toBe('plain');
    expect(csvText('a, b', keep)).toBe('"a, b"');
    expect(csvText('say "hi"', keep)).toBe('"say ""hi"""');
    expect(csvText('one\ntwo', keep)).toBe('"one\ntwo"');
    expect(csvText('one\r\ntwo\rthree', space)).toBe('one two three');
    expect(csvField(null, keep)).toBe('');
    expect(csvField(-1, keep)).toBe('-1');
    expect(csvLine(['id', 3, null, 'x,y'], keep)).toBe('id,3,,"x,y"\r\n');
  });

  it('writes SPSS strings with doubled quotes, no line breaks and short lines', () => {
    expect(spssString("Don't know")).toBe("'Don''t know'");
    expect(spssString('two\nlines')).toBe("'two lines'");
    expect(spssString('')).toBe("''");
    const long = spssString('x'.repeat(130));
    expect(long.split('\n')).toHaveLength(3);
    expect(long.split('\n').every((line) => line.length < 80)).toBe(true);
  });

  it('keeps SPSS labels within their byte limits without splitting a character', () => {
    expect(limitBytes('short', 120)).toBe('short');
    const cut = limitBytes('é'.repeat(100), 120);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(120);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });

  it('renames columns SPSS would refuse: reserved words, names too long, names equal but for case', () => {
    const names = spssNames(['to', 'q1', 'Q1', `a${'b'.repeat(70)}`]);
    expect(names.get('to')).toBe('to_v');
    expect(names.get('q1')).toBe('q1');
    expect(names.get('Q1')).toBe('Q1_2');
    expect(names.get(`a${'b'.repeat(70)}`)).toHaveLength(64);
  });

  it('writes R strings in plain ASCII', () => {
    expect(rString('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
    expect(rString('café\n😀')).toBe('"caf\\u{e9}\\n\\U{1f600}"');
  });

  it('makes file names from survey titles', () => {
    expect(fileStem('Staff Survey 2006: Main wave')).toBe('staff-survey-2006-main-wave');
    expect(fileStem('Évaluation')).toBe('evaluation');
    expect(fileStem('!!!')).toBe('survey');
  });
});
