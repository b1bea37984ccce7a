import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import type { User } from '../accounts/service.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation, setMember } from '../evaluations/service.ts';
import { wordingFor } from './service.ts';

describe.each(backends)('instrument pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let researcher: User;
  let coder: User;
  let outsider: User;
  let evaluationId: string;
  const tokens: Record<'researcher' | 'coder' | 'outsider', string> = { researcher: '', coder: '', outsider: '' };
  const base = '/evaluations/instruments-test/instruments';
  const apiBase = '/api/v1/evaluations/instruments-test/instruments';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    researcher = await addUser(database, 'Rae Researcher');
    coder = await addUser(database, 'Cy Coder');
    outsider = await addUser(database, 'Oz Outsider');
    evaluationId = (await createEvaluation(database.db, researcher.id, { title: 'Instruments test', slug: 'instruments-test' })).id;
    await setMember(database.db, researcher.id, evaluationId, { email: coder.email, role: 'coder' });
    await createEvaluation(database.db, outsider.id, { title: 'Elsewhere', slug: 'elsewhere' });
    for (const [name, user] of [['researcher', researcher], ['coder', coder], ['outsider', outsider]] as const) {
      tokens[name] = (await createApiToken(database.db, user.id, 'test')).token;
    }
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function browserFor(user: User): Promise<TestBrowser> {
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    return browser;
  }

  it('lists every instrument with its citation, counts and wording status, for a coder', async () => {
    const page = await (await browserFor(coder)).get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Instruments</h1>');
    expect(page.body).toContain(`href="${base}/nomad"`);
    expect(page.body).toContain('Finch TL');
    expect(page.body).toMatch(/NoMAD[\s\S]*?>23<[\s\S]*?>4<[\s\S]*?23 of 23 items need wording/);
    expect(page.body).toMatch(/Change climate<\/a>[\s\S]*?Complete/);
    expect(page.body).toContain('90 items need a scoring key');
    expect(page.body).toContain(`href="${base}" aria-current="page"`);
  });

  it('shows an instrument\'s structure, scoring and terms, without the upload form for a coder', async () => {
    const page = await (await browserFor(coder)).get(`${base}/job-content-questionnaire`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Decision latitude');
    expect(page.body).toContain('Sum of the subscales Skill discretion and Decision authority; needs all 2 subscales.');
    expect(page.body).toMatch(/<code>sd2<\/code>[\s\S]*?<strong>Reverse<\/strong>/);
    expect(page.body).toContain('Job strain');
    expect(page.body).toContain('High strain (Psychological demands high, Decision latitude low)');
    expect(page.body).toContain('JCQ Center');
    expect(page.body).toContain('Needs wording');
    expect(page.body).not.toContain('Load the licensed wording');
  });

  it('loads pasted wording for a researcher and shows it to the team', async () => {
    const browser = await browserFor(researcher);
    const csv = 'item_id,text\ncom1,"We are committed, all of us"\ncom2,<script>alert(1)</script>\n';
    const response = await browser.post(`${base}/oric/wording`, { csv }, `${base}/oric`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${base}/oric?what=wording&loaded=2`);
    const after = await browser.get(String(response.headers.location));
    expect(after.body).toContain('Wording loaded for 2 items');
    expect(after.body).toContain('10 of 12 items still need wording');
    const forCoder = await (await browserFor(coder)).get(`${base}/oric`);
    expect(forCoder.body).toContain('We are committed, all of us');
    expect(forCoder.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(forCoder.body).not.toContain('<script>alert(1)');
  });

  it('lists every bad row in a GOV.UK error summary, keeps the text and stores nothing', async () => {
    const browser = await browserFor(researcher);
    const before = await wordingFor(database.db, evaluationId, 'oric');
    const csv = 'eff1,Fine\neff2;Wrong delimiter,and a comma,too\nnope,Unknown\n';
    const response = await browser.post(`${base}/oric/wording`, { csv }, `${base}/oric`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Organizational Readiness');
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Row 2: has 3 columns but needs 2');
    expect(response.body).toContain('Row 3: there is no item &quot;nope&quot;');
    expect(response.body).toContain('href="#csv"');
    expect(response.body).toContain('Fix the 2 problems listed at the top of the page');
    expect(response.body).toContain('eff2;Wrong delimiter');
    expect(await wordingFor(database.db, evaluationId, 'oric')).toEqual(before);

    const empty = await browser.post(`${base}/oric/wording`, { csv: '   ' }, `${base}/oric`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Paste the CSV text of the wording');
  });

  it('loads a licensed scoring key from the page', async () => {
    const browser = await browserFor(researcher);
    const page = await browser.get(`${base}/work-environment-scale`);
    expect(page.body).toContain('Load the licensed scoring key');
    const bad = await browser.post(`${base}/work-environment-scale/scoring-key`, { csv: 'q1,perhaps' }, `${base}/work-environment-scale`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#key-csv"');
    expect(bad.body).toContain('Row 1: &quot;perhaps&quot; is not a keyed answer');
    const good = await browser.post(`${base}/work-environment-scale/scoring-key`, { csv: 'q1,true\nq2,false' }, `${base}/work-environment-scale`);
    expect(good.statusCode).toBe(303);
    const after = await browser.get(String(good.headers.location));
    expect(after.body).toContain('Scoring key loaded for 2 items');
    expect(after.body).toContain('88 items still need keying');
  });

  it('refuses uploads by a coder and hides the evaluation from non-members', async () => {
    const coderBrowser = await browserFor(coder);
    expect((await coderBrowser.post(`${base}/oric/wording`, { csv: 'com3,x' }, `${base}/oric`)).statusCode).toBe(403);
    const outsiderBrowser = await browserFor(outsider);
    expect((await outsiderBrowser.get(base)).statusCode).toBe(404);
    expect((await outsiderBrowser.get(`${base}/oric`)).statusCode).toBe(404);
    expect((await (await browserFor(coder)).get(`${base}/no-such-instrument`)).statusCode).toBe(404);
    expect((await api(built.app, tokens.outsider, 'GET', `${apiBase}/oric/wording`)).status).toBe(404);
    expect((await api(built.app, tokens.coder, 'PUT', `${apiBase}/oric/wording`, { csv: 'com3,x' })).status).toBe(403);
    expect((await wordingFor(database.db, evaluationId, 'oric')).has('com3')).toBe(false);
  });

  it('lists instruments and serves a definition to any signed-in user', async () => {
    const list = await api(built.app, tokens.outsider, 'GET', '/api/v1/instruments');
    expect(list.status).toBe(200);
    const summaries = list.body?.instruments as { id: string; items: number; scales: number; wording: string }[];
    expect(summaries.find((s) => s.id === 'oric')).toMatchObject({ items: 12, scales: 2, wording: 'user-supplied' });
    const nomad = await api(built.app, tokens.outsider, 'GET', '/api/v1/instruments/nomad');
    expect(nomad.status).toBe(200);
    expect((nomad.body?.items as unknown[]).length).toBe(23);
    expect(nomad.body?.licence).toMatchObject({ wording: 'user-supplied' });
    const missing = await api(built.app, tokens.outsider, 'GET', '/api/v1/instruments/nothing');
    expect(missing.status).toBe(404);
    expect(missing.response.headers['content-type']).toContain('application/problem+json');
    expect((await built.app.inject({ method: 'GET', url: '/api/v1/instruments' })).statusCode).toBe(401);
  });

  it('reads and loads wording through the API as JSON or as a CSV body', async () => {
    const json = await api(built.app, tokens.researcher, 'PUT', `${apiBase}/nomad/wording`, { csv: 'coh1,First coherence text\ncoh2,Second' });
    expect(json).toMatchObject({ status: 200, body: { instrument: 'nomad', loaded: 2 } });
    const csv = await built.app.inject({
      method: 'PUT',
      url: `${apiBase}/nomad/wording`,
      headers: { authorization: `Bearer ${tokens.researcher}`, 'content-type': 'text/csv; charset=utf-8' },
      payload: '\uFEFFcoh3;"Third; with a semicolon"\n',
    });
    expect(csv.statusCode).toBe(200);
    const read = await api(built.app, tokens.coder, 'GET', `${apiBase}/nomad/wording`);
    expect(read.status).toBe(200);
    expect(read.body?.complete).toBe(false);
    expect((read.body?.missing as string[]).length).toBe(20);
    const items = read.body?.items as { itemId: string; text: string | null; source: string | null }[];
    expect(items.find((i) => i.itemId === 'coh3')).toMatchObject({ text: 'Third; with a semicolon', source: 'uploaded' });

    const bad = await api(built.app, tokens.researcher, 'PUT', `${apiBase}/nomad/wording`, { csv: 'coh4,Fine\ncoh9,Unknown' });
    expect(bad.status).toBe(400);
    expect(bad.response.headers['content-type']).toContain('application/problem+json');
    expect(bad.body?.errors).toEqual([{ field: 'csv', message: 'Row 2: there is no item "coh9" in NoMAD (Normalization MeAsure Development questionnaire)' }]);
    expect((await wordingFor(database.db, evaluationId, 'nomad')).has('coh4')).toBe(false);
  });

  it('reads the scoring key through the API', async () => {
    const key = await api(built.app, tokens.coder, 'GET', `${apiBase}/job-content-questionnaire/scoring-key`);
    expect(key.status).toBe(200);
    expect(key.body?.complete).toBe(true);
    expect((key.body?.items as { itemId: string; reverse: boolean }[]).filter((i) => i.reverse).map((i) => i.itemId)).toEqual(['sd2', 'da2', 'pd3', 'pd4', 'pd5']);
  });
});
