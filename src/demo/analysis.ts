import { addNorm, listNorms } from '../modules/results/service.ts';
import type { DemoStep } from './step.ts';
import { DEMO_SURVEY_INSTRUMENT } from './surveys.ts';

/**
 * What the demo's analysis pages compare the staff survey with: published norms, entered as a
 * team would, each with its citation. The partnership's predecessor bodies ran the same change
 * climate questions in their own 2004 staff survey (this is the demo's fiction, and so is the
 * report cited). Uses no random draws, so the steps after it build as before.
 */

const baselineCitation =
  'Care Services Improvement Partnership (predecessor bodies). Staff views of change: the 2004 baseline survey of the eight programmes. Internal report, Leeds, March 2005, table 4.';

const norms = [
  { scale: 'tension_for_change', mean: 3.92, sd: 0.71, n: 612 },
  { scale: 'time_resources', mean: 2.64, sd: 0.83, n: 609 },
  { scale: 'staff_involvement', mean: 2.41, sd: 0.88, n: 605 },
];

export const analysisStep: DemoStep = {
  name: 'analysis',
  async run({ db, evaluationId, leadUserId }) {
    if ((await listNorms(db, evaluationId)).length) return { norms: 0 };
    for (const norm of norms) {
      await addNorm(db, leadUserId, evaluationId, {
        instrumentScale: `${DEMO_SURVEY_INSTRUMENT}:${norm.scale}`,
        mean: norm.mean,
        sd: norm.sd,
        n: norm.n,
        citation: baselineCitation,
        population: 'Staff of the eight predecessor programmes, England, 2004',
      });
    }
    return { norms: norms.length };
  },
};
