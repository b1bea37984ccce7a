import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../definition.ts';
import { DatasetFileError, readDataset } from './file.ts';
import { datasetRows, mappingProblems, storedValue, suggestMapping } from './mapping.ts';

const definition = parseDefinition({
  pages: [
    {
      id: 'p1',
      title: 'Questions',
      questions: [
        { id: 'programme', text: 'Which programme?', format: { type: 'single', options: [{ code: 'MHI', label: 'Mental health' }, { code: 'CfC', label: 'Children' }], missing: [] } },
        { id: 'cc_tc1', text: 'There is a need for change.', format: { type: 'likert', points: 5, labels: ['1', '2', '3', '4', '5'], missing: [{ code: 'NR', label: 'Not relevant' }] }, source: { instrument: 'change-climate', item: 'tc1' } },
        { id: 'started', text: 'Start date', format: { type: 'date' } },
      ],
    },
  ],
});
const q = (id: string) => definition.pages[0]!.questions.find((x) => x.id === id)!;

describe('data set mapping', () => {
  it('reads cells as stored answers: numbers, missing codes, option labels, UK dates', () => {
    expect(storedValue(q('cc_tc1'), ' 4 ')).toBe(4);
    expect(storedValue(q('cc_tc1'), 'nr')).toBe('NR');
    expect(storedValue(q('cc_tc1'), '')).toBeUndefined();
    expect(storedValue(q('programme'), 'mental health')).toBe('MHI');
    expect(storedValue(q('started'), '3/4/2005')).toBe('2005-04-03');
  });

  it('suggests columns named as question ids, item ids or question texts', () => {
    expect(suggestMapping(definition, ['Programme', 'tc1', 'Start date', 'other'])).toEqual({ Programme: 'programme', tc1: 'cc_tc1', 'Start date': 'started' });
  });

  it('names every row and column whose value does not fit, counting the header as row 1', () => {
    const table = { columns: ['prog', 'item'], rows: [['MHI', '4'], ['XYZ', '6'], ['CfC', '2.5']] };
    const { problems } = datasetRows(definition, table, { prog: 'programme', item: 'cc_tc1' });
    expect(problems).toEqual([
      'Row 3, column "prog" (question programme): "XYZ" is not one of the offered values MHI, CfC',
      'Row 3, column "item" (question cc_tc1): 6 is not one of the offered values 1–5, NR',
      'Row 4, column "item" (question cc_tc1): 2.5 is not one of the offered values 1–5, NR',
    ]);
  });

  it('refuses a mapping with a question twice, or with nothing mapped', () => {
    const table = { columns: ['a', 'b'], rows: [['4', '4']] };
    expect(mappingProblems(definition, table, { a: 'cc_tc1', b: 'cc_tc1' })[0]!.message).toBe('Columns "a" and "b" are both mapped to question cc_tc1: map each question once');
    expect(mappingProblems(definition, table, {})[0]!.message).toBe('Map at least one column to a question');
  });

  it('reads CSV with semicolons and a byte-order mark, and the first sheet of a workbook', async () => {
    const csv = await readDataset(Buffer.from('\uFEFFprogramme;tc1\nMHI;4\n'));
    expect(csv).toEqual({ columns: ['programme', 'tc1'], rows: [['MHI', '4']] });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['programme', 'tc1']);
    sheet.addRow(['CfC', 5]);
    const xlsx = await readDataset(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(xlsx).toEqual({ columns: ['programme', 'tc1'], rows: [['CfC', '5']] });
    await expect(readDataset(Buffer.from('a,a\n1,2\n'))).rejects.toThrow(DatasetFileError);
    await expect(readDataset(Buffer.from('a,b\n'))).rejects.toThrow('The file has a header row but no data rows');
  });
});
