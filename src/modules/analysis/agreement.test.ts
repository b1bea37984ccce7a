import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryAlpha,
  binaryKappa,
  coincidenceMatrix,
  cohenKappa,
  kappaFromTable,
  krippendorffAlphaNominal,
  nominalAlphaFromCoincidences,
} from './agreement.ts';
import { seededRandom } from './synthetic-data.ts';

const NA = Number.NaN;

describe('Cohen’s kappa', () => {
  it('matches a hand-computed 2 × 2 table', () => {
    // A yes & B yes 20, A yes & B no 5, A no & B yes 10, both no 15: p_o = .7, p_e = .5·.6 + .5·.4 = .5.
    const result = kappaFromTable([
      [15, 10],
      [5, 20],
    ]);
    expect(result.units).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.5, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it('drops units either coder left unrated and joins both coders’ categories', () => {
    // Pairs kept: (1,1) (1,2) (2,2) (2,2) (3,1) (1,4): p_o = 3/6, p_e = .5·⅓ + ⅓·.5 = ⅓, κ = (½ − ⅓)/(⅔) = ¼.
    const result = cohenKappa([1, 1, 2, 2, 3, NA, 1], [1, 2, 2, 2, 1, 3, 4]);
    expect(result.units).toBe(6);
    expect(result.kappa).toBeCloseTo(0.25, 12);
  });

  it('is 1 for perfect agreement with variation, and null with a reason without variation', () => {
    expect(cohenKappa([0, 1, 1, 0], [0, 1, 1, 0]).kappa).toBe(1);
    const unused = binaryKappa({ neither: 40, onlyA: 0, onlyB: 0, both: 0 });
    expect(unused.kappa).toBeNull();
    expect(unused.observed).toBe(1);
    expect(unused.reason).toMatch(/same single category/);
    const empty = cohenKappa([NA], [1]);
    expect(empty).toMatchObject({ units: 0, kappa: null, observed: null });
    expect(empty.reason).toMatch(/No unit/);
    // One coder never used the code, the other did: no agreement beyond chance, a number not NaN.
    expect(binaryKappa({ neither: 8, onlyA: 0, onlyB: 2, both: 0 }).kappa).toBe(0);
  });

  it('counts binary decisions the same way as ratings', () => {
    const a = [0, 0, 0, 0, 0, 0, 1, 0, 1, 1];
    const b = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    // p_o = .8, p_e = .3·.3 + .7·.7 = .58, κ = .22/.42.
    expect(cohenKappa(a, b).kappa).toBeCloseTo(0.22 / 0.42, 12);
    expect(binaryKappa({ neither: 6, onlyA: 1, onlyB: 1, both: 2 }).kappa).toBeCloseTo(0.22 / 0.42, 12);
    expect(() => cohenKappa([1], [1, 2])).toThrow(RangeError);
  });
});

describe('Krippendorff’s alpha (nominal)', () => {
  it('matches a hand-computed binary example', () => {
    // 10 units, two coders: 6 both 0, 2 both 1, 2 differ. o00 = 12, o11 = 4, o01 = o10 = 2;
    // n0 = 14, n1 = 6, n = 20: α = 1 − 19·4 / (2·14·6) = 1 − 76/168.
    const expected = 1 - 76 / 168;
    expect(binaryAlpha({ neither: 6, onlyA: 1, onlyB: 1, both: 2 }).alpha).toBeCloseTo(expected, 12);
    const a = [0, 0, 0, 0, 0, 0, 1, 0, 1, 1];
    const b = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    expect(krippendorffAlphaNominal([a, b]).alpha).toBeCloseTo(expected, 12);
    expect(coincidenceMatrix([a, b]).matrix).toEqual([
      [12, 2],
      [2, 4],
    ]);
  });

  it('weights units by their number of values and ignores units with one value', () => {
    // Unit 1: three coders (1, 1, 2): pairs (1,1)×2, (1,2)×2, (2,1)×2, each weighted 1/2.
    // Unit 2: one value only, not pairable. Unit 3: (2, 2) from two coders, weight 1.
    const { categories, matrix } = coincidenceMatrix([
      [1, 1, 2],
      [1, NA, 2],
      [2, NA, NA],
    ]);
    expect(categories).toEqual([1, 2]);
    expect(matrix).toEqual([
      [1, 1],
      [1, 2],
    ]);
    // n = 5, n1 = 2, n2 = 3: α = 1 − 4·2 / (2·2·3) = 1/3.
    expect(nominalAlphaFromCoincidences(matrix).alpha).toBeCloseTo(1 / 3, 12);
  });

  it('reproduces the published nominal example of four coders with missing values (α ≈ 0.743)', () => {
    // The reliability data of Krippendorff (2011), section C: 4 coders, 12 units, 5 categories.
    const result = krippendorffAlphaNominal([
      [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
      [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
    ]);
    expect(result.values).toBe(40);
    expect(result.alpha).toBeCloseTo(0.743, 3);
  });

  it('gives null with a reason, never NaN, when there is no variation or nothing to pair', () => {
    const unused = binaryAlpha({ neither: 500, onlyA: 0, onlyB: 0, both: 0 });
    expect(unused).toMatchObject({ alpha: null, observed: 1, values: 1000 });
    expect(unused.reason).toMatch(/no variation/);
    const lonely = krippendorffAlphaNominal([[1, NA], [NA, 2]]);
    expect(lonely.alpha).toBeNull();
    expect(lonely.reason).toMatch(/Fewer than two values/);
    expect(binaryAlpha({ neither: 0, onlyA: 3, onlyB: 0, both: 0 }).alpha).toBeTypeOf('number');
  });

  it('is 1 for perfect agreement and below 0 for systematic disagreement', () => {
    expect(binaryAlpha({ neither: 5, onlyA: 0, onlyB: 0, both: 5 }).alpha).toBe(1);
    expect(binaryAlpha({ neither: 0, onlyA: 5, onlyB: 5, both: 0 }).alpha!).toBeLessThan(0);
  });
});

// --- Agreement with R ------------------------------------------------------------------------
// psych::cohen.kappa for kappa; for alpha an R function written here from the coincidence-matrix
// definition (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"), sharing no code
// with ours: it builds the matrix unit by unit with match() and takes D_e from n² − Σ n_c².

const rCheck = spawnSync('Rscript', ['-e', 'cat(requireNamespace("psych", quietly = TRUE))'], { encoding: 'utf8' });
const hasR = rCheck.status === 0 && rCheck.stdout.trim() === 'TRUE';
if (!hasR) console.warn('Agreement checks against R skipped: Rscript with the psych package was not found (Debian: apt-get install -y r-base-core r-cran-psych)');

/** Reliability data: one array per coder, `categories` values, some agreement, some missing. */
function ratings(seed: number, coders: number, units: number, categories: number, missing: number, agreement: number): Float64Array[] {
  const random = seededRandom(seed);
  const truth = Array.from({ length: units }, () => Math.floor(random() * categories));
  return Array.from({ length: coders }, () =>
    Float64Array.from(truth, (t) => (random() < missing ? NA : random() < agreement ? t : Math.floor(random() * categories))),
  );
}

const kappaSets = {
  binary: ratings(101, 2, 300, 2, 0, 0.7),
  fourCategories: ratings(102, 2, 150, 4, 0.05, 0.6),
  sparseCode: (() => {
    // A code applied to few units: mostly zeros, as a rarely used code looks by segment.
    const random = seededRandom(103);
    const a = Float64Array.from({ length: 400 }, () => (random() < 0.06 ? 1 : 0));
    const b = Float64Array.from(a, (v) => (random() < 0.04 ? 1 - v : v));
    return [a, b];
  })(),
};
const alphaSets = {
  twoCodersBinary: ratings(201, 2, 500, 2, 0, 0.8),
  threeCodersMissing: ratings(202, 3, 120, 5, 0.15, 0.65),
  fourCoders: ratings(203, 4, 60, 3, 0.1, 0.5),
  charactersOfOneCode: (() => {
    // Characters of a 3,000-character text: coder A coded 300–900 and 2,000–2,400; coder B 350–1,000.
    const a = Float64Array.from({ length: 3000 }, (_, i) => (i >= 300 && i < 900) || (i >= 2000 && i < 2400) ? 1 : 0);
    const b = Float64Array.from({ length: 3000 }, (_, i) => (i >= 350 && i < 1000 ? 1 : 0));
    return [a, b];
  })(),
};

const rScript = (dir: string) => `
suppressMessages(library(psych))
kalpha <- function(m) {
  vals <- sort(unique(na.omit(as.vector(m))))
  o <- matrix(0, length(vals), length(vals))
  for (u in seq_len(ncol(m))) {
    x <- m[!is.na(m[, u]), u]
    mu <- length(x)
    if (mu < 2) next
    for (i in seq_len(mu)) for (j in seq_len(mu)) if (i != j) {
      a <- match(x[i], vals); b <- match(x[j], vals)
      o[a, b] <- o[a, b] + 1 / (mu - 1)
    }
  }
  nc <- rowSums(o); n <- sum(nc)
  do <- (sum(o) - sum(diag(o))) / n
  de <- (n * n - sum(nc^2)) / (n * (n - 1))
  1 - do / de
}
for (name in c(${Object.keys(kappaSets).map((k) => `"${k}"`).join(', ')})) {
  d <- read.csv(file.path("${dir}", paste0("kappa-", name, ".csv")))
  k <- suppressWarnings(cohen.kappa(as.matrix(d)))
  cat("kappa", name, sprintf("%.12f", k$kappa), "\\n")
}
for (name in c(${Object.keys(alphaSets).map((k) => `"${k}"`).join(', ')})) {
  d <- read.csv(file.path("${dir}", paste0("alpha-", name, ".csv")))
  cat("alpha", name, sprintf("%.12f", kalpha(t(as.matrix(d)))), "\\n")
}`;

function csv(columns: ArrayLike<number>[]): string {
  const lines = [columns.map((_, i) => `c${i + 1}`).join(',')];
  for (let u = 0; u < columns[0]!.length; u += 1) lines.push(columns.map((c) => (Number.isFinite(c[u]!) ? String(c[u]) : 'NA')).join(','));
  return lines.join('\n') + '\n';
}

describe.skipIf(!hasR)('agreement with R to 1e-6', () => {
  let dir = '';
  const fromR = new Map<string, number>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'formative-agreement-'));
    for (const [name, set] of Object.entries(kappaSets)) writeFileSync(join(dir, `kappa-${name}.csv`), csv(set));
    for (const [name, set] of Object.entries(alphaSets)) writeFileSync(join(dir, `alpha-${name}.csv`), csv(set));
    const run = spawnSync('Rscript', ['-e', rScript(dir)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`R failed: ${run.stderr}`);
    for (const line of run.stdout.split('\n')) {
      const [kind, name, value] = line.trim().split(/\s+/);
      if (kind && name && value) fromR.set(`${kind}.${name}`, Number(value));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(kappaSets))('kappa: %s matches psych::cohen.kappa', (name) => {
    const [a, b] = kappaSets[name as keyof typeof kappaSets] as [Float64Array, Float64Array];
    const ours = cohenKappa(a, b).kappa;
    const theirs = fromR.get(`kappa.${name}`);
    expect(theirs).toBeTypeOf('number');
    expect(Math.abs(ours! - theirs!)).toBeLessThan(1e-6);
  });

  it.each(Object.keys(alphaSets))('alpha: %s matches the R implementation', (name) => {
    const set = alphaSets[name as keyof typeof alphaSets];
    const ours = krippendorffAlphaNominal(set).alpha;
    const theirs = fromR.get(`alpha.${name}`);
    expect(theirs).toBeTypeOf('number');
    expect(Math.abs(ours! - theirs!)).toBeLessThan(1e-6);
  });

  it('alpha from character counts equals R’s alpha on the characters themselves', () => {
    const [a, b] = alphaSets.charactersOfOneCode as [Float64Array, Float64Array];
    const counts = { neither: 0, onlyA: 0, onlyB: 0, both: 0 };
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] && b[i]) counts.both += 1;
      else if (a[i]) counts.onlyA += 1;
      else if (b[i]) counts.onlyB += 1;
      else counts.neither += 1;
    }
    expect(Math.abs(binaryAlpha(counts).alpha! - fromR.get('alpha.charactersOfOneCode')!)).toBeLessThan(1e-6);
  });
});
