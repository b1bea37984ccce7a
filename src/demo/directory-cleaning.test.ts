import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { createUser } from '../modules/accounts/service.ts';
import { findingsQueue, getFinding } from '../modules/directory/cleaning-service.ts';
import { createEvaluation } from '../modules/evaluations/service.ts';
import { addPeople, listUnits, searchPeople, type Person } from '../modules/organisation/service.ts';
import { buildDirectory, type DirectoryEntry } from './directory-builder.ts';
import { directoryCleaningStep } from './directory-cleaning.ts';
import { DEFAULT_DEMO_SEED } from './load.ts';
import { organisationStep } from './organisation.ts';
import { seededRandom } from './random.ts';

describe.each(backends)('cleaning the demo directory on $name', (backend) => {
  let database: Database;
  let evaluationId: string;
  let counts: Record<string, number>;
  const demo = buildDirectory(seededRandom(DEFAULT_DEMO_SEED));
  const people = new Map<string, Person>();

  beforeAll(async () => {
    database = await backend.open();
    const db = database.db;
    const lead = await createUser(db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
    evaluationId = (await createEvaluation(db, lead.id, { title: 'Demo directory', slug: 'demo-directory' })).id;
    const context = { db, evaluationId, leadUserId: lead.id, random: seededRandom(1) };
    await organisationStep.run(context);
    // The directory as the demo's directory step loads it, with its known double entries at hand.
    const unitIds = new Map((await listUnits(db, evaluationId)).map((u) => [u.name, u.id]));
    await addPeople(db, lead.id, evaluationId, demo.entries.map(({ unit, region, ...entry }) => ({ ...entry, unitId: unit && unitIds.get(unit), regionId: region && unitIds.get(region) })));
    for (let page = 1, pages = 1; page <= pages; page++) {
      const found = await searchPeople(db, evaluationId, { page });
      pages = found.pages;
      for (const person of found.people) people.set(person.name, person);
    }
    counts = await directoryCleaningStep.run(context);
  }, 120_000);
  afterAll(async () => {
    await database.close();
  });

  const idOf = (entry: DirectoryEntry) => people.get(entry.name)!.id;

  it('finds every one of the double entries the demo built, and no others', async () => {
    expect(people.size, 'every demo entry has a name of its own').toBe(demo.entries.length);
    expect(counts.doubleEntriesFound).toBe(demo.doublePairs.length);
    const queue = await Promise.all((['open', 'merged'] as const).map((status) => findingsQueue(database.db, evaluationId, { kind: 'double', status })));
    const pairs = queue.flatMap((q) => q.findings).map((f) => [f.person.id, f.other!.id].sort().join('|'));
    const known = demo.doublePairs.map((p) => [idOf(p.original), idOf(p.double)].sort().join('|'));
    expect(pairs.sort()).toEqual(known.sort());
  });

  it('finds the missing e-mails and units, the leavers and the entries not verified for a year', async () => {
    const open = await findingsQueue(database.db, evaluationId, { kind: 'missing' });
    const noEmail = demo.entries.filter((e) => !e.email && !e.leftOn).length;
    const noUnit = demo.entries.filter((e) => !e.unit && !e.leftOn).length;
    expect(open.counts.missing.open + open.counts.missing.kept + open.counts.missing.left).toBeGreaterThanOrEqual(Math.max(noEmail, noUnit));
    const all = await findingsQueue(database.db, evaluationId, { kind: 'out-of-date' });
    const outOfDate = all.counts['out-of-date'];
    // The entry merged away in each of the two merges takes its own out-of-date finding with it.
    const listed = Object.values(outOfDate).reduce((a, n) => a + n, 0);
    expect(listed).toBeLessThanOrEqual(counts.outOfDateFound!);
    expect(listed).toBeGreaterThanOrEqual(counts.outOfDateFound! - 2);
    const leavers = demo.entries.filter((e) => e.leftOn).length;
    expect(counts.outOfDateFound).toBeGreaterThanOrEqual(leavers + 30);
  });

  it('records the demo decisions with their reasons', async () => {
    const merged = await findingsQueue(database.db, evaluationId, { kind: 'double', status: 'merged' });
    expect(merged.total).toBe(2);
    const detail = await getFinding(database.db, evaluationId, merged.findings[0]!.id);
    expect(detail.decisions).toEqual([expect.objectContaining({ decision: 'merge', decidedBy: 'Lead', reason: expect.stringContaining('predecessor list') })]);
    expect(counts.decisions).toBe(5);
  });
});
