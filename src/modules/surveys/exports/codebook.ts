import { getInstrument } from '../../instruments/service.ts';
import { describeCondition } from '../conditions.ts';
import type { Page, Question } from '../definition.ts';
import type { Variable } from '../variables.ts';
import { byteOrderMark, csvLine } from './csv.ts';
import type { ExportLayout } from './layout.ts';

/** One line of the codebook: what a column holds and where it came from. */
export interface CodebookEntry {
  variable: string;
  question: string;
  page: string;
  type: string;
  values: string;
  missing: string;
  scales: string;
  condition: string;
}

export const codebookHeader = ['variable', 'question', 'page', 'type', 'values', 'missing', 'scales', 'condition'] as const;

function typeOf(variable: Variable): string {
  const f = variable.question.format;
  switch (f.type) {
    case 'likert':
      return `Likert, ${f.points} points`;
    case 'single':
      return 'Single choice (option code)';
    case 'multiple':
      return 'Multiple choice: 1 if this option was chosen, 0 if not';
    case 'boolean':
      return 'Two answers (1 or 0)';
    case 'scale':
      return `Scale from ${f.min} to ${f.max}`;
    case 'number':
      return `${f.integer ? 'Whole number' : 'Number'}${f.suffix ? ` (${f.suffix})` : ''}`;
    case 'text':
      return `Free text, up to ${f.maxLength} characters`;
    case 'date':
      return 'Date (yyyy-mm-dd)';
  }
}

/** The instrument scales an item belongs to, directly or through a subscale. */
export function scaleMembership(question: Question): string {
  if (!question.source) return '';
  const { instrument: instrumentId, item } = question.source;
  const instrument = getInstrument(instrumentId);
  const origin = `${instrument?.shortName ?? instrument?.name ?? instrumentId} item ${item}`;
  if (!instrument) return origin;
  const direct = instrument.scales.filter((s) => s.items?.some((m) => m.item === item));
  const names = direct.map((s) => s.name);
  for (const scale of direct) {
    for (const parent of instrument.scales.filter((p) => p.subscales?.includes(scale.id))) names.push(`${parent.name} (through ${scale.name})`);
  }
  return names.length ? `${origin}; scales: ${names.join('; ')}` : origin;
}

/** When the question is asked: its own condition and its page's, in words. */
function conditionWords(page: Page | undefined, question: Question): string {
  const parts = [describeCondition(question.condition)];
  if (page?.condition) parts.push(describeCondition(page.condition).replace(/^Shown/, 'its page is shown'));
  const text = parts.filter(Boolean).join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A codebook line for every column of the export, fixed columns first. */
export function codebookEntries(layout: ExportLayout, pages: Page[]): CodebookEntry[] {
  const pageOf = new Map(pages.flatMap((p) => p.questions.map((q) => [q.id, p] as const)));
  const fixed = layout.fixed.map((c) => ({ variable: c.name, question: c.label, page: '', type: c.kind === 'numeric' ? 'Number' : 'Text', values: '', missing: '', scales: '', condition: '' }));
  const questions = layout.variables.map((v) => ({
    variable: v.name,
    question: v.label,
    page: v.pageTitle,
    type: typeOf(v),
    values: v.values.map((x) => `${x.code} = ${x.label}`).join('; '),
    missing: v.missing.map((m) => `${m.numeric} = ${m.label}`).join('; '),
    scales: scaleMembership(v.question),
    condition: conditionWords(pageOf.get(v.questionId), v.question),
  }));
  return [...fixed, ...questions];
}

export function codebookCsv(entries: CodebookEntry[], bom = false): string {
  const style = { lineBreaks: 'keep' } as const;
  const lines = [csvLine([...codebookHeader], style), ...entries.map((e) => csvLine(codebookHeader.map((k) => e[k]), style))];
  return (bom ? byteOrderMark : '') + lines.join('');
}
