import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { backends } from '../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { setMember } from '../evaluations/service.ts';
import { createSurvey, setStatus } from '../surveys/service.ts';
import { buildFixture, fixtureDefinition, type Fixture } from './test-fixture.ts';

/** A browser's multipart form post: the CSRF field, then one file. */
function multipart(csrf: string, file: { name: string; content: Buffer }) {
  const boundary = `----formative${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a page's form with its hidden fields (CSRF, version) and these answers, as a respondent's browser would. */
async function answerPage(app: FastifyInstance, browser: TestBrowser, url: string, fields: [string, string][]) {
  const page = await browser.get(url);
  expect(page.statusCode).toBe(200);
  const hidden = [...page.body.matchAll(/<input type="hidden" name="(_csrf|_version)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!] as [string, string]);
  return app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams([...hidden, ...fields, ['action', 'continue']]).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookieHeader() },
  });
}

describe.each(backends)('analysis pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let fixture: Fixture;
  let researcher: TestBrowser;
  let viewer: TestBrowser;
  let viewerToken: string;
  let researcherToken: string;
  const base = '/evaluations/analysis-test/analysis';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Lena Lead');
    const reader = await addUser(database, 'Vic Viewer');
    fixture = await buildFixture(database.db, lead.id);
    await setMember(database.db, lead.id, fixture.evaluationId, { email: reader.email, role: 'viewer' });
    researcher = new TestBrowser(built.app);
    await researcher.signIn(lead);
    viewer = new TestBrowser(built.app);
    await viewer.signIn(reader);
    viewerToken = (await createApiToken(database.db, reader.id, 'viewer')).token;
    researcherToken = (await createApiToken(database.db, lead.id, 'lead')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('shows the team every group, with charts as labelled SVG beside their data and downloads', async () => {
    const page = await researcher.get(`${base}/surveys/${fixture.surveyIds[0]}?by=programme`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dedicated time and resources');
    expect(page.body).toContain('Community equipment (CAT)');
    expect(page.body).not.toContain('NaN');
    const svg = /<svg role="img" aria-labelledby="([a-z0-9-]+)-caption \1-summary"/.exec(page.body);
    expect(svg, 'an inline chart labelled by its caption and summary').not.toBeNull();
    const id = svg![1]!;
    expect(page.body).toContain(`<figcaption id="${id}-caption"`);
    expect(page.body).toMatch(new RegExp(`<p id="${id}-summary" class="govuk-body">[^<]{20,}</p>`));
    const download = await researcher.get(`${base}/surveys/${fixture.surveyIds[0]}/charts/${id}.svg?from=results&by=programme`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(download.body).toMatch(/^<svg role="img" aria-labelledby="title desc"/);
    expect(download.body).toContain('<desc id="desc">');
    const data = await researcher.get(`${base}/surveys/${fixture.surveyIds[0]}/charts/means-change-climate-time-resources-programme.csv?from=results&by=programme`);
    expect(data.statusCode).toBe(200);
    expect(data.body.split('\r\n')[0]).toBe('Group,n,Mean,95% CI lower,95% CI upper');
    expect(data.body).toContain('Community equipment (CAT),3,');
  });

  it('never shows viewers a group under the threshold: pages, chart data and API alike', async () => {
    const page = await viewer.get(`${base}/surveys/${fixture.surveyIds[0]}?by=programme`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Not shown: fewer than 5 people');
    const data = await viewer.get(`${base}/surveys/${fixture.surveyIds[0]}/charts/means-change-climate-time-resources-programme.csv?from=results&by=programme`);
    expect(data.statusCode).toBe(200);
    expect(data.body).not.toContain('Community equipment (CAT)');
    // The next-smallest group goes too, so CAT cannot be worked out from the overall figure.
    expect(data.body).not.toContain('Integrated care (ICN)');
    const viaApi = await api(built.app, viewerToken, 'GET', `/api/v1/evaluations/analysis-test/analysis/surveys/${fixture.surveyIds[0]}/results?by=programme`);
    expect(viaApi.status).toBe(200);
    const scales = viaApi.body!.scales as { id: string; groups: { key: string; n: number; mean: number | null }[] }[];
    const cat = scales.find((s) => s.id === 'time_resources')!.groups.find((g) => g.key === 'CAT')!;
    expect(cat).toMatchObject({ n: 0, mean: null });
    const items = viaApi.body!.items as { options: { count: number | null }[] }[];
    expect(items.flatMap((i) => i.options).every((o) => o.count === null || o.count === 0 || o.count >= 5)).toBe(true);
    const compare = await api(built.app, viewerToken, 'GET', `/api/v1/evaluations/analysis-test/analysis/surveys/${fixture.surveyIds[0]}/compare?by=programme`);
    expect(JSON.stringify(compare.body)).not.toContain('"CAT"');
    const full = await api(built.app, researcherToken, 'GET', `/api/v1/evaluations/analysis-test/analysis/surveys/${fixture.surveyIds[0]}/compare?by=programme`);
    expect(JSON.stringify(full.body)).toContain('"CAT"');
  });

  it('shows the comparison page with tests and a chart, and the waves page with change', async () => {
    const compare = await researcher.get(`${base}/surveys/${fixture.surveyIds[0]}/compare?by=programme&scale=time_resources`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain("Welch&#39;s ANOVA");
    expect(compare.body).toContain('<svg role="img"');
    const waves = await researcher.get(`${base}/surveys/${fixture.surveyIds[1]}/waves`);
    expect(waves.statusCode).toBe(200);
    expect(waves.body).toContain('Year 1 to Year 2');
    expect(waves.body).toContain('<svg role="img"');
  });

  it('refuses a data set with values outside the scale, naming the rows, and stores nothing; then imports a good one', async () => {
    const count = async () => (await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('n')).where('survey_id', '=', fixture.surveyIds[0]!).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    const bad = Buffer.from('programme,tc1,tc2,res1\nMHI,4,2,3\nCfC,7,2,3\nICN,3,NR,0\n');
    const { payload, contentType } = multipart(await researcher.csrfToken(`${base}/surveys/${fixture.surveyIds[0]}/import`), { name: 'earlier.csv', content: bad });
    const uploaded = await built.app.inject({ method: 'POST', url: `${base}/surveys/${fixture.surveyIds[0]}/import`, payload, headers: { cookie: researcher.cookieHeader(), 'content-type': contentType } });
    expect(uploaded.statusCode).toBe(303);
    const mappingUrl = String(uploaded.headers.location);
    const mappingPage = await researcher.get(mappingUrl);
    expect(mappingPage.statusCode).toBe(200);
    // Columns named as instrument items are matched already.
    expect(mappingPage.body).toMatch(/<option value="change_climate_tc1" selected>/);
    const fields = { 'column-0': 'programme', 'column-1': 'change_climate_tc1', 'column-2': 'change_climate_tc2', 'column-3': 'change_climate_res1' };
    const refused = await researcher.post(mappingUrl, fields, mappingUrl);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Row 3, column &quot;tc1&quot; (question change_climate_tc1): 7 is not one of the offered values 1–5, NR');
    expect(refused.body).toContain('Row 4, column &quot;res1&quot; (question change_climate_res1): 0 is not one of the offered values 1–5, NR');
    expect(Number(await count())).toBe(before);

    const good = await api(built.app, researcherToken, 'POST', `/api/v1/evaluations/analysis-test/analysis/surveys/${fixture.surveyIds[0]}/datasets`, { filename: 'earlier.csv', content: 'programme,tc1,tc2,res1\nMHI,4,2,3\nChildren\'s services (CfC),5,NR,3\n' });
    expect(good.status).toBe(201);
    expect(good.body!.stored).toBe(2);
    expect(Number(await count())).toBe(before + 2);
  });

  it('stores a linking code only as a keyed hash: no part in the response, its links or the export', async () => {
    const survey = await createSurvey(database.db, null, fixture.evaluationId, { title: 'Linked survey', purpose: 'main', anonymity: 'anonymous', access: 'open' }, fixtureDefinition());
    const set = await researcher.post(`${base}/surveys/${survey.id}/linking`, { parts: 'mother', action: 'set' }, `${base}/surveys/${survey.id}/linking`);
    expect(set.statusCode).toBe(400);
    expect(set.body).toContain('Choose at least two questions');
    const form = new URLSearchParams([['_csrf', await researcher.csrfToken(`${base}/surveys/${survey.id}/linking`)], ['parts', 'mother'], ['parts', 'day'], ['parts', 'siblings'], ['action', 'set']]);
    const saved = await built.app.inject({ method: 'POST', url: `${base}/surveys/${survey.id}/linking`, payload: form.toString(), headers: { cookie: researcher.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    expect(saved.statusCode).toBe(303);
    await setStatus(database.db, (await database.db.selectFrom('users').select('id').where('name', '=', 'Lena Lead').executeTakeFirstOrThrow()).id, fixture.evaluationId, survey.id, 'open');

    const respondent = new TestBrowser(built.app);
    const start = await respondent.post(`/s/${survey.publicCode}/start`, { consent: 'yes' }, `/s/${survey.publicCode}`);
    expect(start.statusCode).toBe(303);
    const first = String(start.headers.location);
    const afterFirst = await answerPage(built.app, respondent, first, [['programme', 'MHI']]);
    expect(afterFirst.statusCode).toBe(303);
    const linkingPage = String(afterFirst.headers.location);
    const page = await respondent.get(linkingPage);
    expect(page.body).toContain('Your linking code');
    const afterLinking = await answerPage(built.app, respondent, linkingPage, [['link_mother', 'Q'], ['link_day', '29'], ['link_siblings', '7']]);
    expect(afterLinking.statusCode).toBe(303);
    const afterViews = await answerPage(built.app, respondent, String(afterLinking.headers.location), [['change_climate_tc1', '4']]);
    const check = await respondent.get(String(afterViews.headers.location));
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your answers');
    expect(check.body, 'the linking questions are not on the check page').not.toContain('mother');

    const rows = await database.db.selectFrom('responses').selectAll().where('survey_id', '=', survey.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers).toEqual({ programme: 'MHI', change_climate_tc1: 4 });
    const { key_hash: _key, resume_hash: _resume, id: _id, survey_id: _survey, version_id: _version, ...rest } = rows[0]!;
    expect(JSON.stringify(rest)).not.toMatch(/link_|"Q"|29|"7"/);
    const links = await database.db.selectFrom('response_links').selectAll().where('survey_id', '=', survey.id).execute();
    expect(links).toHaveLength(1);
    expect(links[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    const exported = await researcher.get(`/evaluations/analysis-test/surveys/${survey.id}/export/download?format=csv&partial=true`);
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('MHI');
    const [header, ...lines] = exported.body.trim().split(/\r?\n/).map((line) => line.split(','));
    expect(lines).toHaveLength(1);
    for (const column of ['link_mother', 'link_day', 'link_siblings']) {
      const at = header!.indexOf(column);
      if (at >= 0) expect(lines[0]![at], column).toBe('');
    }
    expect(lines[0]).not.toContain('Q');
    expect(lines[0]).not.toContain('29');
    expect(exported.body).not.toContain(links[0]!.code_hash);
  });
});
