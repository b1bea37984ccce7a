import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { addNorm, compareGroups, compareWaves, compareWithNorms, surveyResults, type Audience } from './service.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { storeResponses } from '../surveys/responses-import.ts';
import { createSurvey } from '../surveys/service.ts';
import { buildFixture, fixtureDefinition, fixtureItems, fixtureUser, linkFixture, type Fixture } from './test-fixture.ts';

/**
 * The analysis service on both databases, every figure checked against R (psych::alpha, t.test,
 * oneway.test, aov, kruskal.test, p.adjust) on the same answers read back from the database, with
 * the scoring rules written out in plain R. Skipped, with a message, where R or psych is missing.
 */

const rCheck = spawnSync('Rscript', ['-e', 'cat(requireNamespace("psych", quietly = TRUE))'], { encoding: 'utf8' });
const hasR = rCheck.status === 0 && rCheck.stdout.trim() === 'TRUE';
const skipMessage = 'R comparison of the analysis service skipped: Rscript with the psych package was not found (Debian: apt-get install -y r-base-core r-cran-psych)';
if (!hasR) console.warn(skipMessage);

const full: Audience = { full: true, threshold: 5 };
const viewer: Audience = { full: false, threshold: 5 };

function expectClose(actual: number | null | undefined, expected: number | undefined, what: string): void {
  expect(expected, `R gave no value for ${what}`).toBeTypeOf('number');
  expect(actual, `no value for ${what}`).toBeTypeOf('number');
  const scale = Math.max(1, Math.abs(expected!));
  expect(Math.abs(actual! - expected!) / scale, `${what}: ${actual} vs R ${expected}`).toBeLessThan(1e-6);
}

/** The R side: scores by the instrument's rules, then every statistic the service reports. */
const rScript = (file: string, norm: { mean: number; sd: number; n: number }) => `
suppressPackageStartupMessages(library(psych))
d <- read.csv("${file}")
out <- function(name, value) cat(name, "=", format(value, digits = 15), "\\n", sep = "")
keyed <- function(items, reversed) { m <- as.matrix(d[, items]); for (r in reversed) m[, r] <- 6 - m[, r]; m }
score <- function(m) { s <- rowMeans(m, na.rm = TRUE); s[rowSums(!is.na(m)) < 2] <- NA; s }
scales <- list(tension_for_change = keyed(c("tc1", "tc2", "tc3"), "tc2"), time_resources = keyed(c("res1", "res2", "res3"), "res3"))
pw <- c(); pk <- c(); pwave <- c(); ppair <- c()
for (name in names(scales)) {
  m <- scales[[name]]; s <- score(m); d[[name]] <- s
  w1 <- d$wave == 1; w2 <- d$wave == 2
  a <- alpha(as.data.frame(m[w1, ]), warnings = FALSE)
  out(paste0(name, ".alpha"), a$total$raw_alpha)
  out(paste0(name, ".std_alpha"), a$total$std.alpha)
  x <- s[w1]; x <- x[!is.na(x)]
  out(paste0(name, ".n"), length(x)); out(paste0(name, ".mean"), mean(x)); out(paste0(name, ".sd"), sd(x))
  ci <- t.test(x)$conf.int; out(paste0(name, ".lower"), ci[1]); out(paste0(name, ".upper"), ci[2])
  for (g in c("MHI", "CfC", "ICN")) out(paste0(name, ".", g, ".mean"), mean(s[w1 & d$programme == g], na.rm = TRUE))
  sub <- d[w1 & !is.na(s), ]
  ow <- oneway.test(sub[[name]] ~ sub$programme); out(paste0(name, ".welchF"), ow$statistic); out(paste0(name, ".welchP"), ow$p.value); pw <- c(pw, ow$p.value)
  av <- summary(aov(sub[[name]] ~ sub$programme))[[1]]; out(paste0(name, ".F"), av[1, "F value"]); out(paste0(name, ".eta2"), av[1, "Sum Sq"] / sum(av[, "Sum Sq"]))
  kw <- kruskal.test(sub[[name]] ~ factor(sub$programme)); out(paste0(name, ".H"), kw$statistic); pk <- c(pk, kw$p.value)
  # Viewers: CAT (3 people) is suppressed, and with it the next-smallest group (ICN), so MHI and CfC are compared.
  vv <- t.test(s[w1 & d$programme == "MHI"], s[w1 & d$programme == "CfC"]); out(paste0(name, ".viewerT"), vv$statistic)
  tt <- t.test(s[w2], s[w1]); out(paste0(name, ".waveT"), tt$statistic); out(paste0(name, ".waveDf"), tt$parameter); pwave <- c(pwave, tt$p.value)
  l1 <- s[w1 & d$link > 0][order(d$link[w1 & d$link > 0])]; l2 <- s[w2 & d$link > 0][order(d$link[w2 & d$link > 0])]
  pt <- t.test(l2, l1, paired = TRUE); out(paste0(name, ".pairedT"), pt$statistic); out(paste0(name, ".pairs"), pt$parameter + 1); ppair <- c(ppair, pt$p.value)
  nt <- (mean(x) - ${norm.mean}) / sqrt(var(x) / length(x) + ${norm.sd}^2 / ${norm.n}); out(paste0(name, ".normT"), nt)
}
ph <- p.adjust(pw, "holm"); out("tension_for_change.holm", ph[1]); out("time_resources.holm", ph[2])
ph <- p.adjust(pk, "holm"); out("tension_for_change.kwHolm", ph[1]); out("time_resources.kwHolm", ph[2])
ph <- p.adjust(pwave, "holm"); out("tension_for_change.waveHolm", ph[1]); out("time_resources.waveHolm", ph[2])
ph <- p.adjust(ppair, "holm"); out("tension_for_change.pairedHolm", ph[1]); out("time_resources.pairedHolm", ph[2])
`;

