import type { Db } from '../../db/database.ts';
import { listFindings, listRecommendations, type Finding } from '../findings/service.ts';
import type { Block } from './model.ts';

/**
 * Findings by framework construct with their evidence, the table of factors helping and holding
 * back the change, and the recommendations: all from the findings module.
 */

const valenceWords: Record<string, string> = { facilitating: 'helps the change', inhibiting: 'holds the change back', mixed: 'mixed' };

function findingBlocks(finding: Finding, number: number, alsoAbout: string[]): Block[] {
  const blocks: Block[] = [
    { kind: 'paragraph', text: `Finding ${number}: ${finding.statement} (${valenceWords[finding.valence] ?? finding.valence}; ${finding.strength} evidence)` },
  ];
  if (finding.detail) blocks.push({ kind: 'paragraph', text: finding.detail });
  if (alsoAbout.length) blocks.push({ kind: 'paragraph', text: `Also about: ${alsoAbout.join(', ')}.` });
  const others: string[] = [];
  for (const e of finding.evidence) {
    const against = e.stance === 'contradicts' ? ' (against the finding)' : '';
    if ((e.kind === 'quote' || e.kind === 'coding') && e.excerpt) blocks.push({ kind: 'quote', text: e.excerpt, attribution: `${e.attribution ?? 'Interviewee'}${against}` });
    else if (e.kind !== 'quote' && e.kind !== 'coding') others.push(`${e.title}${e.note ? `: ${e.note}` : ''}${against}`);
  }
  if (others.length) blocks.push({ kind: 'list', items: others });
  return blocks;
}

export interface FindingSections {
  findings: Block[];
  factors: Block[];
  recommendations: Block[];
}

export async function findingSections(db: Db, evaluationId: string): Promise<FindingSections> {
  const findings = await listFindings(db, evaluationId);
  const number = new Map(findings.map((f, i) => [f.id, i + 1]));
  // Each finding is told under its first construct; the rest are named beside it.
  const byConstruct = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = finding.constructs[0]?.name ?? 'Other findings';
    byConstruct.set(key, [...(byConstruct.get(key) ?? []), finding]);
  }
  const findingsBlocks: Block[] = findings.length ? [] : [{ kind: 'paragraph', text: 'The team has recorded no findings yet.' }];
  for (const [construct, list] of byConstruct) {
    findingsBlocks.push({ kind: 'heading', text: construct });
    for (const f of list) findingsBlocks.push(...findingBlocks(f, number.get(f.id)!, f.constructs.slice(1).map((c) => c.name)));
  }

  const constructs = [...new Set(findings.flatMap((f) => (f.constructs.length ? f.constructs.map((c) => c.name) : ['Other findings'])))];
  const cell = (construct: string, valences: string[]) =>
    findings
      .filter((f) => valences.includes(f.valence) && (f.constructs.length ? f.constructs.some((c) => c.name === construct) : construct === 'Other findings'))
      .map((f) => `${number.get(f.id)}. ${f.statement}`)
      .join('\n');
  const factors: Block[] = findings.length
    ? [{ kind: 'table', caption: 'Factors helping and holding back the change, by construct', columns: ['Construct', 'Helping (facilitating)', 'Holding back (inhibiting)'], rows: constructs.map((c) => [c, cell(c, ['facilitating', 'mixed']), cell(c, ['inhibiting', 'mixed'])]) }]
    : [{ kind: 'paragraph', text: 'The team has recorded no findings yet.' }];

  const recommendations = await listRecommendations(db, evaluationId);
  const recommendationBlocks: Block[] = recommendations.length
    ? [{
        kind: 'list',
        items: recommendations.map((r, i) => {
          const from = r.findingIds.map((id) => number.get(id)).filter((n) => n !== undefined);
          return `${i + 1}. ${r.text}${r.addressedTo ? ` (for ${r.addressedTo})` : ''}${from.length ? ` Follows from finding${from.length > 1 ? 's' : ''} ${from.join(', ')}.` : ''}`;
        }),
      }]
    : [{ kind: 'paragraph', text: 'The team has made no recommendations yet.' }];
  return { findings: findingsBlocks, factors, recommendations: recommendationBlocks };
}
