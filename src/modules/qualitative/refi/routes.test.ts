import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { listCodes, listSources } from '../service.ts';
import { fixtureQdpx } from './test-projects.ts';

/** A browser's multipart form post: the CSRF field, then one file. */
function multipart(csrf: string, file: { name: string; content: Buffer }) {
  const boundary = `----formative${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(backends)('REFI-QDA exchange pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let browser: TestBrowser;
  let token: string;
  let evaluationId: string;
  const base = '/evaluations/exchange/qualitative';
  const apiBase = '/api/v1/evaluations/exchange/qualitative';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const user = await addUser(database, 'Rita Researcher');
    const lead = await addUser(database, 'Lena Lead');
    evaluationId = (await createEvaluation(database.db, lead.id, { title: 'Exchange', slug: 'exchange' })).id;
    await setMember(database.db, lead.id, evaluationId, { email: user.email, role: 'researcher' });
    browser = new TestBrowser(built.app);
    await browser.signIn(user);
    token = (await createApiToken(database.db, user.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function upload(file: { name: string; content: Buffer }) {
    const { payload, contentType } = multipart(await browser.csrfToken(`${base}/exchange`), file);
    return built.app.inject({ method: 'POST', url: `${base}/import`, payload, headers: { cookie: browser.cookieHeader(), 'content-type': contentType } });
  }

  it('shows the exchange page with the upload form, and no codebook download before there are codes', async () => {
    const response = await browser.get(`${base}/exchange`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1 class="govuk-heading-l">Exchange with other QDA software</h1>');
    expect(response.body).toContain(`href="${base}/export.qdpx"`);
    expect(response.body).not.toContain(`href="${base}/codebook.qdc"`);
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('This evaluation has 0 codes, 0 sources and 0 codings.');
  });

  it('shows GOV.UK errors for a missing, wrongly named or unreadable file, and imports nothing', async () => {
    const notQdpx = await upload({ name: 'notes.docx', content: Buffer.from('PK') });
    expect(notQdpx.statusCode).toBe(400);
    expect(notQdpx.body).toContain('There is a problem');
    expect(notQdpx.body).toContain('&quot;notes.docx&quot; is not a .qdpx file');
    const broken = await upload({ name: 'broken.qdpx', content: Buffer.from('not a zip at all') });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('<a href="#file">broken.qdpx is not a .qdpx file (a ZIP archive)</a>');
    const empty = await upload({ name: 'empty.qdpx', content: Buffer.alloc(0) });
    expect(empty.body).toContain('The file is empty');
    expect(await listCodes(database.db, evaluationId)).toEqual([]);
  });

  it('imports an uploaded .qdpx and lists the coders and every part not imported', async () => {
    const response = await upload({ name: 'hand-authored.qdpx', content: await fixtureQdpx() });
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('Project imported');
    expect(response.body).toContain('Sample Study');
    expect(response.body).toMatch(/Codings\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2\s*<\/dd>/);
    expect(response.body).toContain('No match: name kept in each coding&#39;s memo');
    expect(response.body).toContain('Not imported (11)');
    for (const name of ['photo.jpg', 'doc.pdf', 'interview.m4a', 'clip.mp4', 'Memo-Selection Relation', 'Diet-related', 'Model']) {
      expect(response.body).toContain(`<th scope="row" class="govuk-table__header">${name}</th>`);
    }
    expect((await listSources(database.db, evaluationId)).map((s) => s.name)).toEqual(['Interview 1.txt']);
    expect((await browser.get(`${base}/exchange`)).body).toContain('This evaluation has 4 codes, 1 source and 2 codings.');
  });

  it('downloads the project and the codebook from the page', async () => {
    const project = await browser.get(`${base}/export.qdpx`);
    expect(project.statusCode).toBe(200);
    expect(project.headers['content-type']).toBe('application/zip');
    expect(project.headers['content-disposition']).toBe('attachment; filename="exchange-project.qdpx"');
    expect(project.headers['cache-control']).toBe('no-store');
    const zip = await JSZip.loadAsync(project.rawPayload);
    expect(await zip.file('project.qde')!.async('string')).toContain('name="Diet and health" startPosition="0" endPosition="15"');
    const codebook = await browser.get(`${base}/codebook.qdc`);
    expect(codebook.statusCode).toBe(200);
    expect(codebook.headers['content-disposition']).toBe('attachment; filename="exchange-codebook.qdc"');
    expect(codebook.body).toContain('<Code guid=');
    expect(codebook.body).toContain('name="Diet"');
  });

  it('exports and imports through the API', async () => {
    const exported = await built.app.inject({ method: 'GET', url: `${apiBase}/export.qdpx`, headers: { authorization: `Bearer ${token}` } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    const codebook = await built.app.inject({ method: 'GET', url: `${apiBase}/codebook.qdc`, headers: { authorization: `Bearer ${token}` } });
    expect(codebook.headers['content-type']).toBe('application/xml; charset=utf-8');

    const imported = await built.app.inject({
      method: 'POST',
      url: `${apiBase}/import?filename=round-trip.qdpx`,
      payload: exported.rawPayload,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
    });
    expect(imported.statusCode).toBe(201);
    const report = JSON.parse(imported.body) as { imported: Record<string, number>; notImported: unknown[] };
    expect(report.imported).toMatchObject({ codes: 4, sources: 1, codings: 2, participantsMatched: 1 });
    expect(report.notImported).toEqual([]);
    expect(await listSources(database.db, evaluationId)).toHaveLength(2);
  });

  it('describes the three API operations in the OpenAPI document', async () => {
    const document = await built.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = (JSON.parse(document.body) as { paths: Record<string, Record<string, { summary?: string; parameters?: { name: string }[] }>> }).paths;
    const at = '/api/v1/evaluations/{evaluation}/qualitative';
    expect(paths[`${at}/export.qdpx`]?.get?.summary).toBe('Download the qualitative project as a REFI-QDA .qdpx archive');
    expect(paths[`${at}/codebook.qdc`]?.get?.summary).toBe('Download the codebook as a REFI-QDA .qdc file');
    expect(paths[`${at}/import`]?.post?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['evaluation', 'filename']));
  });

  it('answers the API with a problem document for a body that is not a .qdpx', async () => {
    const json = await api(built.app, token, 'POST', `${apiBase}/import`, { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body?.detail).toContain('Send the .qdpx file itself as the request body');
    const broken = await built.app.inject({
      method: 'POST',
      url: `${apiBase}/import?filename=broken.qdpx`,
      payload: Buffer.from('PK\u0003\u0004 not really'),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    });
    expect(broken.statusCode).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ code: 'bad_request', detail: expect.stringContaining('broken.qdpx cannot be opened as a ZIP archive') });
  });
});
