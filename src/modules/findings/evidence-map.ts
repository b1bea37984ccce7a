import type { Db } from '../../db/database.ts';
import { feedbackOnFindings, type FindingFeedback } from '../casework/learning-sets/feedback-summary.ts';
import { evidenceMethods, methodLabels, type EvidenceMethod } from './evidence.ts';
import { listFindings, type Finding, type Valence } from './service.ts';

/**
 * The triangulation view: for each framework construct that findings speak to, what each method
 * of the evaluation says about those findings — how many pieces support them and how many
 * contradict them — and a verdict in words. Learning sets count too: a member who agrees supports
 * a finding, one who disagrees contradicts it, and one who adds nuance makes it mixed.
 */

export const mapMethods = [...evidenceMethods, 'learning-sets'] as const;
export type MapMethod = (typeof mapMethods)[number];

export type Verdict = 'supports' | 'contradicts' | 'mixed' | 'none';
export const verdictLabels: Record<Verdict, string> = { supports: 'Supports', contradicts: 'Contradicts', mixed: 'Mixed', none: 'No evidence' };

export interface EvidenceCell {
  method: MapMethod;
  methodLabel: string;
  supports: number;
  contradicts: number;
  /** Learning-set responses that add nuance (always 0 for other methods). */
  nuances: number;
  /** Findings of the construct with evidence from this method. */
  findingIds: string[];
  verdict: Verdict;
  verdictLabel: string;
}

export interface EvidenceMap {
  methods: { method: MapMethod; label: string }[];
  constructs: { id: string; name: string; findingIds: string[]; cells: EvidenceCell[] }[];
}

export function verdictOf(supports: number, contradicts: number, nuances: number): Verdict {
  if (supports + contradicts + nuances === 0) return 'none';
  if (nuances > 0 || (supports > 0 && contradicts > 0)) return 'mixed';
  return supports > 0 ? 'supports' : 'contradicts';
}

/** The map from findings and their learning-set feedback; pure, so reports can build it from what they hold. */
export function buildEvidenceMap(findings: readonly Finding[], feedback: ReadonlyMap<string, Pick<FindingFeedback, 'agrees' | 'disagrees' | 'nuances'>>): EvidenceMap {
  const constructs = new Map<string, { id: string; name: string; findings: Finding[] }>();
  for (const finding of findings) {
    for (const c of finding.constructs) {
      const entry = constructs.get(c.id) ?? { id: c.id, name: c.name, findings: [] };
      entry.findings.push(finding);
      constructs.set(c.id, entry);
    }
  }
  const cellFor = (method: MapMethod, group: readonly Finding[]): EvidenceCell => {
    let supports = 0;
    let contradicts = 0;
    let nuances = 0;
    const findingIds: string[] = [];
    for (const finding of group) {
      const before = supports + contradicts + nuances;
      if (method === 'learning-sets') {
        const f = feedback.get(finding.id);
        supports += f?.agrees ?? 0;
        contradicts += f?.disagrees ?? 0;
        nuances += f?.nuances ?? 0;
      } else {
        for (const e of finding.evidence) {
          if (e.method !== (method as EvidenceMethod)) continue;
          if (e.stance === 'supports') supports += 1;
          else contradicts += 1;
        }
      }
      if (supports + contradicts + nuances > before) findingIds.push(finding.id);
    }
    const verdict = verdictOf(supports, contradicts, nuances);
    return { method, methodLabel: methodLabels[method], supports, contradicts, nuances, findingIds, verdict, verdictLabel: verdictLabels[verdict] };
  };
  return {
    methods: mapMethods.map((method) => ({ method, label: methodLabels[method] })),
    constructs: [...constructs.values()].map((c) => ({ id: c.id, name: c.name, findingIds: c.findings.map((f) => f.id), cells: mapMethods.map((m) => cellFor(m, c.findings)) })),
  };
}

export async function evidenceMap(db: Db, evaluationId: string): Promise<EvidenceMap> {
  const [findings, feedback] = await Promise.all([listFindings(db, evaluationId), feedbackOnFindings(db, evaluationId)]);
  return buildEvidenceMap(findings, feedback);
}

export interface FactorRow {
  construct: { id: string; name: string } | null;
  facilitating: { id: string; statement: string; strength: string }[];
  inhibiting: { id: string; statement: string; strength: string }[];
}

/**
 * The table of factors facilitating and inhibiting the change, one row per construct in codebook
 * order of first appearance; a mixed finding appears on both sides, and findings without a
 * construct share a last row.
 */
export function factorsTable(findings: readonly Pick<Finding, 'id' | 'statement' | 'strength' | 'valence' | 'constructs'>[]): FactorRow[] {
  const rows = new Map<string, FactorRow>();
  const rowFor = (construct: { id: string; name: string } | null) => {
    const key = construct?.id ?? '';
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { construct, facilitating: [], inhibiting: [] }));
    return row;
  };
  const sides = (valence: Valence): ('facilitating' | 'inhibiting')[] => (valence === 'mixed' ? ['facilitating', 'inhibiting'] : [valence]);
  for (const f of findings) {
    for (const construct of f.constructs.length ? f.constructs : [null]) {
      const row = rowFor(construct);
      for (const side of sides(f.valence)) row[side].push({ id: f.id, statement: f.statement, strength: f.strength });
    }
  }
  const all = [...rows.values()];
  return [...all.filter((r) => r.construct), ...all.filter((r) => !r.construct)];
}