/** The fixture's answers as R reads them: one row per complete response, in stored (id) order, NA for NR or unanswered. */
async function answersCsv(database: Database, fixture: Fixture, linkedIds: string[][]): Promise<string> {
  const lines = [['wave', 'programme', 'link', ...fixtureItems].join(',')];
  for (const [w, surveyId] of fixture.surveyIds.entries()) {
    const rows = await database.db.selectFrom('responses').select(['id', 'answers']).where('survey_id', '=', surveyId).where('status', '=', 'complete').orderBy('id').execute();
    for (const row of rows) {
      const a = row.answers as Record<string, unknown>;
      const link = linkedIds[w]!.indexOf(row.id) + 1;
      const values = fixtureItems.map((item) => (typeof a[`change_climate_${item}`] === 'number' ? String(a[`change_climate_${item}`]) : 'NA'));
      lines.push([w + 1, a.programme, link > 0 && link <= 20 ? link : 0, ...values].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

describe.each(backends)('analysis service on $name', (backend) => {
  let database: Database;
  let fixture: Fixture;
  let r: Record<string, number> = {};
  const norm = { mean: 3.1, sd: 0.8, n: 412 };
  let dir = '';

  beforeAll(async () => {
    database = await backend.open();
    const lead = await fixtureUser(database.db, 'Lead');
    fixture = await buildFixture(database.db, lead.id);
    const linked = await linkFixture(database.db, fixture);
    for (const scale of ['tension_for_change', 'time_resources']) {
      await addNorm(database.db, lead.id, fixture.evaluationId, { instrumentScale: `change-climate:${scale}`, ...norm, citation: 'Test norms. Journal of Tests 2004;1:1-10.' });
    }
    if (!hasR) return;
    dir = mkdtempSync(join(tmpdir(), 'formative-results-'));
    const csvPath = join(dir, 'answers.csv');
    writeFileSync(csvPath, await answersCsv(database, fixture, linked));
    writeFileSync(join(dir, 'check.R'), rScript(csvPath, norm));
    const run = spawnSync('Rscript', [join(dir, 'check.R')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    r = Object.fromEntries(run.stdout.trim().split('\n').map((line) => { const [k, v] = line.split('='); return [k!.trim(), Number(v)]; }));
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const suite = hasR ? it : it.skip;

  suite('scale scores, alpha and descriptives match R, overall and by programme', async () => {
    const results = await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: full });
    for (const name of ['tension_for_change', 'time_resources']) {
      const scale = results.scales.find((s) => s.id === name)!;
      expectClose(scale.alpha.raw, r[`${name}.alpha`], `${name} alpha`);
      expectClose(scale.alpha.standardised, r[`${name}.std_alpha`], `${name} standardised alpha`);
      expect(scale.overall.n).toBe(r[`${name}.n`]);
      expectClose(scale.overall.mean, r[`${name}.mean`], `${name} mean`);
      expectClose(scale.overall.sd, r[`${name}.sd`], `${name} sd`);
      expectClose(scale.overall.lower, r[`${name}.lower`], `${name} CI lower`);
      expectClose(scale.overall.upper, r[`${name}.upper`], `${name} CI upper`);
      for (const g of ['MHI', 'CfC', 'ICN']) expectClose(scale.groups.find((x) => x.key === g)!.mean, r[`${name}.${g}.mean`], `${name} ${g} mean`);
    }
  });

  suite('comparisons between programmes match R, Holm-adjusted over the scales', async () => {
    const result = await compareGroups(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: full });
    for (const name of ['tension_for_change', 'time_resources']) {
      const c = result.comparisons.find((x) => x.scale === name)!;
      expect(c.test).toBe("Welch's ANOVA");
      expectClose(c.statistic!.value, r[`${name}.welchF`], `${name} Welch F`);
      expectClose(c.p, r[`${name}.welchP`], `${name} Welch p`);
      expectClose(c.pHolm, r[`${name}.holm`], `${name} Holm p`);
      expectClose(c.anova!.F, r[`${name}.F`], `${name} ANOVA F`);
      expectClose(c.anova!.etaSquared, r[`${name}.eta2`], `${name} eta squared`);
      expectClose(c.kruskal!.H, r[`${name}.H`], `${name} Kruskal-Wallis H`);
      expectClose(c.kruskal!.pHolm, r[`${name}.kwHolm`], `${name} Kruskal-Wallis Holm p`);
    }
  });

  suite('viewers: a programme under the threshold is suppressed with the next smallest, and left out of the test', async () => {
    const results = await surveyResults(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: viewer });
    const scale = results.scales.find((s) => s.id === 'time_resources')!;
    const cat = scale.groups.find((g) => g.key === 'CAT')!;
    expect(cat.mean).toBeNull();
    expect(cat.n).toBe(0);
    expect(cat.note).toMatch(/Not shown/);
    expect(scale.groups.find((g) => g.key === 'ICN')!.mean).toBeNull();
    const compared = await compareGroups(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { by: 'programme', audience: viewer });
    const c = compared.comparisons.find((x) => x.scale === 'time_resources')!;
    expect(c.groups.map((g) => g.key)).toEqual(['MHI', 'CfC']);
    expect(c.leftOut.map((g) => g.label)).toEqual(expect.arrayContaining(['Community equipment (CAT)', 'Integrated care (ICN)']));
    expect(c.test).toBe("Welch's two-sample t test");
    if (hasR) expectClose(c.statistic!.value, r['time_resources.viewerT'], 'viewer t');
    expect(JSON.stringify(results)).not.toContain('NaN');
  });

  suite('change between waves: independent and paired (linked) tests match R, with the match rate', async () => {
    const result = await compareWaves(database.db, fixture.evaluationId, fixture.surveyIds[1]!, { audience: full });
    expect(result.waves.map((w) => w.name)).toEqual(['Year 1', 'Year 2']);
    expect(result.links[0]!.matched).toBe(20);
    expect(result.links[0]!.rateFrom).toBeCloseTo(20 / 20, 12);
    for (const name of ['tension_for_change', 'time_resources']) {
      const step = result.steps.find((s) => s.scale === name)!;
      expectClose(step.independent!.t, r[`${name}.waveT`], `${name} wave t`);
      expectClose(step.independent!.df, r[`${name}.waveDf`], `${name} wave df`);
      expectClose(step.independent!.pHolm, r[`${name}.waveHolm`], `${name} wave Holm p`);
      expectClose(step.paired!.t, r[`${name}.pairedT`], `${name} paired t`);
      expect(step.paired!.pairs).toBe(r[`${name}.pairs`]);
      expectClose(step.paired!.pHolm, r[`${name}.pairedHolm`], `${name} paired Holm p`);
    }
    expect(result.charts[0]!.table.rows.length).toBe(4);
  });

  suite('comparison with a published norm matches R', async () => {
    const result = await compareWithNorms(database.db, fixture.evaluationId, fixture.surveyIds[0]!, { audience: full });
    for (const name of ['tension_for_change', 'time_resources']) {
      const n = result.results.find((x) => x.norm.scale === name)!;
      expect(n.norm.citation).toMatch(/Journal of Tests/);
      expectClose(n.t, r[`${name}.normT`], `${name} norm t`);
    }
  });

  it('a single respondent with the same answer to every item gives figures or reasons, never NaN', async () => {
    const db = database.db;
    const lead = await fixtureUser(db, 'Single lead');
    const evaluation = await createEvaluation(db, lead.id, { title: 'One respondent', slug: 'one-respondent' });
    const survey = await createSurvey(db, lead.id, evaluation.id, { title: 'Tiny survey', purpose: 'main', anonymity: 'anonymous' }, fixtureDefinition());
    await storeResponses(db, lead.id, evaluation.id, survey.id, [{ answers: { programme: 'MHI', ...Object.fromEntries(fixtureItems.map((item) => [`change_climate_${item}`, 3])) } }]);
    const results = await surveyResults(db, evaluation.id, survey.id, { by: 'programme', audience: full });
    const scale = results.scales[0]!;
    expect(scale.overall).toMatchObject({ n: 1, mean: 3, sd: null, lower: null });
    expect(scale.overall.note).toMatch(/one value/);
    expect(scale.alpha.ok).toBe(false);
    expect(scale.alpha.reason).toBeTruthy();
    const compared = await compareGroups(db, evaluation.id, survey.id, { by: 'programme', audience: full });
    expect(compared.comparisons.every((c) => c.unavailable && c.p === null)).toBe(true);
    const waves = await compareWaves(db, evaluation.id, survey.id, { audience: full });
    expect(waves.steps).toEqual([]);
    expect(JSON.stringify([results, compared, waves])).not.toMatch(/NaN|Infinity/);
    const viewed = await surveyResults(db, evaluation.id, survey.id, { audience: viewer });
    expect(viewed.withheld).toMatch(/1 complete response: results of fewer than 5 people are not shown/);
    expect(viewed.scales).toEqual([]);
  });

  it('a grouping with too few cases says so and gives no statistic', async () => {
    const db = database.db;
    const lead = await fixtureUser(db, 'Other lead');
    const small = await buildFixture(db, lead.id, 'tiny');
    // Wave 2 grouped by programme, only CAT (6) and one ICN respondent kept: too few to compare.
    const keep = await db.selectFrom('responses').select(['id', 'answers']).where('survey_id', '=', small.surveyIds[1]!).orderBy('id').execute();
    const drop = keep.filter((row) => !['CAT'].includes((row.answers as { programme: string }).programme)).slice(1).map((row) => row.id);
    await db.deleteFrom('responses').where('id', 'in', drop).execute();
    const result = await compareGroups(db, small.evaluationId, small.surveyIds[1]!, { by: 'programme', audience: full });
    for (const c of result.comparisons) {
      expect(c.unavailable).toMatch(/too few cases/);
      expect(c.statistic).toBeNull();
      expect(c.p).toBeNull();
    }
    const viewed = await surveyResults(db, small.evaluationId, small.surveyIds[1]!, { audience: viewer });
    expect(viewed.withheld).toBeNull();
    expect(JSON.stringify(viewed)).not.toMatch(/NaN|Infinity/);
  });
});
