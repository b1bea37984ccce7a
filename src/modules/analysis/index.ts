/**
 * The analysis module's public functions: pure statistics with no I/O. Conventions (NaN for
 * missing values in columns, `{ ok: false, reason }` for results that cannot be computed) are in
 * outcome.ts.
 */
export { toValues, type Interval, type Unavailable } from './outcome.ts';
export { readAnswer, readAnswerTokens, type AnswerColumn, type StoredAnswer } from './answer-values.ts';
export {
  answerColumns,
  itemsOfScale,
  keyedItemColumns,
  respondentScores,
  scoreColumns,
  scoreResponses,
  scoredItemIds,
  type ItemColumns,
  type ItemTally,
  type ScaleScores,
  type ScoringOptions,
  type ScoringResult,
} from './scoring.ts';
export type { DerivedScores, NumericDerivedScores, QuadrantScores } from './derived-scores.ts';
export { cronbachAlpha, missingDataConventions, type MissingDataRule, type Reliability, type ReliabilityResult } from './reliability.ts';
export { describeValues, describeByGroup, groupCodes, quantileDefinition, splitByGroup, type Descriptives, type DescriptivesResult } from './descriptives.ts';
export { quantileSorted } from './quantiles.ts';
export { frequencyTable, type FrequencyTable } from './frequencies.ts';
export { pairedTTest, welchTTest, welchTTestFromSummaries, type PairedTTest, type WelchTTest } from './t-tests.ts';
export { oneWayAnova, welchAnova, type OneWayAnova, type WelchAnova } from './anova.ts';
export { kruskalWallis, type KruskalWallis } from './kruskal-wallis.ts';
export { standardisedMeanDifference, standardisedMeanDifferenceFromSummaries, type StandardisedMeanDifference } from './effect-sizes.ts';
export { holmAdjust } from './multiple-comparisons.ts';
export { compareWithNorm, type NormComparison, type PublishedNorm } from './norms.ts';
export { wilsonInterval, type ProportionEstimate } from './wilson.ts';
export { suppressSmallCells, suppressSmallGroups, type SuppressedGroups, type SuppressedTable } from './disclosure.ts';
export { summarise, type SampleSummary } from './summaries.ts';
export { seededRandom, syntheticLikert, type SyntheticData, type SyntheticOptions } from './synthetic-data.ts';
export {
  binaryAlpha,
  binaryKappa,
  coincidenceMatrix,
  cohenKappa,
  kappaFromTable,
  krippendorffAlphaNominal,
  nominalAlphaFromCoincidences,
  type AlphaResult,
  type BinaryAgreementCounts,
  type ContingencyTable,
  type KappaResult,
} from './agreement.ts';
