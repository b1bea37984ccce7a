import { describe, expect, it } from 'vitest';
import { chiSquareUpperP, fUpperP, normalQuantile, tQuantile, tTwoSidedP } from './distributions.ts';

/** Reference values from R 4.2 (pt, qt, pf, pchisq, qnorm). */
describe('distributions (jstat)', () => {
  it.each([
    ['2 * pt(-2.1, 7.3)', tTwoSidedP(2.1, 7.3), 0.072246713424853351],
    ['2 * pt(-40, 3)', tTwoSidedP(-40, 3), 3.438068078915854e-5],
    ['2 * pt(0, 5)', tTwoSidedP(0, 5), 1],
    ['qt(0.975, 7.3)', tQuantile(0.975, 7.3), 2.3450667365477025],
    ['qt(0.975, 1e6)', tQuantile(0.975, 1e6), 1.9599663568141066],
    ['pf(3.2, 3, 45.5, lower = FALSE)', fUpperP(3.2, 3, 45.5), 1 - 0.9679824688502825],
    ['pf(200, 2, 1000, lower = FALSE)', fUpperP(200, 2, 1000), 8.6294310071095578e-74],
    ['pf(0, 2, 10, lower = FALSE)', fUpperP(0, 2, 10), 1],
    ['pchisq(7.7, 3, lower = FALSE)', chiSquareUpperP(7.7, 3), 1 - 0.94736373399127627],
    ['pchisq(3.841459, 1, lower = FALSE)', chiSquareUpperP(3.841458820694124, 1), 0.05],
    ['qnorm(0.975)', normalQuantile(0.975), 1.959963984540054],
  ])('%s', (_name, actual, expected) => {
    expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300)).toBeLessThan(1e-6);
  });
});
