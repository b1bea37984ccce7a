import { allQuestions, type Question, type SurveyDefinition } from '../definition.ts';
import { checkStoredAnswers, type ResponseToStore } from '../responses-import.ts';
import type { DatasetTable } from './file.ts';

/**
 * An existing data set's columns mapped to a survey's questions, and each row turned into stored
 * answers by the survey's own rules. Pure: the problems name the file's row (the header is row 1)
 * and column, so a researcher can find the cell.
 */

/** Column name → question id; columns mapped to nothing are left out. */
export type ColumnMapping = Record<string, string>;

const missingCode = /^(NR|DK)$/i;
const wholeNumber = /^-?\d+(\.0+)?$/;
const decimal = /^-?\d+(\.\d+)?$/;

/** A cell as the stored answer; undefined for a blank cell. Values that do not fit are passed on for the check to name. */
export function storedValue(question: Question, cell: string): unknown {
  const text = cell.trim();
  if (text === '') return undefined;
  const f = question.format;
  switch (f.type) {
    case 'likert':
    case 'scale':
    case 'boolean':
      if (missingCode.test(text)) return text.toUpperCase();
      return wholeNumber.test(text) ? Number(text) : decimal.test(text) ? Number(text) : text;
    case 'single': {
      if (missingCode.test(text) && f.missing.some((m) => m.code === text.toUpperCase())) return text.toUpperCase();
      const byLabel = f.options.find((o) => o.code === text) ?? f.options.find((o) => o.label.toLowerCase() === text.toLowerCase() || o.code.toLowerCase() === text.toLowerCase());
      return byLabel ? byLabel.code : text;
    }
    case 'multiple':
      return text.split(/[;,]/).map((code) => code.trim()).filter(Boolean);
    case 'number':
      return decimal.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : text;
    case 'date': {
      const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
      return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
    }
    default:
      return text;
  }
}

/** A first guess at the mapping: a column named as a question id, as an instrument item id, or as a question's text. */
export function suggestMapping(definition: SurveyDefinition, columns: readonly string[]): ColumnMapping {
  const questions = allQuestions(definition).filter((q) => !definition.linkingCode?.questions.includes(q.id));
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const column of columns) {
    const name = column.trim().toLowerCase();
    const q = questions.find((x) => !used.has(x.id) && (x.id.toLowerCase() === name || x.source?.item.toLowerCase() === name || x.text.trim().toLowerCase() === name));
    if (q) {
      mapping[column] = q.id;
      used.add(q.id);
    }
  }
  return mapping;
}

/** Problems with the mapping itself, each with the field of the form it concerns. */
export function mappingProblems(definition: SurveyDefinition, table: DatasetTable, mapping: ColumnMapping): { field: string; message: string }[] {
  const questions = new Map(allQuestions(definition).map((q) => [q.id, q]));
  const linking = new Set(definition.linkingCode?.questions ?? []);
  const problems: { field: string; message: string }[] = [];
  const seen = new Map<string, string>();
  table.columns.forEach((column, i) => {
    const target = mapping[column];
    if (!target) return;
    const field = `column-${i}`;
    if (!questions.has(target)) problems.push({ field, message: `Column "${column}": there is no question ${target} in the survey` });
    else if (linking.has(target)) problems.push({ field, message: `Column "${column}": ${target} is part of the linking code, whose answers are never stored` });
    else if (seen.has(target)) problems.push({ field, message: `Columns "${seen.get(target)}" and "${column}" are both mapped to question ${target}: map each question once` });
    seen.set(target, column);
  });
  if (!seen.size && !problems.length) problems.push({ field: 'column-0', message: 'Map at least one column to a question' });
  return problems;
}

/** Each row's answers, and every problem in words naming the file's row, the column and the question. */
export function datasetRows(definition: SurveyDefinition, table: DatasetTable, mapping: ColumnMapping): { rows: ResponseToStore[]; problems: string[] } {
  const questions = new Map(allQuestions(definition).map((q) => [q.id, q]));
  const mapped = table.columns.flatMap((column, i) => (mapping[column] && questions.has(mapping[column]!) ? [{ column, index: i, question: questions.get(mapping[column]!)! }] : []));
  const columnOf = new Map(mapped.map((m) => [m.question.id, m.column]));
  const rows: ResponseToStore[] = [];
  const problems: string[] = [];
  table.rows.forEach((cells, r) => {
    const answers: Record<string, unknown> = {};
    for (const m of mapped) {
      const value = storedValue(m.question, cells[m.index] ?? '');
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) answers[m.question.id] = value;
    }
    for (const p of checkStoredAnswers(definition, answers, 'complete')) {
      const column = p.question ? columnOf.get(p.question) : undefined;
      const where = column ? `, column "${column}" (question ${p.question})` : p.question ? `, question ${p.question}` : '';
      problems.push(`Row ${r + 2}${where}: ${p.message}`);
    }
    rows.push({ answers, status: 'complete' });
  });
  return { rows, problems };
}
