import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInstrument } from '../instruments/catalogue.ts';
import type { Instrument } from '../instruments/definition.ts';
import { oneWayAnova, welchAnova } from './anova.ts';
import { describeValues } from './descriptives.ts';
import { standardisedMeanDifference } from './effect-sizes.ts';
import { kruskalWallis } from './kruskal-wallis.ts';
import { holmAdjust } from './multiple-comparisons.ts';
import { compareWithNorm } from './norms.ts';
import { cronbachAlpha, type MissingDataRule } from './reliability.ts';
import { itemsOfScale, scoreColumns, type ItemColumns } from './scoring.ts';
import { summarise } from './summaries.ts';
import { seededRandom, syntheticLikert } from './synthetic-data.ts';
import { pairedTTest, welchTTest } from './t-tests.ts';

/**
 * Agreement with R on the same data, to 1e-6: the data sets are generated here with fixed seeds,
 * written to CSV files, and read by one R script that prints R's results (psych::alpha, t.test,
 * oneway.test, aov, kruskal.test, quantile, p.adjust, and the scoring rules written in plain R).
 * Skipped, with a message, where Rscript or the psych package is missing.
 */

const rCheck = spawnSync('Rscript', ['-e', 'cat(requireNamespace("psych", quietly = TRUE))'], { encoding: 'utf8' });
const hasR = rCheck.status === 0 && rCheck.stdout.trim() === 'TRUE';
const skipMessage = 'R agreement tests skipped: Rscript with the psych package was not found (Debian: apt-get install -y r-base-core r-cran-psych)';
if (!hasR) console.warn(skipMessage);

const tolerance = 1e-6;

/** Agreement to 1e-6: absolute for numbers up to 1 in size, relative beyond (F and t can be large). */
function expectClose(actual: number | null | undefined, expected: number | undefined, what: string): void {
  expect(expected, `R gave no value for ${what}`).toBeTypeOf('number');
  expect(actual, `no value for ${what}`).toBeTypeOf('number');
  const scale = Math.max(1, Math.abs(expected!));
  expect(Math.abs(actual! - expected!) / scale, `${what}: ${actual} vs R ${expected}`).toBeLessThan(tolerance);
}

function csv(columns: Record<string, ArrayLike<number>>): string {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.length;
  const lines = [names.join(',')];
  for (let r = 0; r < n; r += 1) lines.push(names.map((name) => (Number.isFinite(columns[name]![r]!) ? String(columns[name]![r]) : 'NA')).join(','));
  return lines.join('\n') + '\n';
}

const named = (columns: ArrayLike<number>[], prefix = 'i'): Record<string, ArrayLike<number>> => Object.fromEntries(columns.map((c, i) => [`${prefix}${i + 1}`, c]));

// --- The data sets -------------------------------------------------------------------------

const alphaSets = {
  six: syntheticLikert({ respondents: 300, items: 6, seed: 11, missingRate: 0.08, reversed: [] }),
  four: syntheticLikert({ respondents: 120, items: 4, seed: 12 }),
  threeSparse: syntheticLikert({ respondents: 80, items: 3, seed: 13, missingRate: 0.2 }),
  sevenPoint: syntheticLikert({ respondents: 500, items: 8, seed: 14, points: 7, missingRate: 0.03, factors: 2 }),
  /** A fourth item everyone answered the same: psych drops it, and so do we. */
  withConstant: (() => {
    const set = syntheticLikert({ respondents: 150, items: 4, seed: 15, missingRate: 0.05 });
    set.columns.push(new Float64Array(150).fill(3));
    return set;
  })(),
};

const grouped = syntheticLikert({ respondents: 240, items: 5, seed: 21, groups: 4, groupShift: 0.35, missingRate: 0.05 });
/** A mean score per respondent (NaN when fewer than 3 items answered), and the raw first item. */
const groupScore = Float64Array.from({ length: 240 }, (_, r) => {
  const values = grouped.columns.map((c) => c[r]!).filter(Number.isFinite);
  return values.length >= 3 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
});
const groupItem = grouped.columns[0]!;
const byGroup = (values: Float64Array, g: number): Float64Array => values.filter((_, r) => grouped.groups[r] === g);

