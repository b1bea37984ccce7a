import { standardisedMeanDifferenceFromSummaries, type StandardisedMeanDifference } from './effect-sizes.ts';
import { unavailable, type Unavailable } from './outcome.ts';
import { summarise, type SampleSummary } from './summaries.ts';
import { welchTTestFromSummaries, type WelchTTest } from './t-tests.ts';

/**
 * Comparison of a sample with a published norm given as summary statistics (mean, SD, n) with
 * its citation: Welch's t test from the two summaries (the norm sample treated as an independent
 * sample) and Cohen's d / Hedges' g with the pooled SD (sample − norm), as in t-tests.ts and
 * effect-sizes.ts.
 */

export interface PublishedNorm {
  mean: number;
  sd: number;
  n: number;
  citation: string;
  population?: string;
  year?: number;
}

export interface NormComparison {
  ok: true;
  sample: SampleSummary;
  norm: PublishedNorm;
  /** Sample − norm. */
  test: WelchTTest;
  effectSize: StandardisedMeanDifference;
}

export interface NormComparisonOptions {
  confidence?: number;
  /** What the sample is, for reasons in words; "the sample" when absent. */
  sampleName?: string;
}

const isSummary = (sample: ArrayLike<number> | SampleSummary): sample is SampleSummary => !('length' in sample);

export function compareWithNorm(sample: ArrayLike<number> | SampleSummary, norm: PublishedNorm, options: NormComparisonOptions = {}): NormComparison | Unavailable {
  if (!norm.citation.trim()) return unavailable('a norm can only be used with its citation');
  const summary = isSummary(sample) ? sample : summarise(sample);
  const names: [string, string] = [options.sampleName ?? 'the sample', 'the published norm'];
  const normSummary: SampleSummary = { n: norm.n, mean: norm.mean, sd: norm.sd };
  const test = welchTTestFromSummaries(summary, normSummary, { names, confidence: options.confidence });
  if (!test.ok) return test;
  const effectSize = standardisedMeanDifferenceFromSummaries(summary, normSummary, { names, confidence: options.confidence });
  if (!effectSize.ok) return effectSize;
  return { ok: true, sample: summary, norm, test, effectSize };
}
