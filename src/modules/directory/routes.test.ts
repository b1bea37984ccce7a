import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation, setMember } from '../evaluations/service.ts';
import { createUnit, searchPeople } from '../organisation/service.ts';

/** A browser's multipart form: the CSRF token, then one file. */
function multipart(token: string, file: { name: string; content: string }) {
  const boundary = `----formative${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const messy = ['Name,E-mail,Programme,Checked', 'John Smith,john.smith@example.org,MH,01/02/2006', '"Smith, John",,MH,01/02/2004', 'Ann Lee,ann@example.org,,01/02/2006'].join('\n');

describe.each(backends)('directory import and cleaning pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let browser: TestBrowser;
  let coder: TestBrowser;
  let token: string;
  let evaluationId: string;
  const base = '/evaluations/tidy/directory';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const user = await addUser(database, 'Rita Researcher');
    evaluationId = (await createEvaluation(database.db, user.id, { title: 'Tidy directory', slug: 'tidy' })).id;
    await createUnit(database.db, user.id, evaluationId, { kind: 'programme', name: 'Mental health', shortName: 'MH' });
    browser = new TestBrowser(built.app);
    await browser.signIn(user);
    token = (await createApiToken(database.db, user.id, 'test')).token;
    const coderUser = await addUser(database, 'Colin Coder');
    await setMember(database.db, user.id, evaluationId, { email: coderUser.email, role: 'coder' });
    coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function upload(content: string, name = 'staff.csv') {
    const { payload, contentType } = multipart(await browser.csrfToken(`${base}/import`), { name, content });
    return built.app.inject({ method: 'POST', url: `${base}/import`, payload, headers: { cookie: browser.cookieHeader(), 'content-type': contentType } });
  }

  it('goes from upload to mapping, preview and commit, then lists the findings', async () => {
    const uploaded = await upload(messy);
    expect(uploaded.statusCode).toBe(303);
    const mappingUrl = String(uploaded.headers.location);
    expect(mappingUrl).toMatch(/\/directory\/import\/[0-9a-f-]{36}\/mapping$/);
    const mapping = await browser.get(mappingUrl);
    expect(mapping.body).toContain('UTF-8 text separated by commas');
    expect(mapping.body).toMatch(/<option value="Programme" selected>Programme<\/option>/);

    const unmapped = await browser.post(mappingUrl, { email: 'E-mail' }, mappingUrl);
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.body).toContain('href="#name"');
    expect(unmapped.body).toContain('Name is required');

    const badDates = await browser.post(mappingUrl, { name: 'Name', email: 'E-mail', unit: 'Programme', startedOn: 'Checked', leftOn: 'Name' }, mappingUrl);
    expect(badDates.statusCode).toBe(400);
    expect(badDates.body).toContain('Column &quot;Name&quot; is chosen for both Name and Leave date');

    const mapped = await browser.post(mappingUrl, { name: 'Name', email: 'E-mail', unit: 'Programme', lastVerifiedOn: 'Checked' }, mappingUrl);
    expect(mapped.statusCode).toBe(303);
    const previewUrl = String(mapped.headers.location);
    const preview = await browser.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toMatch(/New people\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3\s*</);
    expect((await searchPeople(database.db, evaluationId)).total, 'nothing stored before the commit').toBe(0);

    const commit = await browser.post(previewUrl.replace(/preview$/, 'commit'), {}, previewUrl);
    expect(commit.statusCode).toBe(200);
    expect(commit.body).toContain('Directory imported');
    expect((await searchPeople(database.db, evaluationId)).total).toBe(3);

    const queue = await coder.get(`${base}/cleaning?kind=double`);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toMatch(/John Smith and Smith, John|Smith, John and John Smith/);
    expect(queue.body).not.toContain('Run the checks');
  });

  it('records a decision from the finding page, refusing one without a reason', async () => {
    const { body } = await api(built.app, token, 'GET', `/api/v1/evaluations/tidy/directory/findings?kind=double`);
    const finding = (body!.items as { id: string; person: { id: string } }[])[0]!;
    const pageUrl = `${base}/cleaning/${finding.id}`;
    expect((await coder.get(pageUrl)).body).not.toContain('Record the decision');
    const refused = await browser.post(pageUrl, { decision: 'merge', personId: finding.person.id, reason: '' }, pageUrl);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Give a short reason for the decision');
    expect((await coder.post(pageUrl, { decision: 'keep', reason: 'x' }, pageUrl)).statusCode, 'a coder may look but not decide').toBe(403);
    const done = await browser.post(pageUrl, { decision: 'merge', personId: finding.person.id, reason: 'Same man' }, pageUrl);
    expect(done.statusCode).toBe(303);
    const after = await browser.get(String(done.headers.location));
    expect(after.body).toContain('Decision recorded: merged');
    expect((await browser.get(pageUrl)).body).toMatch(/Merged<\/strong> by Rita Researcher/);
  });

  it('does the same through the API', async () => {
    const file = 'Staff no;Name;E-mail\n7;Eve Ng;eve@example.org\n8;Bad Mail;eve@\n';
    const staged = await built.app.inject({ method: 'POST', url: '/api/v1/evaluations/tidy/directory/imports?filename=api.csv', payload: file, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
    expect(staged.statusCode).toBe(201);
    const upload = JSON.parse(staged.body) as { id: string; mapping: Record<string, string> };
    expect(upload.mapping).toEqual({ name: 'Name', email: 'E-mail', externalId: 'Staff no' });
    const bad = await api(built.app, token, 'PUT', `/api/v1/evaluations/tidy/directory/imports/${upload.id}/mapping`, upload.mapping);
    expect(bad.status).toBe(400);
    expect(bad.body!.errors).toEqual([{ field: 'file', message: 'Row 3, column "E-mail": "eve@" is not an e-mail address' }]);
    const ok = await api(built.app, token, 'PUT', `/api/v1/evaluations/tidy/directory/imports/${upload.id}/mapping`, { name: 'Name', externalId: 'Staff no' });
    expect(ok.body).toMatchObject({ new: 2, rows: 2 });
    const committed = await api(built.app, token, 'POST', `/api/v1/evaluations/tidy/directory/imports/${upload.id}/commit`);
    expect(committed.body, 'three from the page, two here, one merged away').toMatchObject({ added: 2, cleaning: { entries: 4 } });
    const checks = await api(built.app, token, 'POST', '/api/v1/evaluations/tidy/directory/checks', { staleMonths: 6 });
    expect(checks.body).toMatchObject({ entries: 4, staleMonths: 6 });
    const { body } = await api(built.app, token, 'GET', '/api/v1/evaluations/tidy/directory/findings?kind=missing');
    const first = (body!.items as { id: string }[])[0]!;
    const kept = await api(built.app, token, 'POST', `/api/v1/evaluations/tidy/directory/findings/${first.id}/decisions`, { decision: 'keep', reason: 'Works from home; no unit' });
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ status: 'kept', decisions: [{ decision: 'keep', decidedBy: 'Rita Researcher' }] });
  });
});
