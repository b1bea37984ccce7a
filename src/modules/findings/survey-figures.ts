import type { Db } from '../../db/database.ts';
import { compareWaves, surveyResults, type Audience } from '../results/service.ts';
import type { Evidence } from './evidence.ts';

/**
 * The figures behind a linked survey result, recomputed from the responses by the results
 * module, as short lines for the finding's page: each group's mean, each wave's mean, or each
 * answer's count. Groups the audience may not see stay hidden, as they do in the results pages.
 */

const figure = (n: number | null, digits = 2) => (n === null ? '–' : n.toFixed(digits));

export async function surveyFigures(db: Db, evaluationId: string, evidence: Evidence, audience: Audience): Promise<string[]> {
  const spec = evidence.resultSpec ?? {};
  const surveyId = evidence.surveyId;
  if (!surveyId) return [];
  const scale = typeof spec.scale === 'string' ? spec.scale : null;
  if (spec.view === 'scale-by-unit') {
    const results = await surveyResults(db, evaluationId, surveyId, { by: typeof spec.by === 'string' ? spec.by : undefined, audience });
    if (results.withheld) return [results.withheld];
    return results.scales
      .filter((s) => !scale || s.id === scale)
      .map((s) => `${s.name}: ${s.groups.map((g) => `${g.label} ${g.mean === null ? (g.note ?? 'no figure') : `${figure(g.mean)} (n ${g.n})`}`).join('; ')}`);
  }
  if (spec.view === 'wave-change') {
    const results = await compareWaves(db, evaluationId, surveyId, { audience });
    return results.scales
      .filter((s) => !scale || s.scale === scale)
      .map((s) => `${s.name}: ${s.waves.map((w) => `${w.label} ${w.mean === null ? (w.note ?? 'no figure') : `${figure(w.mean)} (n ${w.n})`}`).join(' → ')}`);
  }
  const results = await surveyResults(db, evaluationId, surveyId, { audience });
  if (results.withheld) return [results.withheld];
  const question = typeof spec.question === 'string' ? spec.question : null;
  return results.items
    .filter((t) => (question ? t.question === question : true))
    .slice(0, question ? 1 : 5)
    .map((t) => `${t.text}: ${t.options.map((o) => `${o.label} ${o.suppressed || o.count === null ? 'not shown' : o.count}`).join('; ')}`);
}
