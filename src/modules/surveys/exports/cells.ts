import type { AnswerValue } from '../conditions.ts';
import type { Variable } from '../variables.ts';

/**
 * How one stored answer becomes one cell, in codes or in labels. A cell is a number, a string,
 * or null when there is no answer. The functions are made once per variable and then run for
 * every response, so the lookups are maps rather than searches.
 */
export type CellValue = string | number | null;
/** Takes the stored answer to the variable's question (undefined when there is none). */
export type Cell = (value: AnswerValue | undefined) => CellValue;
export type Mode = 'codes' | 'labels';

/** Answers that are numbers in the data: positions on a Likert or 0–10 scale, yes/no as 1/0, amounts. */
const numericTypes = new Set(['likert', 'boolean', 'scale', 'number']);
/** Numbers whose meaning is the number itself: kept as numbers even in labels mode. */
const quantityTypes = new Set(['scale', 'number']);

function isAnswered(value: AnswerValue | undefined | null): value is AnswerValue {
  return value !== undefined && value !== null && value !== '';
}

function asNumber(value: AnswerValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function multipleCell(variable: Variable, mode: Mode): Cell {
  const option = variable.option!;
  const chosen = mode === 'codes' ? 1 : (variable.values.find((v) => v.code === 1)?.label ?? '1');
  const notChosen = mode === 'codes' ? 0 : (variable.values.find((v) => v.code === 0)?.label ?? '0');
  return (value) => {
    if (!Array.isArray(value)) return null;
    return value.includes(option) ? chosen : notChosen;
  };
}

function missingMap(variable: Variable, mode: Mode): Map<string, string | number> {
  return new Map(variable.missing.map((m) => [m.code, mode === 'codes' ? m.numeric : m.label]));
}

function numericCell(variable: Variable, mode: Mode): Cell {
  const missing = missingMap(variable, mode);
  const labelled = mode === 'labels' && !quantityTypes.has(variable.question.format.type);
  const labels = new Map(variable.values.map((v) => [Number(v.code), v.label]));
  return (value) => {
    if (!isAnswered(value)) return null;
    if (typeof value === 'string' && missing.has(value)) return missing.get(value)!;
    const n = asNumber(value);
    if (n === null) return null;
    return labelled ? (labels.get(n) ?? n) : n;
  };
}

function codedTextCell(variable: Variable, mode: Mode): Cell {
  const missing = missingMap(variable, mode);
  const labels = new Map(variable.values.map((v) => [String(v.code), v.label]));
  return (value) => {
    if (!isAnswered(value)) return null;
    const text = Array.isArray(value) ? value.join(';') : String(value);
    if (missing.has(text)) return missing.get(text)!;
    return mode === 'labels' ? (labels.get(text) ?? text) : text;
  };
}

/** What a spreadsheet would take for the start of a formula when it opens a CSV file. */
const formulaStart = /^[=+\-@\t\r]/;

function textCell(variable: Variable, guardFormulas: boolean): Cell {
  const free = variable.question.format.type === 'text';
  return (value) => {
    if (!isAnswered(value)) return null;
    const text = Array.isArray(value) ? value.join(';') : String(value);
    // A respondent could type "=HYPERLINK(…)"; an apostrophe makes a spreadsheet show it as text.
    return guardFormulas && free && formulaStart.test(text) ? `'${text}` : text;
  };
}

/**
 * The cell function for one variable in codes or labels mode. `guardFormulas` is for CSV files
 * people open in a spreadsheet; statistics packages get free text exactly as typed.
 */
export function cellFor(variable: Variable, mode: Mode, guardFormulas = false): Cell {
  const type = variable.question.format.type;
  if (variable.option !== undefined) return multipleCell(variable, mode);
  if (numericTypes.has(type)) return numericCell(variable, mode);
  if (type === 'single') return codedTextCell(variable, mode);
  return textCell(variable, guardFormulas);
}

/** Whether a variable's codes are numbers (its column is numeric in SPSS and R). */
export function isNumericVariable(variable: Variable): boolean {
  return variable.option !== undefined || numericTypes.has(variable.question.format.type);
}

/**
 * The answers a coded variable nearly always holds (its codes and missing codes), so a writer can
 * turn each into its cell text once instead of once per response. Free text and dates have none.
 */
export function usualAnswers(variable: Variable): AnswerValue[] {
  const type = variable.question.format.type;
  const f = variable.question.format;
  if (variable.option !== undefined || !(numericTypes.has(type) || type === 'single')) return [];
  const points = f.type === 'scale' && f.max - f.min <= 100 ? Array.from({ length: f.max - f.min + 1 }, (_, i) => f.min + i) : [];
  return [...variable.values.map((v) => v.code), ...points, ...variable.missing.map((m) => m.code)];
}
