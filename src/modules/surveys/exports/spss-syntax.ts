import type { Variable } from '../variables.ts';
import { isNumericVariable } from './cells.ts';
import type { ExportLayout, FixedColumn } from './layout.ts';
import { exportNotes, type ExportDescription } from './notes.ts';

/**
 * An SPSS syntax file that reads the export's data CSV (written in codes) and gives every
 * variable its label, value labels, missing values and measurement level. GNU PSPP runs it too.
 */

// Words SPSS will not take as variable names.
const reserved = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
const maxNameBytes = 64;
const maxVariableLabelBytes = 255;
const maxValueLabelBytes = 120;
const maxStringWidth = 32767;

/** SPSS names for the columns: the same name unless SPSS would refuse it. */
export function spssNames(columns: string[]): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const column of columns) {
    let name = reserved.has(column.toUpperCase()) ? `${column}_v` : column;
    if (name.length > maxNameBytes) name = name.slice(0, maxNameBytes);
    for (let n = 2; used.has(name.toUpperCase()); n++) name = `${name.slice(0, maxNameBytes - String(n).length - 1)}_${n}`;
    used.add(name.toUpperCase());
    names.set(column, name);
  }
  return names;
}

/** Cuts text to a number of UTF-8 bytes without splitting a character. */
export function limitBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > bytes - 3) break;
    out += char;
    used += size;
  }
  return `${out}…`;
}

/**
 * A quoted SPSS string: quotes doubled, line breaks as spaces, and long text split into pieces
 * joined with "+" so no syntax line grows too long.
 */
export function spssString(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const pieces: string[] = [];
  for (let i = 0; i < flat.length || pieces.length === 0; i += 60) pieces.push(`'${flat.slice(i, i + 60).replace(/'/g, "''")}'`);
  return pieces.join('\n    + ');
}

function formatOf(variable: Variable): string {
  const f = variable.question.format;
  switch (f.type) {
    case 'multiple':
      return 'F1.0';
    case 'likert':
    case 'boolean':
      return 'F2.0';
    case 'scale':
      return `F${Math.max(2, String(f.min).length, String(f.max).length)}.0`;
    case 'number':
      return f.integer ? 'F12.0' : 'F16.4';
    case 'single':
      return `A${Math.max(2, ...f.options.map((o) => Buffer.byteLength(o.code)))}`;
    case 'text':
      return `A${Math.min(maxStringWidth, f.maxLength * 4)}`;
    case 'date':
      return 'SDATE10';
  }
}

function fixedFormat(column: FixedColumn): string {
  if (column.kind === 'numeric') return 'F4.0';
  return column.field === 'status' || column.field === 'purpose' ? 'A10' : column.field === 'started' || column.field === 'completed' ? 'A24' : 'A36';
}

function levelOf(variable: Variable): 'NOMINAL' | 'ORDINAL' | 'SCALE' {
  const type = variable.question.format.type;
  if (variable.option !== undefined) return 'NOMINAL';
  if (type === 'likert') return 'ORDINAL';
  if (type === 'scale' || type === 'number' || type === 'date') return 'SCALE';
  return 'NOMINAL';
}

function valueText(variable: Variable, code: string | number): string {
  return isNumericVariable(variable) ? String(code) : spssString(String(code));
}

function valueLabels(variable: Variable, name: string): string | undefined {
  const pairs = [...variable.values.map((v) => [v.code, v.label] as const), ...variable.missing.map((m) => [m.numeric, m.label] as const)];
  if (!pairs.length) return undefined;
  return `  /${name}\n${pairs.map(([code, label]) => `    ${valueText(variable, code)} ${spssString(limitBytes(label, maxValueLabelBytes))}`).join('\n')}`;
}

function missingValues(variable: Variable, name: string): string | undefined {
  if (!variable.missing.length) return undefined;
  return `  /${name} (${variable.missing.map((m) => valueText(variable, m.numeric)).join(', ')})`;
}

function comments(lines: string[]): string {
  return lines.map((line) => `* ${line.replace(/\s+/g, ' ').replace(/\.?\s*$/, '')}.`).join('\n');
}

/** Several sub-commands of one SPSS command, or nothing when there are none. */
function command(keyword: string, parts: (string | undefined)[]): string {
  const present = parts.filter((p): p is string => p !== undefined);
  if (!present.length) return '';
  return `${keyword}\n${present.join('\n').replace(/^ {2}\//, '  ')}.\n`;
}

export function spssSyntax(layout: ExportLayout, description: ExportDescription, dataFile: string): string {
  const names = spssNames([...layout.fixed.map((c) => c.name), ...layout.variables.map((v) => v.name)]);
  const name = (column: string) => names.get(column) ?? column;
  const renamed = [...names].filter(([from, to]) => from !== to).map(([from, to]) => `${from} is called ${to} here`);
  const header = comments([
    ...exportNotes(layout, description),
    'The codes -1 (not relevant) and -2 (don\'t know) are declared as missing values, so analyses leave them out',
    'Line breaks inside free-text answers are written as spaces, because SPSS reads one response per line',
    ...(renamed.length ? [`Renamed for SPSS: ${renamed.join('; ')}`] : []),
    `If SPSS cannot find the data file, put its full path in the FILE HANDLE command below`,
  ]);
  const variableList = [
    ...layout.fixed.map((c) => `    ${name(c.name)} ${fixedFormat(c)}`),
    ...layout.variables.map((v) => `    ${name(v.name)} ${formatOf(v)}`),
  ].join('\n');
  const labelled = [...layout.fixed.map((c) => [c.name, c.label] as const), ...layout.variables.map((v) => [v.name, v.label] as const)];
  return [
    header,
    '',
    `FILE HANDLE responses /NAME=${spssString(dataFile)}.`,
    'GET DATA',
    '  /TYPE=TXT',
    '  /FILE=responses',
    "  /ENCODING='UTF8'",
    '  /ARRANGEMENT=DELIMITED',
    '  /DELCASE=LINE',
    '  /FIRSTCASE=2',
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /VARIABLES=',
    `${variableList}.`,
    '',
    command('VARIABLE LABELS', labelled.map(([column, label]) => `  /${name(column)} ${spssString(limitBytes(label, maxVariableLabelBytes))}`)),
    command('VALUE LABELS', layout.variables.map((v) => valueLabels(v, name(v.name)))),
    command('MISSING VALUES', layout.variables.map((v) => missingValues(v, name(v.name)))),
    command('VARIABLE LEVEL', [
      ...layout.fixed.map((c) => `  /${name(c.name)} (NOMINAL)`),
      ...layout.variables.map((v) => `  /${name(v.name)} (${levelOf(v)})`),
    ]),
    'EXECUTE.',
    '',
  ].join('\n');
}
