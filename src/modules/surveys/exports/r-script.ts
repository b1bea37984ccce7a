import type { Variable } from '../variables.ts';
import { isNumericVariable } from './cells.ts';
import type { ExportLayout } from './layout.ts';
import { exportNotes, type ExportDescription } from './notes.ts';

/**
 * An R script that reads the export's data CSV (written in codes) with every column's type set,
 * turns coded answers into factors with their labels, and keeps each question's wording as the
 * column's "label" attribute (shown by RStudio's viewer and used by the labelled and haven packages).
 * It needs base R only.
 */

/** An R string literal in plain ASCII, so the script reads the same whatever the locale. */
export function rString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    // R strings cannot hold a NUL character; nothing a survey stores needs one.
    else if (code === 0) continue;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code > 0x7e) out += code > 0xffff ? `\\U{${code.toString(16)}}` : `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

const rVector = (items: string[]) => `c(${items.join(', ')})`;

function columnClass(variable: Variable): string {
  if (isNumericVariable(variable)) return 'numeric';
  return 'character';
}

function codeText(variable: Variable, code: string | number): string {
  return isNumericVariable(variable) ? String(code) : rString(String(code));
}

/** Columns with codes a factor can name: all but numbers, 0–10 scales, free text and dates. */
function isFactor(variable: Variable): boolean {
  const type = variable.question.format.type;
  return variable.option !== undefined || type === 'likert' || type === 'boolean' || type === 'single';
}

function factorLine(variable: Variable): string {
  const column = `responses[[${rString(variable.name)}]]`;
  const levels = rVector(variable.values.map((v) => codeText(variable, v.code)));
  const labels = rVector(variable.values.map((v) => rString(v.label)));
  const ordered = variable.question.format.type === 'likert' ? ', ordered = TRUE' : '';
  return `${column} <- factor(${column}, levels = ${levels}, labels = ${labels}${ordered})`;
}

function missingLine(variable: Variable): string {
  const column = `responses[[${rString(variable.name)}]]`;
  return `${column}[${column} %in% ${rVector(variable.missing.map((m) => codeText(variable, m.numeric)))}] <- NA`;
}

export function rScript(layout: ExportLayout, description: ExportDescription, dataFile: string): string {
  const notes = exportNotes(layout, description).map((line) => `# ${line.replace(/\s+/g, ' ')}`);
  const classes = [
    ...layout.fixed.map((c) => `${rString(c.name)} = ${rString(c.kind === 'numeric' ? 'numeric' : 'character')}`),
    ...layout.variables.map((v) => `${rString(v.name)} = ${rString(columnClass(v))}`),
  ];
  const labelled = [...layout.fixed.map((c) => [c.name, c.label] as const), ...layout.variables.map((v) => [v.name, v.label] as const)];
  const withMissing = layout.variables.filter((v) => v.missing.length);
  const dates = layout.variables.filter((v) => v.question.format.type === 'date');
  return [
    ...notes,
    '# Run it with the data file in the working directory, or put the file\'s full path below.',
    '',
    `data_file <- ${rString(dataFile)}`,
    'responses <- read.csv(data_file, fileEncoding = "UTF-8", na.strings = "", check.names = FALSE,',
    `  colClasses = c(\n    ${classes.join(',\n    ')}\n  ))`,
    '',
    ...(withMissing.length
      ? [
          '# -1 (not relevant) and -2 (don\'t know) were offered as answers but count as missing in analysis,',
          '# so they become NA here. The data file keeps them, should you need to tell them apart.',
          ...withMissing.map(missingLine),
          '',
        ]
      : []),
    '# Coded answers become factors labelled with the answer wording; Likert items are ordered.',
    ...layout.variables.filter(isFactor).map(factorLine),
    '',
    ...(dates.length ? ['# Dates are yyyy-mm-dd.', ...dates.map((v) => `responses[[${rString(v.name)}]] <- as.Date(responses[[${rString(v.name)}]])`), ''] : []),
    '# Each column keeps its question wording as its "label" attribute.',
    ...labelled.map(([column, label]) => `attr(responses[[${rString(column)}]], "label") <- ${rString(label)}`),
    '',
  ].join('\n');
}
