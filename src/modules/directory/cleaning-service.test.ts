import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { createUser, type User } from '../accounts/service.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { addPerson, createUnit, getPerson, updatePerson, type Person } from '../organisation/service.ts';
import { checkDirectory, decideFinding, findingsQueue, getFinding, type Finding } from './cleaning-service.ts';

describe.each(backends)('directory cleaning decisions on $name', (backend) => {
  let database: Database;
  let user: User;
  let evaluationId: string;
  let unitId: string;
  let count = 0;
  const settings = { asOf: '2006-03-01', staleMonths: 12 };

  beforeAll(async () => {
    database = await backend.open();
    user = await createUser(database.db, { email: 'cleaner@example.org', name: 'Cleo Cleaner', password: 'a long test password' });
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    count += 1;
    evaluationId = (await createEvaluation(database.db, user.id, { title: `Cleaning ${count}`, slug: `cleaning-${count}` })).id;
    unitId = (await createUnit(database.db, user.id, evaluationId, { kind: 'programme', name: 'Mental health' })).id;
  });

  const add = (name: string, fields: Record<string, unknown> = {}) => addPerson(database.db, user.id, evaluationId, { name, unitId, ...fields });
  const open = async (kind: Finding['kind']) => (await findingsQueue(database.db, evaluationId, { kind })).findings;

  it('merges a double entry: the kept entry gets the blanks filled, the other points at it, and it is recorded', async () => {
    const kept: Person = await add('John Smith', { email: 'john.smith@example.org', lastVerifiedOn: '2006-01-10' });
    const gone = await add('Dr J. Smith', { phone: '0161 496 0000', jobTitle: 'Programme lead', lastVerifiedOn: '2004-01-01' });
    const counts = await checkDirectory(database.db, user.id, evaluationId, settings);
    expect(counts.found).toEqual({ double: 1, missing: 1, 'out-of-date': 1 });
    const [double] = await open('double');
    expect(double).toMatchObject({ score: 0.65, reasons: ['initial J. fits John', 'same surname', 'title Dr on one entry only', 'same unit'] });

    await expect(decideFinding(database.db, user.id, evaluationId, double!.id, { decision: 'merge', personId: kept.id, reason: '  ' })).rejects.toThrow('Give a short reason');
    const decided = await decideFinding(database.db, user.id, evaluationId, double!.id, { decision: 'merge', personId: kept.id, reason: 'Same person, confirmed by the programme office' });
    expect(decided.status).toBe('merged');
    expect(decided.decisions).toEqual([expect.objectContaining({ decision: 'merge', personId: kept.id, mergedPersonId: gone.id, decidedBy: 'Cleo Cleaner', reason: 'Same person, confirmed by the programme office' })]);
    expect(await getPerson(database.db, evaluationId, kept.id)).toMatchObject({ email: 'john.smith@example.org', phone: '0161 496 0000', jobTitle: 'Programme lead', lastVerifiedOn: '2006-01-10' });
    const row = await database.db.selectFrom('people').select('merged_into_id').where('id', '=', gone.id).executeTakeFirstOrThrow();
    expect(row.merged_into_id).toBe(kept.id);
    expect(await open('missing'), "the merged-away entry's own findings go with it").toEqual([]);
    expect(await open('out-of-date')).toEqual([]);
    const audit = (await listAuditEntries(database.db, evaluationId)).entries[0]!;
    expect(audit).toMatchObject({ action: 'merge', entity: 'directory-finding', entityId: double!.id, userName: 'Cleo Cleaner', detail: expect.objectContaining({ reason: 'Same person, confirmed by the programme office' }) });

    await expect(decideFinding(database.db, user.id, evaluationId, double!.id, { decision: 'keep', reason: 'again' })).rejects.toThrow('already decided');
    const again = await checkDirectory(database.db, user.id, evaluationId);
    expect(again.found.double, 'an entry merged away is out of the checks').toBe(0);
  });

  it('does not raise a kept finding again unless the details change', async () => {
    const person = await add('Ann Lee', { lastVerifiedOn: '2004-06-01', email: 'ann@example.org' });
    await checkDirectory(database.db, user.id, evaluationId, settings);
    const [stale] = await open('out-of-date');
    await decideFinding(database.db, user.id, evaluationId, stale!.id, { decision: 'keep', reason: 'Rang her: still in post' });
    await checkDirectory(database.db, user.id, evaluationId);
    expect(await open('out-of-date')).toEqual([]);
    expect((await getFinding(database.db, evaluationId, stale!.id)).status).toBe('kept');

    await updatePerson(database.db, user.id, evaluationId, person.id, { ...person, phone: '020 7946 0001' });
    await checkDirectory(database.db, user.id, evaluationId);
    const reopened = await open('out-of-date');
    expect(reopened.map((f) => f.id)).toEqual([stale!.id]);
    expect((await getFinding(database.db, evaluationId, stale!.id)).decisions).toHaveLength(1);
  });

  it('marks someone as left, settling their other findings with the same reason', async () => {
    const person = await add('Bob Roe', { unitId: null, lastVerifiedOn: '2004-02-01' });
    await checkDirectory(database.db, user.id, evaluationId, settings);
    const [missing] = await open('missing');
    expect(missing!.reasons).toEqual(['no e-mail address', 'no unit']);
    await expect(decideFinding(database.db, user.id, evaluationId, missing!.id, { decision: 'merge', reason: 'x', personId: person.id })).rejects.toThrow('Only double entries can be merged');
    const decided = await decideFinding(database.db, user.id, evaluationId, missing!.id, { decision: 'left', leftOn: '2005-11-30', reason: 'HR: left in November' });
    expect(decided.status).toBe('left');
    expect((await getPerson(database.db, evaluationId, person.id)).leftOn).toBe('2005-11-30');
    expect(await open('out-of-date'), 'the stale-entry finding is settled by the same decision').toEqual([]);
    const settled = await findingsQueue(database.db, evaluationId, { kind: 'out-of-date', status: 'left' });
    expect(settled.findings).toHaveLength(1);
    expect((await getFinding(database.db, evaluationId, settled.findings[0]!.id)).decisions[0]!.reason).toBe('HR: left in November');
    const rerun = await checkDirectory(database.db, user.id, evaluationId);
    expect(rerun.open).toEqual({ double: 0, missing: 0, 'out-of-date': 0 });
  });

  it('drops an open finding fixed at the source', async () => {
    const person = await add('Cat Day', { email: null });
    await checkDirectory(database.db, user.id, evaluationId, settings);
    expect(await open('missing')).toHaveLength(1);
    await updatePerson(database.db, user.id, evaluationId, person.id, { ...person, email: 'cat@example.org' });
    const counts = await checkDirectory(database.db, user.id, evaluationId);
    expect(counts.found.missing).toBe(0);
    expect(await open('missing')).toEqual([]);
  });
});
