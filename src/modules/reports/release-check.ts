import type { Db } from '../../db/database.ts';
import { prereleaseCheck } from '../qualitative/pseudonyms/service.ts';
import { audienceFor } from '../results/service.ts';
import type { Block, ReportModel, TableBlock } from './model.ts';

/**
 * What must be true before a version leaves the team: no quote (its words or its attribution)
 * still holds a staff directory name or a pseudonymisation term — the qualitative module's own
 * pre-release check, run on the quotes exactly as this version prints them — and no table or
 * chart shows a group smaller than the disclosure threshold.
 */

export interface ReleaseProblem {
  kind: 'quote' | 'small-group';
  /** A sentence saying what to fix. */
  message: string;
}

const quoteStart = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

function tablesOf(blocks: readonly Block[]): TableBlock[] {
  return blocks.flatMap((b) => (b.kind === 'table' ? [b] : b.kind === 'chart' ? [b.table] : []));
}

export async function releaseCheck(db: Db, evaluationId: string, model: ReportModel): Promise<ReleaseProblem[]> {
  const problems: ReleaseProblem[] = [];
  const quotes = model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'quote' ? [{ section: s.title, quote: b }] : [])));
  const texts = quotes.flatMap(({ quote }, i) => [{ id: `${i}|text`, text: quote.text }, { id: `${i}|attribution`, text: quote.attribution }]);
  for (const result of await prereleaseCheck(db, evaluationId, texts)) {
    if (result.clear) continue;
    const [index, where] = result.id.split('|');
    const { section, quote } = quotes[Number(index)]!;
    const names = [...new Set(result.findings.map((f) => `“${f.found}”${f.source === 'directory' ? ' (a name in the staff directory)' : ` (listed as a ${f.kind} to replace)`}`))];
    problems.push({ kind: 'quote', message: `A quote in “${section}” still names ${names.join(' and ')} in its ${where === 'text' ? 'words' : 'attribution'}: “${quoteStart(quote.text)}”. Edit the quote, then save a new version.` });
  }
  // The threshold now, or the one the version was built with if that was higher.
  const threshold = Math.max(model.threshold, (await audienceFor(db, evaluationId, 'viewer')).threshold);
  for (const section of model.sections) {
    for (const table of tablesOf(section.blocks)) {
      (table.groupSizes ?? []).forEach((n, row) => {
        if (n !== null && n > 0 && n < threshold) {
          problems.push({ kind: 'small-group', message: `Table “${table.caption}” in “${section.title}” shows a group of ${n} (${table.rows[row]?.[0] ?? 'a row'}), fewer than ${threshold} people. Save a new version, which leaves such groups out.` });
        }
      });
    }
  }
  return problems;
}
