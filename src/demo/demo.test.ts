import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { checkPassword, findUserByEmail } from '../modules/accounts/service.ts';
import { listAllEvaluations, listMembers, listPeriods } from '../modules/evaluations/service.ts';
import { budgetConcentration, listBudgetLines, listUnits, searchPeople, type Person } from '../modules/organisation/service.ts';
import { evidenceMap, listFindings, listRecommendations } from '../modules/findings/service.ts';
import { listSamples } from '../modules/casework/case-studies/case-files.ts';
import { caseStudyHasData } from '../modules/casework/case-studies/sites.ts';
import { siteSummaries } from '../modules/casework/case-studies/summary.ts';
import { reportSchedule } from '../modules/reports/service.ts';
import { checkVersion, getVersion } from '../modules/reports/versions.ts';
import { feedbackOnFindings, learningSetsOverview } from '../modules/casework/learning-sets/service.ts';
import { coverageSummary } from '../modules/evaluations/protocol/summaries.ts';
import { DEMO_PASSWORD } from './accounts.ts';
import { buildDirectory, DIRECTORY_AS_OF, VERIFIED_STALE_BEFORE } from './directory-builder.ts';
import { DemoLoadError, loadDemo, type DemoResult } from './load.ts';
import { shortForms } from './names.ts';
import { seededRandom } from './random.ts';
import { demoSteps } from './steps.ts';

async function everyone(database: Database, evaluationId: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let page = 1; ; page++) {
    const result = await searchPeople(database.db, evaluationId, { page });
    people.push(...result.people);
    if (page >= result.pages) return people;
  }
}

const fullForms = new Map(Object.entries(shortForms).map(([full, short]) => [short, full]));

/** First initial and surname, whichever way round and however shortened the name was typed. */
function nameKey(name: string): string {
  let text = name.replace(/^Dr\s+/, '');
  if (text.includes(',')) {
    const [surname, given] = text.split(',').map((part) => part.trim());
    text = `${given} ${surname}`;
  }
  const words = text.split(/\s+/);
  const given = fullForms.get(words[0]!) ?? words[0]!;
  return `${given[0]}|${words.at(-1)}`.toLowerCase();
}

function doubleEntryGroups(people: { name: string }[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const { name } of people) groups.set(nameKey(name), [...(groups.get(nameKey(name)) ?? []), name]);
  return [...groups.values()].filter((names) => names.length > 1);
}

describe('the demo directory', () => {
  it('is the same for the same seed and different for another', () => {
    expect(buildDirectory(seededRandom(7))).toEqual(buildDirectory(seededRandom(7)));
    expect(buildDirectory(seededRandom(7)).entries.map((e) => e.name)).not.toEqual(buildDirectory(seededRandom(8)).entries.map((e) => e.name));
  });

  it('has about 480 rows with the faults of a real directory', () => {
    const { entries, doubleEntries } = buildDirectory(seededRandom(2005));
    expect(entries.length).toBeGreaterThanOrEqual(430);
    expect(entries.length).toBeLessThanOrEqual(500);
    expect(doubleEntries).toBe(20);
    expect(doubleEntryGroups(entries)).toHaveLength(20);
    expect(entries.filter((e) => !e.email).length).toBeGreaterThanOrEqual(12);
    expect(entries.filter((e) => !e.unit).length).toBeGreaterThanOrEqual(10);
    expect(entries.filter((e) => e.leftOn && e.leftOn < DIRECTORY_AS_OF)).toHaveLength(25);
    expect(entries.filter((e) => e.lastVerifiedOn < VERIFIED_STALE_BEFORE).length).toBeGreaterThanOrEqual(30);
    for (const e of entries) {
      if (e.phone) expect(e.phone.replace(/ /g, '')).toMatch(/^0\d{10}$/);
      if (e.email) expect(e.email).toMatch(/^[A-Za-z.]+@(csip\.example\.org|nhs\.example\.net)$/);
      if (e.leftOn) expect(e.leftOn >= e.startedOn).toBe(true);
    }
  });

  it('writes the same person in several forms', () => {
    const variants = doubleEntryGroups(buildDirectory(seededRandom(2005)).entries).flat();
    expect(variants.some((name) => name.includes(','))).toBe(true);
    expect(variants.some((name) => /^(Dr )?[A-Z]\. /.test(name))).toBe(true);
  });
});

