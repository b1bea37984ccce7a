import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { buildTestProject, type TestProject } from '../analysis/test-project.ts';
import { listCodings } from '../service.ts';

describe.each(backends)('agreement pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let p: TestProject;
  let lead: TestBrowser;
  let base = '';
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    p = await buildTestProject(database);
    await p.code('SM02', 'a strong champion', p.codes.advocacy, { coderId: p.coderA.id });
    await p.code('SM02', 'no dedicated time', p.codes.time, { coderId: p.coderA.id });
    await p.code('SM02', 'a strong champion', p.codes.advocacy, { coderId: p.coderB.id });
    lead = new TestBrowser(built.app);
    await lead.signIn(p.lead);
    base = `/evaluations/${p.slug}/agreement`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('starts a round from the form, showing errors in the GOV.UK pattern', async () => {
    const wrong = await lead.post(base, { name: '', coderA: p.coderA.id, coderB: p.coderA.id }, base);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<title>Error: Inter-coder agreement');
    expect(wrong.body).toContain('href="#name"');
    expect(wrong.body).toContain('Choose two different coders');
    const created = await lead.post(base, { name: 'Pilot round', sourceIds: p.sources.SM02, coderA: p.coderA.id, coderB: p.coderB.id, scopeCodeId: p.codes.inner.id }, base);
    expect(created.statusCode).toBe(303);
    const page = await lead.get(created.headers.location as string);
    expect(page.body).toContain('Pilot round');
    expect(page.body).toContain('Close the round and compare');
    const list = await lead.get(base);
    expect(list.body).toContain('Coding blind');
  });

  it('tells a coder they code blind, and lets a researcher close the round', async () => {
    const roundUrl = /href="(\/evaluations\/[^"]+\/agreement\/[0-9a-f-]{36})"/.exec((await lead.get(base)).body)![1]!;
    const coder = new TestBrowser(built.app);
    await coder.signIn(p.coderA);
    const seen = await coder.get(roundUrl);
    expect(seen.body).toContain('You are coding these sources blind');
    expect(seen.body).not.toContain('Close the round and compare');
    expect((await coder.post(`${roundUrl}/close`, {}, roundUrl)).statusCode).toBe(403);
    expect((await coder.get(`${roundUrl}/disagreements`)).statusCode).toBe(409);

    expect((await lead.post(`${roundUrl}/close`, {}, roundUrl)).statusCode).toBe(303);
    const compared = await lead.get(roundUrl);
    expect(compared.body).toContain("Cohen's kappa");
    expect(compared.body).toMatch(/Support and advocacy<\/th>\s*<td[^>]*>1, 1, 1<\/td>/);
    expect(compared.body).toContain('The coders differ in 1 paragraph');

    const differences = await coder.get(`${roundUrl}/disagreements`);
    expect(differences.body).toContain('Dedicated time and resources');
    const row = /id="(unit-[0-9a-f-]+-\d+)"/.exec(differences.body)![1]!;
    const [, sourceId, unitStart] = /^unit-([0-9a-f-]{36})-(\d+)$/.exec(row)!;
    const missing = await coder.post(`${roundUrl}/decisions`, { sourceId: sourceId!, unitStart: unitStart! }, `${roundUrl}/disagreements`);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain(`href="#${row}"`);
    const decided = await coder.post(`${roundUrl}/decisions`, { sourceId: sourceId!, unitStart: unitStart!, decision: 'a' }, `${roundUrl}/disagreements`);
    expect(decided.statusCode).toBe(303);
    const codings = await listCodings(database.db, p.evaluationId, p.sources.SM02);
    expect(codings.map((c) => c.codeName).sort()).toEqual(['Dedicated time and resources', 'Support and advocacy']);
    expect((await coder.post(`${roundUrl}/finish`, {}, `${roundUrl}/disagreements`)).statusCode).toBe(303);
    expect((await lead.get(roundUrl)).body).toContain('Reconciled');
  });

  it('answers the API, and refuses viewers and non-members', async () => {
    const token = (await createApiToken(database.db, p.lead.id, 'test')).token;
    const prefix = `/api/v1/evaluations/${p.slug}/qualitative/agreement-rounds`;
    const created = await api(built.app, token, 'POST', prefix, { name: 'API round', sourceIds: [p.sources.SM01], coderA: p.coderA.id, coderB: p.coderB.id });
    expect(created.status).toBe(201);
    const id = String(created.body!.id);
    expect((await api(built.app, token, 'GET', `${prefix}/${id}/comparison`)).status).toBe(409);
    expect((await api(built.app, token, 'POST', `${prefix}/${id}/close`)).body).toMatchObject({ status: 'comparing' });
    const comparison = await api(built.app, token, 'GET', `${prefix}/${id}/comparison`);
    expect(comparison.body).toMatchObject({ codes: [], disagreements: [], overall: { kappa: { kappa: null } } });
    expect(JSON.stringify(comparison.body)).not.toContain('NaN');
    const rounds = await api(built.app, token, 'GET', prefix);
    expect((rounds.body!.rounds as { name: string }[]).map((r) => r.name).sort()).toEqual(['API round', 'Pilot round']);

    const viewerToken = (await createApiToken(database.db, p.viewer.id, 'test')).token;
    expect((await api(built.app, viewerToken, 'GET', prefix)).status).toBe(403);
    const viewer = new TestBrowser(built.app);
    await viewer.signIn(p.viewer);
    expect((await viewer.get(base)).statusCode).toBe(403);
    const outsider = await addUser(database, 'Outsider');
    const outside = new TestBrowser(built.app);
    await outside.signIn(outsider);
    expect((await outside.get(base)).statusCode).toBe(404);
  });
});
