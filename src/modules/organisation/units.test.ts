import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, testConfig, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import type { Role } from '../../http/access.ts';
import { createApiToken, type User } from '../accounts/service.ts';
import { createEvaluation, setMember } from '../evaluations/service.ts';
import { addBudgetLine, addPerson, createUnit, listUnits } from './service.ts';

describe.each(backends)('organisation units on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    // Every test signs in new members; the sign-in rate limit is not what is tested here.
    built = await buildApp({ config: testConfig({ signInAttemptsPerMinute: 1000 }), database });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  let made = 0;
  /** An evaluation with a lead, and a signed-in browser and API token for a member of the given role. */
  async function evaluationWith(role: Role = 'lead') {
    made += 1;
    const lead = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: `Units ${made}`, slug: `units-${made}` });
    let user: User = lead;
    if (role !== 'lead') {
      user = await addUser(database, `A ${role}`);
      await setMember(database.db, lead.id, evaluation.id, { email: user.email, role });
    }
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    const token = (await createApiToken(database.db, user.id, 'test')).token;
    return { lead, evaluation, browser, token, base: `/evaluations/${evaluation.slug}` };
  }

  it('adds units through the form and lists them by kind with the hierarchy', async () => {
    const { evaluation, browser, base } = await evaluationWith('researcher');
    const form = `${base}/units/new`;
    expect((await browser.post(`${base}/units`, { kind: 'organisation', name: 'Care Services Improvement Partnership', shortName: 'CSIP' }, form)).statusCode).toBe(303);
    const [root] = await listUnits(database.db, evaluation.id);
    expect((await browser.post(`${base}/units`, { kind: 'programme', name: 'Mental Health Institute', shortName: 'MHI', parentId: root!.id }, form)).statusCode).toBe(303);
    const programme = (await listUnits(database.db, evaluation.id)).find((u) => u.kind === 'programme')!;
    expect((await browser.post(`${base}/units`, { kind: 'team', name: 'Acute care team', parentId: programme.id }, form)).statusCode).toBe(303);

    const page = await browser.get(`${base}/units`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<caption[^>]*>Organisation<\/caption>[\s\S]*<caption[^>]*>Programmes<\/caption>[\s\S]*<caption[^>]*>Teams<\/caption>/);
    expect(page.body).toMatch(/Acute care team<\/th>[\s\S]*?Care Services Improvement Partnership › Mental Health Institute/);
    expect(page.body).toContain('MHI');
    expect(page.body).toContain(`${base}/units/${programme.id}/edit`);
  });

  it('refuses a parent from another evaluation, on the page, the API and the service', async () => {
    const ours = await evaluationWith('researcher');
    const theirs = await evaluationWith();
    const foreign = await createUnit(database.db, theirs.lead.id, theirs.evaluation.id, { kind: 'organisation', name: 'Another body' });

    const page = await ours.browser.post(`${ours.base}/units`, { kind: 'team', name: 'Borrowed team', parentId: foreign.id }, `${ours.base}/units/new`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('href="#parentId"');
    expect(page.body).toContain('value="Borrowed team"');

    const viaApi = await api(built.app, ours.token, 'POST', `/api/v1/evaluations/${ours.evaluation.slug}/units`, { kind: 'team', name: 'Borrowed team', parentId: foreign.id });
    expect(viaApi.status).toBe(400);
    expect(viaApi.response.headers['content-type']).toContain('application/problem+json');

    await expect(createUnit(database.db, null, ours.evaluation.id, { kind: 'team', name: 'Borrowed team', parentId: foreign.id })).rejects.toThrow(/not found in this evaluation/);
    expect(await listUnits(database.db, ours.evaluation.id)).toEqual([]);
  });

  it('refuses to put a unit inside itself or inside a unit within it', async () => {
    const { lead, evaluation, browser, base } = await evaluationWith();
    const root = await createUnit(database.db, lead.id, evaluation.id, { kind: 'organisation', name: 'Partnership' });
    const programme = await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name: 'Change Agent Team', parentId: root.id });
    const response = await browser.post(`${base}/units/${root.id}/edit`, { kind: 'organisation', name: 'Partnership', parentId: programme.id }, `${base}/units/${root.id}/edit`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('A unit cannot be part of itself or of a unit inside it');
    expect((await listUnits(database.db, evaluation.id)).find((u) => u.id === root.id)?.parentId).toBeNull();
  });

  it('refuses a second unit of the same kind and name', async () => {
    const { lead, evaluation, token } = await evaluationWith();
    await createUnit(database.db, lead.id, evaluation.id, { kind: 'region', name: 'North West' });
    const again = await api(built.app, token, 'POST', `/api/v1/evaluations/${evaluation.slug}/units`, { kind: 'region', name: 'north west' });
    expect(again.status).toBe(400);
    expect(String(again.body?.detail)).toContain('There is already a region called north west');
  });

  it('deletes a unit only when nothing refers to it, and says what does', async () => {
    const { lead, evaluation, browser, token, base } = await evaluationWith();
    const root = await createUnit(database.db, lead.id, evaluation.id, { kind: 'organisation', name: 'Partnership' });
    const region = await createUnit(database.db, lead.id, evaluation.id, { kind: 'region', name: 'North West', parentId: root.id });
    await addBudgetLine(database.db, lead.id, evaluation.id, { financialYear: '2005/06', label: 'Regional centre', amountThousands: 300, unitId: region.id });
    await addPerson(database.db, lead.id, evaluation.id, { name: 'Ray Regional', regionId: region.id });

    const refused = await browser.post(`${base}/units/${region.id}/delete`, {}, `${base}/units/${region.id}/edit`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('North West cannot be deleted because 1 budget line belongs to it, 1 person is in it');

    const viaApi = await api(built.app, token, 'DELETE', `/api/v1/evaluations/${evaluation.slug}/units/${root.id}`);
    expect(viaApi.status).toBe(409);
    expect(String(viaApi.body?.detail)).toContain('1 unit is part of it');

    const spare = await createUnit(database.db, lead.id, evaluation.id, { kind: 'team', name: 'Spare team' });
    expect((await browser.post(`${base}/units/${spare.id}/delete`, {}, `${base}/units/${spare.id}/edit`)).statusCode).toBe(303);
    expect((await listUnits(database.db, evaluation.id)).map((u) => u.name).sort()).toEqual(['North West', 'Partnership']);
  });

  it('changes a unit through the API, keeping fields left out', async () => {
    const { lead, evaluation, token } = await evaluationWith();
    const unit = await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name: 'Valuing People', shortName: 'VP' });
    const changed = await api(built.app, token, 'PATCH', `/api/v1/evaluations/${evaluation.slug}/units/${unit.id}`, { name: 'Valuing People Support Team' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: unit.id, kind: 'programme', name: 'Valuing People Support Team', shortName: 'VP', parentId: null });
    const list = await api(built.app, token, 'GET', `/api/v1/evaluations/${evaluation.slug}/units`);
    expect(list.body?.items).toEqual([changed.body]);
  });

  it('keeps a region a region while people have it as their region', async () => {
    const { lead, evaluation, token } = await evaluationWith();
    const region = await createUnit(database.db, lead.id, evaluation.id, { kind: 'region', name: 'London' });
    await addPerson(database.db, lead.id, evaluation.id, { name: 'Lou London', regionId: region.id });
    const response = await api(built.app, token, 'PATCH', `/api/v1/evaluations/${evaluation.slug}/units/${region.id}`, { kind: 'team' });
    expect(response.status).toBe(400);
    expect(String(response.body?.detail)).toContain('1 person has this as their region');
    expect((await listUnits(database.db, evaluation.id))[0]?.kind).toBe('region');
  });

  it("answers 404 for another evaluation's unit through pages and the API", async () => {
    const ours = await evaluationWith();
    const theirs = await evaluationWith();
    const foreign = await createUnit(database.db, theirs.lead.id, theirs.evaluation.id, { kind: 'programme', name: 'Not yours' });
    const apiBase = `/api/v1/evaluations/${ours.evaluation.slug}/units/${foreign.id}`;
    expect((await ours.browser.get(`${ours.base}/units/${foreign.id}/edit`)).statusCode).toBe(404);
    expect((await ours.browser.post(`${ours.base}/units/${foreign.id}/delete`, {}, `${ours.base}/units`)).statusCode).toBe(404);
    expect((await api(built.app, ours.token, 'GET', apiBase)).status).toBe(404);
    expect((await api(built.app, ours.token, 'PATCH', apiBase, { name: 'Taken over' })).status).toBe(404);
    expect((await api(built.app, ours.token, 'DELETE', apiBase)).status).toBe(404);
    expect((await listUnits(database.db, theirs.evaluation.id))[0]?.name).toBe('Not yours');
  });

  it('lets a coder read the units but not change them, and a viewer neither', async () => {
    const coder = await evaluationWith('coder');
    expect((await coder.browser.get(`${coder.base}/units`)).statusCode).toBe(200);
    expect((await coder.browser.get(`${coder.base}/units`)).body).not.toContain('Add a unit');
    expect((await coder.browser.get(`${coder.base}/units/new`)).statusCode).toBe(403);
    expect((await api(built.app, coder.token, 'POST', `/api/v1/evaluations/${coder.evaluation.slug}/units`, { kind: 'team', name: 'X' })).status).toBe(403);
    const viewer = await evaluationWith('viewer');
    expect((await viewer.browser.get(`${viewer.base}/units`)).statusCode).toBe(403);
  });
});
