import type { Instrument } from './definition.ts';
import { describeProblems, looksLikeHeader, readTwoColumnCsv, type RowProblem } from './csv-table.ts';

/** The longest item text accepted: long enough for any questionnaire item, short enough for a page. */
export const maxWordingLength = 2000;

export type WordingFile = { ok: true; wording: Map<string, string> } | { ok: false; problems: string[] };

/**
 * Reads licensed item wording (CSV: item id, text) for one instrument. Pure: it checks every row
 * against the definition and returns either the whole wording or every problem, never a part.
 */
export function parseWordingCsv(instrument: Instrument, csvText: string): WordingFile {
  if (instrument.licence.wording === 'included') {
    return { ok: false, problems: [`${instrument.name} ships with its own wording, so there is nothing to upload`] };
  }
  const ids = new Set(instrument.items.map((i) => i.id));
  const read = readTwoColumnCsv(csvText, ['item id', 'text'], looksLikeHeader(ids));
  const problems: RowProblem[] = [...read.problems];
  const wording = new Map<string, string>();
  const firstRow = new Map<string, number>();
  const problem = (row: number, message: string) => problems.push({ row, message });
  for (const { row, id: typed, value } of read.entries) {
    const id = typed.toLowerCase();
    if (!id) problem(row, 'the item id is empty');
    else if (!ids.has(id)) problem(row, `there is no item "${typed}" in ${instrument.name}`);
    else if (firstRow.has(id)) problem(row, `item "${typed}" appears again (first on row ${firstRow.get(id)})`);
    else if (!value) problem(row, `the text for item "${typed}" is empty`);
    else if (value.length > maxWordingLength) problem(row, `the text for item "${typed}" is longer than ${maxWordingLength.toLocaleString('en-GB')} characters`);
    else wording.set(id, value);
    if (id && !firstRow.has(id)) firstRow.set(id, row);
  }
  return problems.length ? { ok: false, problems: describeProblems(problems) } : { ok: true, wording };
}
