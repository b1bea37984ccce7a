import { describe, expect, it } from 'vitest';
import { getInstrument } from './catalogue.ts';
import { detectDelimiter } from './csv-table.ts';
import { parseScoringKeyCsv } from './scoring-key-file.ts';
import { parseWordingCsv } from './wording-file.ts';

const oric = getInstrument('oric')!;
const wes = getInstrument('work-environment-scale')!;

function wording(csv: string): Map<string, string> {
  const result = parseWordingCsv(oric, csv);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.wording;
}

function problems(csv: string): string[] {
  const result = parseWordingCsv(oric, csv);
  return result.ok ? [] : result.problems;
}

describe('licensed wording files', () => {
  it('reads a plain file without a header', () => {
    expect([...wording('com1,First text\ncom2,Second text\n')]).toEqual([['com1', 'First text'], ['com2', 'Second text']]);
  });

  it('skips a header row and a byte-order mark', () => {
    const read = wording('\uFEFFitem_id,text\r\ncom1,First\r\n');
    expect([...read]).toEqual([['com1', 'First']]);
  });

  it('reads semicolons, quoted delimiters, doubled quotes and line breaks inside quotes', () => {
    const read = wording('Item ID;Text\ncom1;"We, the staff; all of us"\ncom2;"Two\nlines"\ncom3;"Say ""yes"""\ncom4;A so-called "hub" model\n');
    expect(read.get('com1')).toBe('We, the staff; all of us');
    expect(read.get('com2')).toBe('Two\nlines');
    expect(read.get('com3')).toBe('Say "yes"');
    expect(read.get('com4')).toBe('A so-called "hub" model');
  });

  it('reads quoted commas in a comma file and ignores blank rows and case in ids', () => {
    const read = wording('COM1,"Plans, people and money"\n\n  \ncom2, Trimmed \n');
    expect(read.get('com1')).toBe('Plans, people and money');
    expect(read.get('com2')).toBe('Trimmed');
  });

  it('names the row and the problem for every bad row, counting header and blank rows', () => {
    const found = problems('item_id,text\ncom1,Fine\n\ncom9,Unknown\ncom1,Again\ncom2,\ncom3,Too,many\ncom4\n,Orphan text\n');
    expect(found).toEqual([
      'Row 4: there is no item "com9" in Organizational Readiness for Implementing Change (ORIC)',
      'Row 5: item "com1" appears again (first on row 2)',
      'Row 6: the text for item "com2" is empty',
      'Row 7: has 3 columns but needs 2 (item id, text); put text that contains a comma or semicolon in double quotes',
      'Row 8: has 1 column but needs 2 (item id, text); put text that contains a comma or semicolon in double quotes',
      'Row 9: the item id is empty',
    ]);
  });

  it('refuses an empty file, an unclosed quote and text that is too long', () => {
    expect(problems('')).toEqual(['The file has no rows: each row needs item id and text']);
    expect(problems('item_id,text\n')).toEqual(['The file has no rows: each row needs item id and text']);
    expect(problems('com1,ok\ncom2,"never closed\ncom3,x\n')).toEqual(['Row 2: a quoted field is never closed (a double quote is missing)']);
    expect(problems(`com1,${'x'.repeat(2001)}`)).toEqual(['Row 1: the text for item "com1" is longer than 2,000 characters']);
  });

  it('refuses wording for an instrument that ships its own', () => {
    const result = parseWordingCsv(getInstrument('change-climate')!, 'tc1,Other text');
    expect(result).toEqual({ ok: false, problems: ['Change climate ships with its own wording, so there is nothing to upload'] });
  });

  it('takes the delimiter that comes first outside quotes on the first line', () => {
    expect(detectDelimiter('a;b,c')).toBe(';');
    expect(detectDelimiter('"a,b";c')).toBe(';');
    expect(detectDelimiter('a,b;c')).toBe(',');
    expect(detectDelimiter('nothing\na;b')).toBe(',');
  });
});

describe('licensed scoring keys', () => {
  it('reads keyed answers as forward or reverse keying', () => {
    const result = parseScoringKeyCsv(wes, 'item,keyed\nq1,true\nq2,FALSE\nq3,forward\nq4,reverse\nq5,-\n');
    expect(result).toEqual({ ok: true, reverse: new Map([['q1', false], ['q2', true], ['q3', false], ['q4', true], ['q5', true]]) });
  });

  it('names bad keys, unknown items and repeats', () => {
    const result = parseScoringKeyCsv(wes, 'q1,maybe\nq1,true\nq91,true\nq2,\n');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      'Row 1: "maybe" is not a keyed answer for item "q1"; use "true", "false", "forward" or "reverse"',
      'Row 2: item "q1" appears again (first on row 1)',
      'Row 3: there is no item "q91" in Work Environment Scale (Form R)',
      'Row 4: the keyed answer for item "q2" is empty',
    ]);
  });

  it('refuses a key for an instrument that ships its own', () => {
    expect(parseScoringKeyCsv(oric, 'com1,forward')).toEqual({ ok: false, problems: ['Organizational Readiness for Implementing Change (ORIC) ships with its scoring key, so there is nothing to upload'] });
  });
});
