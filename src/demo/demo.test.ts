import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { checkPassword, findUserByEmail } from '../modules/accounts/service.ts';
import { listAllEvaluations, listMembers, listPeriods } from '../modules/evaluations/service.ts';
import { budgetConcentration, listBudgetLines, listUnits, searchPeople, type Person } from '../modules/organisation/service.ts';
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

  it('has about 450 rows with the faults of a real directory', () => {
    const { entries, doubleEntries } = buildDirectory(seededRandom(2005));
    expect(entries.length).toBeGreaterThanOrEqual(430);
    expect(entries.length).toBeLessThanOrEqual(470);
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
  });
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

  it('loads a staff directory of about 450 with double entries, gaps and leavers', async () => {
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
  });
});
