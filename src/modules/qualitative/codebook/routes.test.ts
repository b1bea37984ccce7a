import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import type { User } from '../../accounts/service.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { addCoding, createCode, createSource, listCodes } from '../service.ts';

describe.each(backends)('codebook pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let lead: User;
  let evaluationId: string;
  let browser: TestBrowser;
  let token: string;
  const slug = 'codebook-pages';
  const base = `/evaluations/${slug}`;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    lead = await addUser(database, 'Lena Lead');
    evaluationId = (await createEvaluation(database.db, lead.id, { title: 'Codebook pages', slug })).id;
    browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    token = (await createApiToken(database.db, lead.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const codeNamed = async (name: string) => (await listCodes(database.db, evaluationId)).find((c) => c.name === name)!;

  it('loads Greenhalgh from its page, shows the tree with named colours, and skips everything on a second load', async () => {
    const frameworks = await browser.get(`${base}/codebook/frameworks`);
    expect(frameworks.statusCode).toBe(200);
    expect(frameworks.body).toContain('9 components, 57 constructs, 10 sub-constructs');
    expect(frameworks.body).toContain('5 domains, 48 constructs, 19 sub-constructs');
    const page = await browser.get(`${base}/codebook/frameworks/greenhalgh-2004`);
    expect(page.body).toContain('Capacity to evaluate the innovation');
    const loaded = await browser.post(`${base}/codebook/frameworks/greenhalgh-2004/load`, {}, `${base}/codebook/frameworks/greenhalgh-2004`);
    expect(loaded.statusCode).toBe(303);
    expect(loaded.headers.location).toBe(`${base}/codebook?loaded=76&skipped=0`);
    const tree = await browser.get(String(loaded.headers.location));
    expect(tree.body).toContain('76 codes added from the framework.');
    expect(tree.body).toMatch(/System readiness for innovation<\/a>\s*<span class="codebook-swatch"><svg[^>]*>.*fill="#6f72af".*<\/svg><span class="codebook-swatch__name">Light purple<\/span>/);
    // Constructs are nested inside their component's list item.
    expect(tree.body).toMatch(/System readiness for innovation<\/a>[\s\S]*?<ul class="govuk-list codebook-tree">[\s\S]*?Tension for change/);
    const again = await browser.post(`${base}/codebook/frameworks/greenhalgh-2004/load`, {}, `${base}/codebook/frameworks/greenhalgh-2004`);
    expect(again.headers.location).toBe(`${base}/codebook?loaded=0&skipped=76`);
    expect(await listCodes(database.db, evaluationId)).toHaveLength(76);
  });

  it('adds an emergent code under a construct, showing errors and keeping input', async () => {
    const readiness = await codeNamed('System readiness for innovation');
    const form = await browser.get(`${base}/codebook/new?parent=${readiness.id}`);
    expect(form.body).toMatch(new RegExp(`<option value="${readiness.id}" selected>System readiness`));
    const refused = await browser.post(`${base}/codebook`, { name: '', description: 'Kept description', colour: '#00703c', parentId: readiness.id }, `${base}/codebook/new`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<title>Error: Add a code');
    expect(refused.body).toContain('href="#name"');
    expect(refused.body).toContain('Kept description');
    const added = await browser.post(`${base}/codebook`, { name: 'Staff involvement', description: 'Staff take part in shaping the change.', colour: '#00703c', parentId: readiness.id }, `${base}/codebook/new`);
    expect(added.statusCode).toBe(303);
    const code = await codeNamed('Staff involvement');
    expect(code).toMatchObject({ parentId: readiness.id, colour: '#00703c', frameworkRef: null });
    const page = await browser.get(String(added.headers.location));
    expect(page.body).toContain('Code saved.');
    expect(page.body).toContain('None (an emergent code)');
    expect(page.body).toContain('<span class="codebook-swatch__name">Green</span>');
  });

  it('moves a code through its change form and refuses to put it under its own sub-code', async () => {
    const structure = await codeNamed('Structure');
    const slack = await codeNamed('Slack resources');
    const form = await browser.get(`${base}/codebook/${structure.id}/edit`);
    expect(form.body).not.toContain(`<option value="${slack.id}"`);
    const cycle = await browser.post(`${base}/codebook/${structure.id}/edit`, { name: 'Structure', description: '', colour: structure.colour, parentId: slack.id }, `${base}/codebook/${structure.id}/edit`);
    expect(cycle.statusCode).toBe(400);
    expect(cycle.body).toContain('Choose a parent that is not this code or one of its sub-codes');
    const moved = await browser.post(`${base}/codebook/${structure.id}/edit`, { name: 'Organisational structure', description: '', colour: structure.colour, parentId: '' }, `${base}/codebook/${structure.id}/edit`);
    expect(moved.statusCode).toBe(303);
    expect(await codeNamed('Organisational structure')).toMatchObject({ parentId: null });
  });

  it('merges, splits and deletes codes from their pages, keeping codings', async () => {
    const source = await createSource(database.db, lead.id, evaluationId, { kind: 'note', name: 'Field note', content: 'Little time, no money, lots of goodwill.' });
    const a = await codeNamed('Dedicated time and resources');
    const b = await codeNamed('Slack resources');
    for (const [start, end] of [[0, 11], [13, 21]] as const) await addCoding(database.db, lead.id, evaluationId, { sourceId: source.id, codeId: a.id, start, end });
    await addCoding(database.db, lead.id, evaluationId, { sourceId: source.id, codeId: b.id, start: 23, end: 40 });

    const mergePage = await browser.get(`${base}/codebook/${a.id}/merge`);
    expect(mergePage.body).toContain('Its 2 codings');
    const merged = await browser.post(`${base}/codebook/${a.id}/merge`, { into: b.id }, `${base}/codebook/${a.id}/merge`);
    expect(merged.headers.location).toBe(`${base}/codebook/${b.id}?merged=2`);
    expect((await codeNamed('Slack resources')).codings).toBe(3);
    expect(await codeNamed('Dedicated time and resources')).toBeUndefined();

    const splitPage = await browser.get(`${base}/codebook/${b.id}/split`);
    const ids = [...splitPage.body.matchAll(/name="codingIds" type="checkbox" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(3);
    expect(splitPage.body).toContain('Field note: “Little time”');
    const noneChosen = await browser.post(`${base}/codebook/${b.id}/split`, { name: 'Money' }, `${base}/codebook/${b.id}/split`);
    expect(noneChosen.statusCode).toBe(400);
    expect(noneChosen.body).toContain('href="#codingIds"');
    const token = await browser.csrfToken(`${base}/codebook/${b.id}/split`);
    const payload = new URLSearchParams([['_csrf', token], ['name', 'Money'], ['colour', '#b58840'], ['codingIds', ids[1]!], ['codingIds', ids[2]!]]).toString();
    const split = await built.app.inject({ method: 'POST', url: `${base}/codebook/${b.id}/split`, payload, headers: { cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    expect(split.statusCode).toBe(303);
    expect([(await codeNamed('Slack resources')).codings, (await codeNamed('Money')).codings]).toEqual([1, 2]);

    const money = await codeNamed('Money');
    const unconfirmed = await browser.post(`${base}/codebook/${money.id}/delete`, {}, `${base}/codebook/${money.id}/delete`);
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Confirm that its codings are deleted too');
    const deleted = await browser.post(`${base}/codebook/${money.id}/delete`, { withCodings: 'yes' }, `${base}/codebook/${money.id}/delete`);
    expect(deleted.headers.location).toBe(`${base}/codebook?deleted=2`);
    expect(await codeNamed('Money')).toBeUndefined();
  });

  it('offers the same through the API, refusing cycles and unconfirmed deletes', async () => {
    const frameworks = await api(built.app, token, 'GET', '/api/v1/frameworks');
    expect((frameworks.body?.frameworks as { id: string }[]).map((f) => f.id)).toEqual(['cfir-2', 'greenhalgh-2004']);
    expect((await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/frameworks/cfir-2/load`)).body).toEqual({ created: 72, skipped: 0 });
    const parent = await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/codes`, { name: 'API parent' });
    expect(parent.status).toBe(201);
    const child = await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/codes`, { name: 'API child', parentId: parent.body?.id, colour: '#d53880' });
    expect(child.body).toMatchObject({ parentId: parent.body?.id, colour: '#d53880', codings: 0 });
    const cycle = await api(built.app, token, 'PATCH', `/api/v1/evaluations/${slug}/codes/${String(parent.body?.id)}`, { parentId: child.body?.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body?.detail).toContain('cannot be moved under itself');
    const source = await createSource(database.db, lead.id, evaluationId, { kind: 'note', name: 'API note', content: 'abcdef' });
    await addCoding(database.db, lead.id, evaluationId, { sourceId: source.id, codeId: String(child.body?.id), start: 0, end: 3 });
    const shown = await api(built.app, token, 'GET', `/api/v1/evaluations/${slug}/codes/${String(child.body?.id)}`);
    expect(shown.body?.segments).toEqual([expect.objectContaining({ text: 'abc', sourceName: 'API note' })]);
    expect((await api(built.app, token, 'DELETE', `/api/v1/evaluations/${slug}/codes/${String(child.body?.id)}`)).status).toBe(409);
    expect((await api(built.app, token, 'DELETE', `/api/v1/evaluations/${slug}/codes/${String(child.body?.id)}?withCodings=true`)).status).toBe(204);
    const merge = await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/codes/${String(parent.body?.id)}/merge`, { into: (await codeNamed('Tension for change')).id });
    expect(merge.body).toMatchObject({ codingsMoved: 0, subCodesMoved: 0 });
  });

  it('shows the codebook to coders, keeps restructuring for researchers, and hides it from non-members', async () => {
    const coder = await addUser(database, 'Cody Coder');
    const viewer = await addUser(database, 'Vera Viewer');
    const outsider = await addUser(database, 'Olly Outsider');
    await setMember(database.db, lead.id, evaluationId, { email: coder.email, role: 'coder' });
    await setMember(database.db, lead.id, evaluationId, { email: viewer.email, role: 'viewer' });
    const code = await createCode(database.db, lead.id, evaluationId, { name: 'Access check' });
    const asCoder = new TestBrowser(built.app);
    await asCoder.signIn(coder);
    expect((await asCoder.get(`${base}/codebook`)).statusCode).toBe(200);
    expect((await asCoder.get(`${base}/codebook/${code.id}/merge`)).statusCode).toBe(403);
    expect((await asCoder.post(`${base}/codebook/frameworks/cfir-2/load`, {}, `${base}/codebook`)).statusCode).toBe(403);
    const asViewer = new TestBrowser(built.app);
    await asViewer.signIn(viewer);
    expect((await asViewer.get(`${base}/codebook`)).statusCode).toBe(403);
    const viewerToken = (await createApiToken(database.db, viewer.id, 't')).token;
    expect((await api(built.app, viewerToken, 'GET', `/api/v1/evaluations/${slug}/codes`)).status).toBe(403);
    const asOutsider = new TestBrowser(built.app);
    await asOutsider.signIn(outsider);
    const hidden = await asOutsider.get(`${base}/codebook/${code.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toContain('Evaluation not found');
    const outsiderToken = (await createApiToken(database.db, outsider.id, 't')).token;
    expect((await api(built.app, outsiderToken, 'GET', `/api/v1/evaluations/${slug}/codes`)).status).toBe(404);
    // A code id from another evaluation is not found in this one.
    const other = await createEvaluation(database.db, outsider.id, { title: 'Elsewhere', slug: 'elsewhere-codebook' });
    const foreign = await createCode(database.db, outsider.id, other.id, { name: 'Theirs' });
    expect((await browser.get(`${base}/codebook/${foreign.id}`)).statusCode).toBe(404);
  });
});
