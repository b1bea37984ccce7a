import type { Instrument } from './definition.ts';
import { describeProblems, looksLikeHeader, readTwoColumnCsv, type RowProblem } from './csv-table.ts';
import { isOrdinal } from './response-formats.ts';

export type ScoringKeyFile = { ok: true; reverse: Map<string, boolean> } | { ok: false; problems: string[] };

/**
 * The keyed answer of an item, read as "is this item reverse-keyed?". For true/false and yes/no
 * items the key names the answer that scores (true = 1, so a "false" key reverses the item);
 * any ordinal item may also be keyed "forward" or "reverse".
 */
function readKey(answer: string, formatType: string): boolean | undefined {
  const key = answer.toLowerCase();
  if (key === 'forward' || key === '+') return false;
  if (key === 'reverse' || key === '-') return true;
  if (formatType === 'true-false' && (key === 'true' || key === 't')) return false;
  if (formatType === 'true-false' && (key === 'false' || key === 'f')) return true;
  if (formatType === 'yes-no' && (key === 'yes' || key === 'y')) return false;
  if (formatType === 'yes-no' && (key === 'no' || key === 'n')) return true;
  return undefined;
}

function allowedKeys(formatType: string): string {
  if (formatType === 'true-false') return '"true", "false", "forward" or "reverse"';
  if (formatType === 'yes-no') return '"yes", "no", "forward" or "reverse"';
  return '"forward" or "reverse"';
}

/** Reads a licensed scoring key (CSV: item id, keyed answer); all rows or none, like wording. */
export function parseScoringKeyCsv(instrument: Instrument, csvText: string): ScoringKeyFile {
  if (instrument.licence.scoringKey === 'included') {
    return { ok: false, problems: [`${instrument.name} ships with its scoring key, so there is nothing to upload`] };
  }
  const items = new Map(instrument.items.map((i) => [i.id, i]));
  const read = readTwoColumnCsv(csvText, ['item id', 'keyed answer'], looksLikeHeader(new Set(items.keys())));
  const problems: RowProblem[] = [...read.problems];
  const problem = (row: number, message: string) => problems.push({ row, message });
  const reverse = new Map<string, boolean>();
  const firstRow = new Map<string, number>();
  for (const { row, id: typed, value } of read.entries) {
    const id = typed.toLowerCase();
    const item = items.get(id);
    const format = item && instrument.responseFormats[item.format];
    if (!id) problem(row, 'the item id is empty');
    else if (!item || !format) problem(row, `there is no item "${typed}" in ${instrument.name}`);
    else if (firstRow.has(id)) problem(row, `item "${typed}" appears again (first on row ${firstRow.get(id)})`);
    else if (!isOrdinal(format)) problem(row, `item "${typed}" has answers without an order, so it cannot be keyed`);
    else if (!value) problem(row, `the keyed answer for item "${typed}" is empty`);
    else {
      const key = readKey(value, format.type);
      if (key === undefined) problem(row, `"${value}" is not a keyed answer for item "${typed}"; use ${allowedKeys(format.type)}`);
      else reverse.set(id, key);
    }
    if (id && !firstRow.has(id)) firstRow.set(id, row);
  }
  return problems.length ? { ok: false, problems: describeProblems(problems) } : { ok: true, reverse };
}