describe.each(backends)('the demo evaluation ($name)', (backend) => {
  let database: Database;
  let demo: DemoResult;

  beforeAll(async () => {
    database = await backend.open();
    demo = await loadDemo(database);
  }, 600_000); // the whole demo, every step
  afterAll(() => database?.close());

  it('creates the evaluation with the demo lead and a funder who can only view', async () => {
    expect(demo.loaded).toBe(true);
    expect(demo.evaluation.slug).toBe('demo');
    const members = await listMembers(database.db, demo.evaluation.id);
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual([
      ['coder@formative.test', 'coder'],
      ['demo@formative.test', 'lead'],
      ['funder@formative.test', 'viewer'],
    ]);
    expect(await checkPassword(database.db, 'demo@formative.test', DEMO_PASSWORD)).toMatchObject({ email: 'demo@formative.test' });
    expect(await checkPassword(database.db, 'funder@formative.test', DEMO_PASSWORD)).toMatchObject({ email: 'funder@formative.test' });
  });

  it('plans three phases and three yearly survey waves', async () => {
    const phases = await listPeriods(database.db, 'phases', demo.evaluation.id);
    const waves = await listPeriods(database.db, 'waves', demo.evaluation.id);
    expect(phases.map((p) => p.name)).toEqual([
      'Phase 1: scoping and documentary analysis',
      'Phase 2: interviews and pilot survey',
      'Phase 3: main survey waves and reporting',
    ]);
    expect(waves.map((w) => [w.name, w.startsOn?.slice(0, 4)])).toEqual([['Year 1', '2006'], ['Year 2', '2007'], ['Year 3', '2008']]);
  });

  it('places eight programmes, eight regions and the corporate unit under the organisation', async () => {
    const units = await listUnits(database.db, demo.evaluation.id);
    const root = units.filter((u) => u.kind === 'organisation');
    expect(root).toHaveLength(1);
    const programmes = units.filter((u) => u.kind === 'programme');
    const regions = units.filter((u) => u.kind === 'region');
    expect(programmes.length + regions.length).toBe(16);
    expect(programmes.map((p) => p.shortName).sort()).toEqual(['CAMHS', 'CAT', 'CfC', 'HCJ', 'ICES', 'ICN', 'MHI', 'VPST']);
    expect(units.filter((u) => u.kind === 'other').map((u) => u.name)).toEqual(['Accommodation and servicing']);
    expect(units.filter((u) => u.kind !== 'organisation').every((u) => u.parentId === root[0]!.id)).toBe(true);
  });

  it('holds the 2005/06 budget of £39,447,000, about 61.3% of it for mental health', async () => {
    const lines = await listBudgetLines(database.db, demo.evaluation.id, '2005/06');
    expect(lines).toHaveLength(9);
    expect(lines.reduce((sum, line) => sum + line.amountThousands, 0)).toBe(39_447);
    const [largest] = await budgetConcentration(database.db, demo.evaluation.id, '2005/06');
    expect(largest?.unitName).toBe('Mental Health Institute');
    expect(largest?.sharePercent).toBeCloseTo(61.3, 1);
  });

  it('drafts eight findings backed by evidence from every method, some of it contradicting, and four recommendations', async () => {
    const findings = await listFindings(database.db, demo.evaluation.id);
    expect(findings).toHaveLength(8);
    expect(new Set(findings.map((f) => f.valence))).toEqual(new Set(['facilitating', 'inhibiting', 'mixed']));
    for (const f of findings) {
      expect(f.constructs.length).toBeGreaterThan(0);
      expect(f.evidence.length).toBeGreaterThanOrEqual(2);
      expect(f.evidence.length).toBeLessThanOrEqual(5);
    }
    const evidence = findings.flatMap((f) => f.evidence);
    expect(new Set(evidence.map((e) => e.kind))).toEqual(new Set(['coding', 'quote', 'survey-result', 'document', 'plan-analysis', 'budget-analysis', 'context-event']));
    expect(new Set(evidence.map((e) => e.method))).toEqual(new Set(['interviews', 'documents', 'survey', 'context']));
    expect(evidence.filter((e) => e.stance === 'contradicts').length).toBeGreaterThanOrEqual(2);
    for (const e of evidence.filter((x) => x.kind === 'quote' || x.kind === 'coding')) {
      expect(e.attribution).toBe('Senior Manager');
      expect(e.excerpt).not.toMatch(/\{|Mental Health Institute/);
    }
    const recommendations = await listRecommendations(database.db, demo.evaluation.id);
    expect(recommendations).toHaveLength(4);
    expect(recommendations.every((r) => r.findingIds.length > 0)).toBe(true);
    const map = await evidenceMap(database.db, demo.evaluation.id);
    expect(map.constructs.flatMap((c) => c.cells.map((cell) => cell.verdict))).toEqual(expect.arrayContaining(['supports', 'mixed', 'contradicts']));
  });

  it('schedules two interim reports, the first with a saved version filled from the evaluation that passes the release check', async () => {
    const schedule = await reportSchedule(database.db, demo.evaluation.id, '2007-03-05');
    expect(schedule.map((r) => [r.title, r.dueOn, r.state])).toEqual([['First interim report', '2007-03-30', 'due-soon'], ['Second interim report', '2007-09-28', 'later']]);
    const version = await getVersion(database.db, demo.evaluation.id, schedule[0]!.id, 1);
    const text = (key: string) => JSON.stringify(version.model.sections.find((s) => s.key === key));
    expect(version.model.sections.find((s) => s.key === 'executive-summary')?.narrative).toContain('A year and a half after eight improvement programmes');
    expect(text('aims-questions')).toContain('Research questions not addressed');
    expect(text('findings')).toContain('Senior Manager');
    expect(text('survey-results')).toContain('<svg');
    expect(text('appendix-glossary')).toContain('Valuing People Support Team');
    expect(text('appendix-interview-schedule')).not.toContain('has no interview schedule');
    expect(await checkVersion(database.db, demo.evaluation.id, schedule[0]!.id, 1)).toEqual([]);
  });

  it('loads a staff directory of about 480 with double entries, gaps and leavers', async () => {
    const people = await everyone(database, demo.evaluation.id);
    expect(people).toHaveLength(demo.counts.people!);
    expect(people.length).toBeGreaterThanOrEqual(430);
    expect(doubleEntryGroups(people).length).toBeGreaterThanOrEqual(20);
    expect(people.filter((p) => !p.email).length).toBeGreaterThanOrEqual(12);
    expect(people.filter((p) => !p.unitId).length).toBeGreaterThanOrEqual(10);
    expect(people.filter((p) => p.leftOn && p.leftOn < DIRECTORY_AS_OF).length).toBeGreaterThanOrEqual(25);
    const byUnit = (name: string) => people.filter((p) => p.unitName === name).length;
    expect(byUnit('Mental Health Institute')).toBeGreaterThan(byUnit('Health in Criminal Justice') * 3);
  });

  it('studies four sites, one of each type, with criteria, stakeholders, and five of ten case files sampled and extracted', async () => {
    const sites = await siteSummaries(database.db, demo.evaluation.id);
    expect(sites.map((s) => s.siteType).sort()).toEqual(['london', 'metropolitan', 'rural', 'urban']);
    for (const site of sites) {
      expect(site).toMatchObject({ criteriaTotal: 3, caseFiles: 10, sampled: 5, extracted: 5, linkedInterviews: 1 });
      expect(Object.values(site.byCategory).every((n) => n >= 1)).toBe(true);
      expect(site.units).toHaveLength(2);
      expect(site.projectMonths).toBeGreaterThanOrEqual(12);
      expect(site.projectMonths).toBeLessThanOrEqual(18);
    }
    expect(sites.find((s) => s.siteType === 'london')!.criteriaMet).toBe(2);
    expect((await listSamples(database.db, demo.evaluation.id, sites[0]!.id))[0]!.seed).toMatch(/^200\d$/);
    expect(await caseStudyHasData(database.db, demo.evaluation.id)).toBe(true);
  });

  it('has a held internal staff learning set with feedback on three findings, and a cancelled front-line set', async () => {
    const overview = await learningSetsOverview(database.db, demo.evaluation.id);
    expect(overview.map((s) => [s.kind, s.members, s.sessions.map((x) => [x.status, x.reason])])).toEqual([
      ['internal-staff', 6, [['held', '']]],
      ['front-line-practitioners', 4, [['cancelled', "Cancelled at the funder's request"]]],
    ]);
    const feedback = [...(await feedbackOnFindings(database.db, demo.evaluation.id)).values()];
    expect(feedback).toHaveLength(3);
    expect(feedback.reduce((n, f) => n + f.agrees + f.disagrees + f.nuances, 0)).toBe(18);
    expect(feedback.reduce((n, f) => n + f.disagrees, 0)).toBe(1);
    expect(feedback.reduce((n, f) => n + f.nuances, 0)).toBe(4);
  });

  it('addresses two aims from the data and not the other two, with the reasons', async () => {
    const { aims } = await coverageSummary(database.db, demo.evaluation.id);
    expect(aims.map((a) => a.status)).toEqual(['addressed', 'addressed', 'not-addressed', 'not-addressed']);
    expect(aims[3]!.reasons[0]).toContain("the front-line practitioners' set was cancelled at the funder's request");
  });

  it('adds nothing when loaded again', async () => {
    const again = await loadDemo(database);
    expect(again).toMatchObject({ loaded: false, evaluation: { id: demo.evaluation.id }, counts: {} });
    expect((await listAllEvaluations(database.db)).filter((e) => e.slug === 'demo')).toHaveLength(1);
    expect((await searchPeople(database.db, demo.evaluation.id)).total).toBe(demo.counts.people);
    expect(await listUnits(database.db, demo.evaluation.id)).toHaveLength(18);
  });

  it('saves nothing when a step fails, and loads the same directory on the next try', async () => {
    const fresh = await backend.open();
    try {
      const failing = { name: 'broken step', run: () => Promise.reject(new Error('disk full')) };
      const attempt = loadDemo(fresh, { steps: [...demoSteps, failing] });
      await expect(attempt).rejects.toBeInstanceOf(DemoLoadError);
      await expect(attempt).rejects.toThrow('the "broken step" step failed: disk full');
      expect(await listAllEvaluations(fresh.db)).toEqual([]);
      expect(await findUserByEmail(fresh.db, 'demo@formative.test')).toBeUndefined();
      expect(await findUserByEmail(fresh.db, 'funder@formative.test')).toBeUndefined();

      const retried = await loadDemo(fresh);
      expect(retried.loaded).toBe(true);
      const names = async (db: Database, id: string) => (await everyone(db, id)).map((p) => `${p.name} ${p.email ?? ''}`).sort();
      expect(await names(fresh, retried.evaluation.id)).toEqual(await names(database, demo.evaluation.id));
    } finally {
      await fresh.close();
    }
  }, 600_000); // loads the whole demo twice
});
