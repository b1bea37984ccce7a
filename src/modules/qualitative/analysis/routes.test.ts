import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { buildTestProject, type TestProject } from './test-project.ts';

describe.each(backends)('query and matrix pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let project: TestProject;
  let coder: TestBrowser;
  let base = '';
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    project = await buildTestProject(database);
    const { tension, time, advocacy } = project.codes;
    await project.code('SM01', 'real tension for change after the review', tension, { valence: 'facilitating' });
    await project.code('SM01', 'We had no dedicated time for the work', time, { valence: 'inhibiting' });
    await project.code('SM02', 'Funding stayed with the largest programme, so the rest of us had no dedicated time.', time);
    await project.code('EX01', 'strong advocacy from the chief executive, but little dedicated time', advocacy);
    await project.code('EX01', 'little dedicated time for partners', time, { valence: 'inhibiting' });
    coder = new TestBrowser(built.app);
    await coder.signIn(project.coderA);
    base = `/evaluations/${project.slug}`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('shows the query forms and the navigation links to coders', async () => {
    const page = await coder.get(`${base}/queries`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('All segments for a code');
    expect(page.body).toContain(`href="${base}/framework-matrix"`);
    expect(page.body).toContain('>Queries</a>');
    expect(page.body).toContain('Programme: Mental health');
  });

  it('lists segments with context, and filters them', async () => {
    const page = await coder.get(`${base}/queries/segments?code=${project.codes.time.id}&context=12`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 segments');
    expect(page.body).toContain('<strong>We had no dedicated time for the work</strong>');
    expect(page.body).toContain('…rces?\nSM01: </span>');
    const leads = await coder.get(`${base}/queries/segments?code=${project.codes.time.id}&role=Programme+lead`);
    expect(leads.body).toContain('1 segment from the participants chosen');
    const wrong = await coder.get(`${base}/queries/segments?code=&context=9999`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<title>Error: Segments of a code');
    expect(wrong.body).toContain('href="#code"');
  });

  it('searches with highlighted snippets, escaping the text', async () => {
    const page = await coder.get(`${base}/queries/search?q=${encodeURIComponent('dedicated time')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('4 sources match');
    expect(page.body).toMatch(/<mark>dedicated<\/mark> <mark>time<\/mark>/);
    const stop = await coder.get(`${base}/queries/search?q=the`);
    expect(stop.statusCode).toBe(400);
    expect(stop.body).toContain('common word');
  });

  it('counts co-occurring codes and shows their shared text', async () => {
    const page = await coder.get(`${base}/queries/co-occurrence?parent=${project.codes.inner.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dedicated time and resources and Support and advocacy');
    const pair = await coder.get(`${base}/queries/co-occurrence/${project.codes.time.id}/${project.codes.advocacy.id}`);
    expect(pair.statusCode).toBe(200);
    expect(pair.body).toContain('<strong>little dedicated time</strong>');
  });

  it('shows the matrix, saves a summary from the cell page and exports both files', async () => {
    const matrixPath = `${base}/framework-matrix?rows=roles&parent=${project.codes.inner.id}`;
    const page = await coder.get(matrixPath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Chief executive');
    const cellLink = new RegExp(`href="([^"]*framework-matrix/cell[^"]*row=programme\\+lead&amp;column=${project.codes.time.id})"`).exec(page.body)![1]!.replace(/&amp;/g, '&');
    const cell = await coder.get(cellLink);
    expect(cell.statusCode).toBe(200);
    expect(cell.body).toContain('Funding stayed with the largest programme');
    const tooLong = await coder.post(cellLink, { summary: 'x'.repeat(20_001) }, cellLink);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('href="#summary"');
    const saved = await coder.post(cellLink, { summary: 'Funding <b>stayed</b> with one programme.' }, cellLink);
    expect(saved.statusCode).toBe(303);
    const after = await coder.get(matrixPath);
    expect(after.body).toContain('Funding &lt;b&gt;stayed&lt;/b&gt; with one programme.');

    const xlsx = await coder.get(`${base}/framework-matrix/export.xlsx?rows=roles&parent=${project.codes.inner.id}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Matrix', 'Segments']);
    const docx = await coder.get(`${base}/framework-matrix/export.docx?rows=roles&parent=${project.codes.inner.id}`);
    expect(docx.headers['content-disposition']).toContain('.docx');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Funding &lt;b&gt;stayed&lt;/b&gt; with one programme.');
  });

  it('answers the API with segments, search results and the matrix, and saves summaries', async () => {
    const token = (await createApiToken(database.db, project.coderB.id, 'test')).token;
    const prefix = `/api/v1/evaluations/${project.slug}/qualitative`;
    const segments = await api(built.app, token, 'GET', `${prefix}/segments?code=${project.codes.time.id}&attribute=Programme%3DLearning%20disabilities&context=5`);
    expect(segments.status).toBe(200);
    expect(segments.body).toMatchObject({ total: 1, segments: [{ participantLabel: 'SM02', before: 'M02: ', valence: 'neutral' }] });
    const search = await api(built.app, token, 'GET', `${prefix}/search?q=advocacy`);
    expect((search.body!.results as { name: string }[]).map((r) => r.name).sort()).toEqual(['Interview EX01', 'Interview SM02']);
    const bad = await api(built.app, token, 'GET', `${prefix}/segments?code=not-a-code`);
    expect(bad.status).toBe(400);
    const put = await api(built.app, token, 'PUT', `${prefix}/framework-matrix/summaries`, { rows: 'participants', row: project.participants.EX01, column: project.codes.advocacy.id, summary: 'Advocacy seen from outside.' });
    expect(put.status).toBe(200);
    const matrix = await api(built.app, token, 'GET', `${prefix}/framework-matrix?rows=participants&parent=${project.codes.inner.id}`);
    const body = matrix.body as { rows: { label: string }[]; cells: { segments: number; summary: string }[][] };
    expect(body.cells[body.rows.findIndex((r) => r.label === 'EX01')]![2]).toEqual({ segments: 1, summary: 'Advocacy seen from outside.' });
    const co = await api(built.app, token, 'GET', `${prefix}/co-occurrence?parent=${project.codes.inner.id}`);
    expect(co.body!.pairs).toEqual([{ codeA: expect.any(String), codeB: expect.any(String), overlaps: 1, sources: 1 }]);
  });

  it('answers 404 to non-members and 403 to viewers', async () => {
    const outsider = await addUser(database, 'Outsider');
    const outside = new TestBrowser(built.app);
    await outside.signIn(outsider);
    expect((await outside.get(`${base}/queries`)).statusCode).toBe(404);
    expect((await outside.get(`${base}/framework-matrix`)).statusCode).toBe(404);
    const viewer = new TestBrowser(built.app);
    await viewer.signIn(project.viewer);
    expect((await viewer.get(`${base}/queries/search?q=time`)).statusCode).toBe(403);
    expect((await viewer.get(`${base}/framework-matrix/export.xlsx`)).statusCode).toBe(403);
    const viewerToken = (await createApiToken(database.db, project.viewer.id, 'test')).token;
    expect((await api(built.app, viewerToken, 'GET', `/api/v1/evaluations/${project.slug}/qualitative/framework-matrix`)).status).toBe(403);
    const outsiderToken = (await createApiToken(database.db, outsider.id, 'test')).token;
    expect((await api(built.app, outsiderToken, 'GET', `/api/v1/evaluations/${project.slug}/qualitative/search?q=time`)).status).toBe(404);
    const home = await viewer.get(base);
    expect(home.body).not.toContain('>Queries</a>');
  });
});