const random = seededRandom(31);
const waveOne = Float64Array.from({ length: 60 }, () => (random() < 0.1 ? Number.NaN : 2 + 3 * random()));
const waveTwo = Float64Array.from(waveOne, (v) => (random() < 0.1 ? Number.NaN : (Number.isFinite(v) ? v : 3) + 0.3 + random() - 0.5));
const unequal = [Float64Array.from({ length: 17 }, () => 10 + 4 * random()), Float64Array.from({ length: 43 }, () => 11 + random())];
const normSample = Float64Array.from({ length: 150 }, () => 3 + 2 * (random() - 0.5));
const pValues = [0.01, 0.04, null, 0.03, 0.005, 0.2, 0.04];

/** Answers to an instrument's scored items: valid values, some out of range, some missing. */
function instrumentData(instrument: Instrument, n: number, seed: number): ItemColumns {
  const rand = seededRandom(seed);
  const columns: Record<string, Float64Array> = {};
  const ids = [...new Set(instrument.scales.flatMap((s) => itemsOfScale(instrument, s.id)))];
  for (const id of ids) {
    const item = instrument.items.find((i) => i.id === id)!;
    const format = instrument.responseFormats[item.format]!;
    const points = format.type === 'agreement' || format.type === 'likert' ? format.points : 2;
    const missing = format.missing[0]?.value;
    columns[id] = Float64Array.from({ length: n }, () => {
      const u = rand();
      if (u < 0.06) return Number.NaN;
      if (u < 0.09 && missing !== undefined) return missing;
      return 1 + Math.floor(rand() * points);
    });
  }
  return { respondents: n, columns };
}

const climate = getInstrument('change-climate')!;
const jcq = getInstrument('job-content-questionnaire')!;
const climateData = instrumentData(climate, 400, 41);
const jcqData = instrumentData(jcq, 400, 42);

/** R code computing every scale of an instrument from its CSV, following scoring.ts's rules in plain R. */
function rScoring(instrument: Instrument, file: string, prefix: string): string {
  const lines = [`d <- read.csv("${file}")`, 'sc <- list()'];
  for (const scale of instrument.scales) {
    const { method, minAnswered, prorate } = scale.scoring;
    if (scale.items) {
      const keyed = scale.items.map((m) => {
        const item = instrument.items.find((i) => i.id === m.item)!;
        const format = instrument.responseFormats[item.format]!;
        const points = format.type === 'agreement' || format.type === 'likert' ? format.points : 2;
        return `${m.weight} * (${item.reverse ? `${points + 1} - ` : ''}ifelse(d$${m.item} %in% 1:${points}, d$${m.item}, NA))`;
      });
      const weights = scale.items.map((m) => {
        const item = instrument.items.find((i) => i.id === m.item)!;
        const format = instrument.responseFormats[item.format]!;
        const points = format.type === 'agreement' || format.type === 'likert' ? format.points : 2;
        return `ifelse(d$${m.item} %in% 1:${points}, ${m.weight}, 0)`;
      });
      lines.push(`x <- cbind(${keyed.join(', ')})`, `w <- cbind(${weights.join(', ')})`, `answered <- rowSums(!is.na(x))`);
      lines.push(
        method === 'mean'
          ? 'v <- rowSums(x, na.rm = TRUE) / rowSums(w)'
          : prorate
            ? `v <- rowSums(x, na.rm = TRUE) * ${scale.items.reduce((a, m) => a + m.weight, 0)} / rowSums(w)`
            : 'v <- rowSums(x, na.rm = TRUE)',
      );
    } else {
      lines.push(`x <- cbind(${scale.subscales!.map((s) => `sc[["${s}"]]`).join(', ')})`, 'answered <- rowSums(!is.na(x))');
      lines.push(method === 'mean' ? 'v <- rowMeans(x, na.rm = TRUE)' : 'v <- rowSums(x, na.rm = TRUE)');
    }
    lines.push(`v[answered < ${minAnswered}] <- NA`, `sc[["${scale.id}"]] <- v`, `out("${prefix}.${scale.id}", v)`);
  }
  return lines.join('\n');
}

