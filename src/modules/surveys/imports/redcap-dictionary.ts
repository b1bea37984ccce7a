import { CsvError, parse } from 'csv-parse/sync';
import { ImportError, importText } from './report.ts';

/**
 * Reads a REDCap data dictionary (CSV) into one record per field. Columns are found by their
 * names, as REDCap writes them in the designer's download ("Variable / Field Name", "Field Type" …)
 * or in the API's export ("field_name", "field_type" …), so their order does not matter.
 */

export interface RedcapField {
  /** The spreadsheet row number, counting the header, for error messages. */
  row: number;
  variable: string;
  form: string;
  sectionHeader: string;
  type: string;
  label: string;
  choices: string;
  note: string;
  validation: string;
  min: string;
  max: string;
  identifier: boolean;
  branching: string;
  required: boolean;
  matrixRanking: boolean;
  annotation: string;
}

type Column = Exclude<keyof RedcapField, 'row'>;

/** Each column's name as REDCap's designer writes it, and the names that identify it. */
const columns: Record<Column, { title: string; names: string[]; prefix?: boolean }> = {
  variable: { title: 'Variable / Field Name', names: ['variablefieldname', 'fieldname'] },
  form: { title: 'Form Name', names: ['formname'] },
  sectionHeader: { title: 'Section Header', names: ['sectionheader'] },
  type: { title: 'Field Type', names: ['fieldtype'] },
  label: { title: 'Field Label', names: ['fieldlabel'] },
  choices: { title: 'Choices, Calculations, OR Slider Labels', names: ['choicescalculations', 'selectchoicesorcalculations', 'choices'], prefix: true },
  note: { title: 'Field Note', names: ['fieldnote'] },
  validation: { title: 'Text Validation Type OR Show Slider Number', names: ['textvalidationtype'], prefix: true },
  min: { title: 'Text Validation Min', names: ['textvalidationmin'] },
  max: { title: 'Text Validation Max', names: ['textvalidationmax'] },
  identifier: { title: 'Identifier?', names: ['identifier'] },
  branching: { title: 'Branching Logic (Show field only if...)', names: ['branchinglogic'], prefix: true },
  required: { title: 'Required Field?', names: ['requiredfield'], prefix: true },
  matrixRanking: { title: 'Matrix Ranking?', names: ['matrixranking'] },
  annotation: { title: 'Field Annotation', names: ['fieldannotation'] },
};

const requiredColumns: Column[] = ['variable', 'form', 'type', 'label'];

export function columnTitle(column: Column): string {
  return columns[column].title;
}

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function findColumns(header: string[]): Map<Column, number> {
  const found = new Map<Column, number>();
  const names = header.map(normalise);
  for (const [column, spec] of Object.entries(columns) as [Column, (typeof columns)[Column]][]) {
    const index = names.findIndex((name) => spec.names.some((n) => (spec.prefix ? name.startsWith(n) : name === n)));
    if (index >= 0) found.set(column, index);
  }
  const missing = requiredColumns.filter((c) => !found.has(c));
  if (missing.length) {
    const shown = header.slice(0, 6).map((h) => `"${h}"`).join(', ');
    throw new ImportError(`The file is not a REDCap data dictionary: its first row has no ${missing.map(columnTitle).join(', ')} column${missing.length === 1 ? '' : 's'} (it starts ${shown || 'empty'})`);
  }
  return found;
}

function readRows(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = Number((error as CsvError & { lines?: number }).lines ?? 0);
    const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed (a double quote is missing)' : error.message;
    throw new ImportError(`The CSV file cannot be read at row ${row}: ${what}`);
  }
}

const yes = (value: string) => ['y', 'yes', '1'].includes(value.trim().toLowerCase());

export function readRedcapDictionary(content: string | Buffer): RedcapField[] {
  const text = importText(content, 'a REDCap data dictionary (.csv)');
  if (/^\s*</.test(text)) throw new ImportError('The file is not a REDCap data dictionary: it looks like XML or HTML, not CSV (a LimeSurvey structure is imported as .lss)');
  const rows = readRows(text).map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...body] = rows;
  if (!header) throw new ImportError('The file is empty: a REDCap data dictionary has a header row and one row per field');
  const found = findColumns(header.cells.map((c) => c.trim()));
  if (!body.length) throw new ImportError('The data dictionary has a header row but no fields');
  const cell = (cells: string[], column: Column) => {
    const index = found.get(column);
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  return body.map(({ row, cells }) => ({
    row,
    variable: cell(cells, 'variable'),
    form: cell(cells, 'form'),
    sectionHeader: cell(cells, 'sectionHeader'),
    type: cell(cells, 'type').toLowerCase(),
    label: cell(cells, 'label'),
    choices: cell(cells, 'choices'),
    note: cell(cells, 'note'),
    validation: cell(cells, 'validation').toLowerCase(),
    min: cell(cells, 'min'),
    max: cell(cells, 'max'),
    identifier: yes(cell(cells, 'identifier')),
    branching: cell(cells, 'branching'),
    required: yes(cell(cells, 'required')),
    matrixRanking: yes(cell(cells, 'matrixRanking')),
    annotation: cell(cells, 'annotation'),
  }));
}

/** REDCap's "1, Yes | 2, No": code before the first comma, label after it. */
export function parseChoices(field: RedcapField): { code: string; label: string }[] {
  const choices = field.choices.split('|').map((part) => part.trim()).filter(Boolean).map((part) => {
    const comma = part.indexOf(',');
    if (comma <= 0) {
      throw new ImportError(`Row ${field.row}, column ${columnTitle('choices')}: "${part}" is not a "code, label" pair (field ${field.variable})`);
    }
    return { code: part.slice(0, comma).trim(), label: part.slice(comma + 1).trim() };
  });
  const codes = choices.map((c) => c.code);
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate !== undefined) throw new ImportError(`Row ${field.row}, column ${columnTitle('choices')}: the code ${duplicate} is used twice (field ${field.variable})`);
  return choices;
}
