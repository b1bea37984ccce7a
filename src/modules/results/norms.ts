import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound } from '../../http/errors.ts';
import { compareWithNorm, holmAdjust } from '../analysis/index.ts';
import { recordAudit } from '../accounts/audit.ts';
import { withheldReason, type Audience } from './audience.ts';
import type { Estimate } from './comparisons.ts';
import { instrumentsOf, loadResponses, loadSeries, scoredQuestions } from './data.ts';
import { scoreScales } from './scales.ts';
import * as store from './store.ts';

/** Published norms entered with their citations, and a survey's scale scores compared with them. */

export const normInput = z.object({
  instrumentScale: z.string({ error: 'Choose the scale the norm is for' }).regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/, 'Choose the scale the norm is for'),
  mean: z.coerce.number({ error: 'Enter the mean as a number' }).refine(Number.isFinite, 'Enter the mean as a number'),
  sd: z.coerce.number({ error: 'Enter the standard deviation as a number' }).positive('The standard deviation must be more than 0'),
  n: z.coerce.number({ error: 'Enter the sample size as a whole number' }).int('Enter the sample size as a whole number').min(2, 'The sample size must be at least 2'),
  citation: z.string({ error: 'Enter the citation' }).trim().min(1, 'Enter the citation: a norm is only used with its source').max(1000, 'The citation must be 1000 characters or fewer'),
  population: z.string().trim().max(500, 'The population must be 500 characters or fewer').default(''),
});

export interface Norm {
  id: string;
  instrument: string;
  scale: string;
  mean: number;
  sd: number;
  n: number;
  citation: string;
  population: string;
}

const toNorm = (r: store.NormRow): Norm => ({ id: r.id, instrument: r.instrument_id, scale: r.scale_id, mean: r.mean, sd: r.sd, n: r.n, citation: r.citation, population: r.population });

export async function listNorms(db: Db, evaluationId: string): Promise<Norm[]> {
  return (await store.listNorms(db, evaluationId)).map(toNorm);
}

export async function addNorm(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof normInput>): Promise<Norm> {
  const data = normInput.parse(input);
  const [instrument, scale] = data.instrumentScale.split(':') as [string, string];
  return inTransaction(db, async (trx) => {
    const row = await store.insertNorm(trx, { evaluation_id: evaluationId, instrument_id: instrument, scale_id: scale, mean: data.mean, sd: data.sd, n: data.n, citation: data.citation, population: data.population, created_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'norm', entityId: row.id, detail: { instrument, scale } });
    return toNorm(row);
  });
}

export async function deleteNorm(db: Db, actorId: string, evaluationId: string, normId: string): Promise<void> {
  if (!z.string().uuid().safeParse(normId).success) throw notFound('Norm');
  await inTransaction(db, async (trx) => {
    if (!(await store.deleteNorm(trx, evaluationId, normId))) throw notFound('Norm');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'norm', entityId: normId });
  });
}

export interface NormResult {
  norm: Norm;
  scaleName: string;
  sample: { n: number; mean: number | null; sd: number | null } | null;
  difference: Estimate | null;
  t: number | null;
  df: number | null;
  p: number | null;
  pHolm: number | null;
  hedgesG: Estimate | null;
  unavailable: string | null;
}

/** The survey's scale scores against each published norm entered for its scales. */
export async function compareWithNorms(db: Db, evaluationId: string, surveyId: string, options: { audience: Audience }): Promise<{ survey: { id: string; title: string }; withheld: string | null; results: NormResult[]; scales: { value: string; label: string }[] }> {
  const { audience } = options;
  const { survey } = await loadSeries(db, evaluationId, surveyId);
  const uses = await instrumentsOf(db, evaluationId, survey.definition);
  const loaded = await loadResponses(db, surveyId, scoredQuestions(uses));
  const scales = uses.flatMap((u) => u.instrument.scales.map((s) => ({ value: `${u.instrument.id}:${s.id}`, label: `${u.instrument.name}: ${s.name}` })));
  const info = { id: survey.id, title: survey.title };
  if (!audience.full && loaded.ids.length < audience.threshold) return { survey: info, withheld: withheldReason(loaded.ids.length, audience.threshold), results: [], scales };
  const scored = scoreScales(uses, { respondents: loaded.ids.length, items: loaded.items }, null);
  const norms = (await listNorms(db, evaluationId)).filter((n) => scored.some((s) => s.result.instrument === n.instrument && s.result.id === n.scale));
  const results: NormResult[] = norms.map((norm) => {
    const scale = scored.find((s) => s.result.instrument === norm.instrument && s.result.id === norm.scale)!;
    const empty: NormResult = { norm, scaleName: scale.result.name, sample: null, difference: null, t: null, df: null, p: null, pHolm: null, hedgesG: null, unavailable: null };
    const comparison = compareWithNorm(scale.scores, { mean: norm.mean, sd: norm.sd, n: norm.n, citation: norm.citation }, { sampleName: 'this survey' });
    if (!comparison.ok) return { ...empty, unavailable: comparison.reason };
    return {
      ...empty,
      sample: { n: comparison.sample.n, mean: comparison.sample.mean, sd: Number.isFinite(comparison.sample.sd) ? comparison.sample.sd : null },
      difference: { estimate: comparison.test.meanDifference, lower: comparison.test.confidenceInterval.lower, upper: comparison.test.confidenceInterval.upper },
      t: comparison.test.t,
      df: comparison.test.df,
      p: comparison.test.p,
      hedgesG: { estimate: comparison.effectSize.hedgesG.estimate, lower: comparison.effectSize.hedgesG.confidenceInterval.lower, upper: comparison.effectSize.hedgesG.confidenceInterval.upper },
    };
  });
  const holm = holmAdjust(results.map((r) => r.p));
  results.forEach((r, i) => (r.pHolm = holm[i] ?? null));
  return { survey: info, withheld: null, results, scales };
}