// --- Running R -----------------------------------------------------------------------------

let dir = '';
const fromR = new Map<string, number[]>();
const r = (key: string): number[] => {
  const values = fromR.get(key);
  if (!values) throw new Error(`R printed nothing for ${key}`);
  return values;
};
const r1 = (key: string): number => r(key)[0]!;

beforeAll(() => {
  if (!hasR) return;
  dir = mkdtempSync(join(tmpdir(), 'formative-r-'));
  const file = (name: string, columns: Record<string, ArrayLike<number>>): string => {
    const path = join(dir, `${name}.csv`);
    writeFileSync(path, csv(columns));
    return path;
  };
  const script: string[] = [
    'suppressPackageStartupMessages(library(psych))',
    'out <- function(name, v) cat(name, ifelse(is.na(v), "NA", sprintf("%.17g", v)), "\\n")',
  ];
  for (const [name, set] of Object.entries(alphaSets)) {
    script.push(`x <- read.csv("${file(`alpha-${name}`, named(set.columns))}")`);
    for (const rule of ['pairwise', 'listwise'] as const) {
      const data = rule === 'pairwise' ? 'x' : 'x[complete.cases(x), ]';
      script.push(
        `a <- alpha(${data}, warnings = FALSE)`,
        `out("${name}.${rule}.raw", a$total$raw_alpha)`,
        `out("${name}.${rule}.std", a$total$std.alpha)`,
        `out("${name}.${rule}.avr", a$total$average_r)`,
        `out("${name}.${rule}.drop.raw", a$alpha.drop$raw_alpha)`,
        `out("${name}.${rule}.drop.std", a$alpha.drop$std.alpha)`,
        `out("${name}.${rule}.drop.avr", a$alpha.drop$average_r)`,
        `out("${name}.${rule}.rdrop", a$item.stats$r.drop)`,
        `out("${name}.${rule}.mean", a$item.stats$mean)`,
        `out("${name}.${rule}.sd", a$item.stats$sd)`,
        `out("${name}.${rule}.n", a$item.stats$n)`,
      );
    }
  }
  script.push(
    `g <- read.csv("${file('groups', { score: groupScore, item: groupItem, group: grouped.groups })}")`,
    'g$group <- factor(g$group)',
    'w <- t.test(g$score[g$group == 0], g$score[g$group == 1])',
    'out("welch", c(w$statistic, w$parameter, w$p.value, w$conf.int))',
    'w <- t.test(g$item[g$group == 2], g$item[g$group == 3], conf.level = 0.9)',
    'out("welch.item90", c(w$statistic, w$parameter, w$p.value, w$conf.int))',
    'o <- oneway.test(score ~ group, data = g, var.equal = TRUE)',
    'out("anova", c(o$statistic, o$parameter, o$p.value))',
    'ss <- summary(aov(score ~ group, data = g))[[1]][["Sum Sq"]]',
    'out("anova.ss", c(ss, ss[1] / sum(ss)))',
    'o <- oneway.test(score ~ group, data = g)',
    'out("welchanova", c(o$statistic, o$parameter, o$p.value))',
    'k <- kruskal.test(item ~ group, data = g)',
    'out("kruskal.item", c(k$statistic, k$parameter, k$p.value))',
    'k <- kruskal.test(score ~ group, data = g)',
    'out("kruskal.score", c(k$statistic, k$parameter, k$p.value))',
    `u <- read.csv("${file('unequal-a', { v: unequal[0]! })}")$v`,
    `v <- read.csv("${file('unequal-b', { v: unequal[1]! })}")$v`,
    'w <- t.test(u, v)',
    'out("welch.unequal", c(w$statistic, w$parameter, w$p.value, w$conf.int))',
    'n1 <- length(u); n2 <- length(v); sp <- sqrt(((n1 - 1) * var(u) + (n2 - 1) * var(v)) / (n1 + n2 - 2))',
    'd <- (mean(u) - mean(v)) / sp; df <- n1 + n2 - 2; J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))',
    'se <- sqrt((n1 + n2) / (n1 * n2) + d^2 / (2 * (n1 + n2))); z <- qnorm(0.975)',
    'out("effect", c(d, d - z * se, d + z * se, J * d, J * d - z * J * se, J * d + z * J * se))',
    `p <- read.csv("${file('paired', { one: waveOne, two: waveTwo })}")`,
    'w <- t.test(p$one, p$two, paired = TRUE)',
    'out("paired", c(w$statistic, w$parameter, w$p.value, w$conf.int, w$estimate))',
    'x <- p$one[!is.na(p$one)]',
    'out("describe", c(length(x), mean(x), sd(x), quantile(x, c(0.25, 0.5, 0.75)), min(x), max(x), t.test(x)$conf.int))',
    'y <- g$item[!is.na(g$item)]',
    'out("describe.item", c(length(y), mean(y), sd(y), quantile(y, c(0.25, 0.5, 0.75)), t.test(y, conf.level = 0.99)$conf.int))',
    `out("holm", p.adjust(c(${pValues.map((p) => (p === null ? 'NA' : String(p))).join(', ')}), "holm"))`,
    `s <- read.csv("${file('norm', { v: normSample })}")$v`,
    'w <- t.test(p$one, s)',
    'out("norm", c(w$statistic, w$parameter, w$p.value, w$conf.int))',
    rScoring(climate, file('climate', climateData.columns), 'climate'),
    rScoring(jcq, file('jcq', jcqData.columns), 'jcq'),
    'dm <- median(sc$psychological_demands, na.rm = TRUE); lm <- median(sc$decision_latitude, na.rm = TRUE)',
    'q <- ifelse(sc$psychological_demands > dm, ifelse(sc$decision_latitude > lm, 2, 1), ifelse(sc$decision_latitude > lm, 4, 3))',
    'out("jcq.strain", c(dm, lm, q))',
  );
  const scriptPath = join(dir, 'agreement.R');
  writeFileSync(scriptPath, script.join('\n') + '\n');
  const run = spawnSync('Rscript', [scriptPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
  for (const line of run.stdout.split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key) fromR.set(key, values.map((v) => (v === 'NA' ? Number.NaN : Number(v))));
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const suite = hasR ? describe : describe.skip;

suite(hasR ? 'agreement with R (psych 2.x, stats)' : skipMessage, () => {
  const alphaCases = Object.keys(alphaSets).flatMap((name) => (['pairwise', 'listwise'] as MissingDataRule[]).map((rule) => [name, rule] as const));

  it.each(alphaCases)('psych::alpha on the %s data set, %s', (name, rule) => {
    const set = alphaSets[name as keyof typeof alphaSets];
    const result = cronbachAlpha(set.columns, { missing: rule });
    if (!result.ok) throw new Error(result.reason);
    const key = `${name}.${rule}`;
    expect(result.missing).toBe(rule);
    expect(result.items).toHaveLength(r(`${key}.rdrop`).length);
    if (name === 'withConstant') expect(result.excluded).toEqual([{ item: 'item 5', reason: 'every answer is the same' }]);
    expectClose(result.rawAlpha, r1(`${key}.raw`), 'raw alpha');
    expectClose(result.standardisedAlpha, r1(`${key}.std`), 'standardised alpha');
    expectClose(result.averageInterItemCorrelation, r1(`${key}.avr`), 'average r');
    result.items.forEach((item, i) => {
      expectClose(item.correctedItemTotal, r(`${key}.rdrop`)[i], `r.drop of ${item.item}`);
      expectClose(item.mean, r(`${key}.mean`)[i], `mean of ${item.item}`);
      expectClose(item.sd, r(`${key}.sd`)[i], `sd of ${item.item}`);
      expect(item.n).toBe(r(`${key}.n`)[i]);
      expectClose(item.alphaIfDeleted?.raw, r(`${key}.drop.raw`)[i], `alpha without ${item.item}`);
      expectClose(item.alphaIfDeleted?.standardised, r(`${key}.drop.std`)[i], `std alpha without ${item.item}`);
      expectClose(item.alphaIfDeleted?.averageInterItemCorrelation, r(`${key}.drop.avr`)[i], `average r without ${item.item}`);
    });
  });

  const expectTest = (result: { ok: boolean } & Partial<{ t: number; df: number; p: number; confidenceInterval: { lower: number; upper: number } }>, key: string): void => {
    if (!result.ok) throw new Error(`${key} was not computed`);
    const [t, df, p, lower, upper] = r(key);
    expectClose(result.t, t, `${key} t`);
    expectClose(result.df, df, `${key} df`);
    expectClose(result.p, p, `${key} p`);
    expectClose(result.confidenceInterval?.lower, lower, `${key} lower limit`);
    expectClose(result.confidenceInterval?.upper, upper, `${key} upper limit`);
  };

  it("Welch's t test matches t.test (score, item at 90%, unequal sizes and spreads)", () => {
    expectTest(welchTTest(byGroup(groupScore, 0), byGroup(groupScore, 1)), 'welch');
    expectTest(welchTTest(byGroup(groupItem, 2), byGroup(groupItem, 3), { confidence: 0.9 }), 'welch.item90');
    expectTest(welchTTest(unequal[0]!, unequal[1]!), 'welch.unequal');
  });

  it('the paired t test matches t.test(paired = TRUE)', () => {
    const result = pairedTTest(waveOne, waveTwo);
    expectTest(result, 'paired');
    if (!result.ok) return;
    expectClose(result.meanDifference, r('paired')[5], 'mean difference');
  });

  it('one-way ANOVA matches oneway.test(var.equal = TRUE) and aov', () => {
    const result = oneWayAnova([0, 1, 2, 3].map((g) => byGroup(groupScore, g)));
    if (!result.ok) throw new Error(result.reason);
    const [F, df1, df2, p] = r('anova');
    expectClose(result.F, F, 'F');
    expectClose(result.df1, df1, 'df1');
    expectClose(result.df2, df2, 'df2');
    expectClose(result.p, p, 'p');
    const [between, within, eta] = r('anova.ss');
    expectClose(result.sumOfSquaresBetween, between, 'SS between');
    expectClose(result.sumOfSquaresWithin, within, 'SS within');
    expectClose(result.etaSquared, eta, 'eta squared');
  });

  it("Welch's ANOVA matches oneway.test", () => {
    const result = welchAnova([0, 1, 2, 3].map((g) => byGroup(groupScore, g)));
    if (!result.ok) throw new Error(result.reason);
    const [F, df1, df2, p] = r('welchanova');
    expectClose(result.F, F, 'F');
    expectClose(result.df1, df1, 'df1');
    expectClose(result.df2, df2, 'df2');
    expectClose(result.p, p, 'p');
  });

  it.each(['item', 'score'])('Kruskal–Wallis matches kruskal.test (%s, with ties)', (which) => {
    const values = which === 'item' ? groupItem : groupScore;
    const result = kruskalWallis([0, 1, 2, 3].map((g) => byGroup(values, g)));
    if (!result.ok) throw new Error(result.reason);
    const [H, df, p] = r(`kruskal.${which}`);
    expectClose(result.H, H, 'H');
    expect(result.df).toBe(df);
    expectClose(result.p, p, 'p');
    if (which === 'item') expect(result.tieCorrection).toBeLessThan(1);
  });

  it('descriptives match mean, sd, quantile (type 7), min, max and the t interval', () => {
    const result = describeValues(waveOne);
    if (!result.ok) throw new Error(result.reason);
    const [n, mean, sd, q1, median, q3, min, max, lower, upper] = r('describe');
    expect(result.n).toBe(n);
    expectClose(result.mean, mean, 'mean');
    expectClose(result.sd, sd, 'sd');
    expectClose(result.q1, q1, 'q1');
    expectClose(result.median, median, 'median');
    expectClose(result.q3, q3, 'q3');
    expectClose(result.min, min, 'min');
    expectClose(result.max, max, 'max');
    expectClose(result.confidenceInterval?.lower, lower, 'lower limit');
    expectClose(result.confidenceInterval?.upper, upper, 'upper limit');
    const item = describeValues(groupItem, { confidence: 0.99 });
    if (!item.ok) throw new Error(item.reason);
    const [itemN, itemMean, itemSd, itemQ1, itemMedian, itemQ3, itemLower, itemUpper] = r('describe.item');
    expect(item.n).toBe(itemN);
    expectClose(item.mean, itemMean, 'item mean');
    expectClose(item.sd, itemSd, 'item sd');
    expectClose(item.q1, itemQ1, 'item q1');
    expectClose(item.median, itemMedian, 'item median');
    expectClose(item.q3, itemQ3, 'item q3');
    expectClose(item.confidenceInterval?.lower, itemLower, 'item 99% lower limit');
    expectClose(item.confidenceInterval?.upper, itemUpper, 'item 99% upper limit');
  });

  it('Holm adjustment matches p.adjust(method = "holm"), NA kept', () => {
    const adjusted = holmAdjust(pValues);
    r('holm').forEach((expected, i) => {
      if (Number.isNaN(expected)) expect(adjusted[i]).toBeNull();
      else expectClose(adjusted[i], expected, `adjusted p ${i + 1}`);
    });
  });

  it('a comparison with a norm from its summary matches t.test on the raw norm sample', () => {
    const norm = summarise(normSample);
    const result = compareWithNorm(waveOne, { ...norm, citation: 'Synthetic norm sample, seed 31' });
    if (!result.ok) throw new Error(result.reason);
    expectTest(result.test, 'norm');
  });

  it("Cohen's d and Hedges' g with intervals match the formulas written in R", () => {
    const result = standardisedMeanDifference(unequal[0]!, unequal[1]!);
    if (!result.ok) throw new Error(result.reason);
    const [d, dLow, dHigh, g, gLow, gHigh] = r('effect');
    expectClose(result.cohensD.estimate, d, 'd');
    expectClose(result.cohensD.confidenceInterval.lower, dLow, 'd lower');
    expectClose(result.cohensD.confidenceInterval.upper, dHigh, 'd upper');
    expectClose(result.hedgesG.estimate, g, 'g');
    expectClose(result.hedgesG.confidenceInterval.lower, gLow, 'g lower');
    expectClose(result.hedgesG.confidenceInterval.upper, gHigh, 'g upper');
  });

  it.each([
    ['change-climate', climate, climateData, 'climate'],
    ['job-content-questionnaire', jcq, jcqData, 'jcq'],
  ] as const)('scores of %s match the same rules written in R', (_name, instrument, data, prefix) => {
    const result = scoreColumns(instrument, data);
    for (const scale of result.scales) {
      const expected = r(`${prefix}.${scale.id}`);
      expect(expected).toHaveLength(data.respondents);
      expected.forEach((value, i) => {
        const actual = scale.scores[i]!;
        if (Number.isNaN(value)) expect(actual, `${scale.id} of respondent ${i + 1}`).toBeNaN();
        else expect(Math.abs(actual - value), `${scale.id} of respondent ${i + 1}`).toBeLessThan(tolerance);
      });
    }
  });

  it('the JCQ job-strain quadrant at the sample medians matches R', () => {
    const result = scoreColumns(jcq, jcqData);
    const strain = result.derived.find((d) => d.id === 'job_strain');
    if (strain?.kind !== 'quadrant') throw new Error('no job strain');
    const [demandsMedian, latitudeMedian, ...codes] = r('jcq.strain');
    expectClose(strain.cuts[0].value, demandsMedian, 'demands median');
    expectClose(strain.cuts[1].value, latitudeMedian, 'latitude median');
    // R codes: 1 high strain, 2 active, 3 passive, 4 low strain — the definition's order.
    codes.forEach((code, i) => {
      expect(strain.codes[i], `respondent ${i + 1}`).toBe(Number.isNaN(code) ? -1 : code - 1);
    });
  });
});
