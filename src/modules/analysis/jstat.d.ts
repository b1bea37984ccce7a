/**
 * The few parts of jstat (which ships no type declarations) that the analysis module uses.
 * Only distributions.ts imports it, so these signatures are checked in one place.
 */
declare module 'jstat' {
  interface JStatDistributions {
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** Regularised lower incomplete gamma function P(a, x). */
    lowRegGamma(a: number, x: number): number;
    /** Natural logarithm of the gamma function. */
    gammaln(x: number): number;
    studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    normal: { inv(p: number, mean: number, sd: number): number };
  }
  const jStat: JStatDistributions;
  export default jStat;
}
