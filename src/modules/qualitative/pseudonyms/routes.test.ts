import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { addPerson, createUnit } from '../../organisation/service.ts';

describe.each(backends)('pseudonymisation pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let researcher: TestBrowser;
  let coder: TestBrowser;
  let token: string;
  const base = '/evaluations/pseudonym-pages/pseudonyms';
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database);
    const coderUser = await addUser(database);
    const evaluationId = (await createEvaluation(database.db, lead.id, { title: 'Pseudonym pages', slug: 'pseudonym-pages' })).id;
    await setMember(database.db, lead.id, evaluationId, { email: coderUser.email, role: 'coder' });
    await createUnit(database.db, null, evaluationId, { kind: 'programme', name: 'Older People', shortName: 'OP' });
    await addPerson(database.db, null, evaluationId, { name: 'Robin Named' });
    researcher = new TestBrowser(built.app);
    await researcher.signIn(lead);
    coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
    token = (await createApiToken(database.db, lead.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('keeps the list of real names from coders', async () => {
    expect((await coder.get(base)).statusCode).toBe(403);
    expect((await coder.get(`${base}/check`)).statusCode).toBe(403);
  });

  it('adds a name by form, seeds the rest, and checks a text', async () => {
    const bad = await researcher.post(base, { kind: 'place', term: '' }, `${base}/new`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#term"');
    expect((await researcher.post(base, { kind: 'place', term: 'Lowtown', variants: 'Low Town\nLT', replacement: '' }, `${base}/new`)).statusCode).toBe(303);
    const editLink = /pseudonyms\/([0-9a-f-]{36})\/edit/.exec((await researcher.get(base)).body)![0]!;
    const edit = await researcher.get(`/evaluations/pseudonym-pages/${editLink}`);
    expect(edit.body).toContain('Low Town\nLT');
    const seeded = await researcher.post(`${base}/seed`, {}, base);
    expect(seeded.body).toContain('Added 1 programme and region name and 1 name from the staff directory.');
    const list = await researcher.get(base);
    expect(list.body).toMatch(/Lowtown[\s\S]*Low Town, LT[\s\S]*\[name of place\]/);
    const checked = await researcher.post(`${base}/check`, { text: 'In low town, OP staff met Robin Named and Robin.' }, `${base}/check`);
    expect(checked.body).toContain('In [name of place], [name of programme] staff met [name] and Robin.');
    expect(checked.body).toContain('Ready to release');
    expect(checked.body).toMatch(/Names in the text as pasted[\s\S]*low town[\s\S]*Lowtown/);
  });

  it('pseudonymises and checks texts through the API', async () => {
    const term = await api(built.app, token, 'POST', '/api/v1/evaluations/pseudonym-pages/pseudonym-terms', { kind: 'organisation', term: 'Hill Trust', variants: ['the Hill'] });
    expect(term.status).toBe(201);
    expect(term.body).toMatchObject({ replacement: '[name of organisation]', variants: ['the Hill'] });
    const replaced = await api(built.app, token, 'POST', '/api/v1/evaluations/pseudonym-pages/pseudonymise', { text: 'The Hill said: Hill Trust works.' });
    expect(replaced.body).toEqual({ text: '[name of organisation] said: [name of organisation] works.' });
    const check = await api(built.app, token, 'POST', '/api/v1/evaluations/pseudonym-pages/prerelease-check', { texts: [{ id: 'a', text: 'robin named agreed' }, { id: 'b', text: 'All agreed' }] });
    expect(check.body).toEqual({
      results: [
        { id: 'a', clear: false, findings: [{ source: 'term', kind: 'person', term: 'Robin Named', found: 'robin named', at: 0 }] },
        { id: 'b', clear: true, findings: [] },
      ],
    });
  });
});
