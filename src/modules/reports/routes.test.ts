import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { setMember } from '../evaluations/service.ts';
import { buildReportFixture, leakNameIntoQuote, quoteWords, type ReportFixture } from './test-report.ts';

describe.each(backends.slice(0, 1))('report pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let fixture: ReportFixture;
  let lead: TestBrowser;
  let coder: TestBrowser;
  let viewer: TestBrowser;
  let leadToken: string;
  let viewerToken: string;
  const base = '/evaluations/report-test';
  let reportUrl: string;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const leadUser = await addUser(database, 'Lena Lead');
    const coderUser = await addUser(database, 'Cody Coder');
    const viewerUser = await addUser(database, 'Vic Viewer');
    fixture = await buildReportFixture(database.db, leadUser.id);
    await setMember(database.db, leadUser.id, fixture.evaluationId, { email: coderUser.email, role: 'coder' });
    await setMember(database.db, leadUser.id, fixture.evaluationId, { email: viewerUser.email, role: 'viewer' });
    lead = new TestBrowser(built.app);
    await lead.signIn(leadUser);
    coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
    viewer = new TestBrowser(built.app);
    await viewer.signIn(viewerUser);
    leadToken = (await createApiToken(database.db, leadUser.id, 'lead')).token;
    viewerToken = (await createApiToken(database.db, viewerUser.id, 'viewer')).token;
    reportUrl = `${base}/reports/${fixture.report.id}`;
  }, 120_000);
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('shows the schedule on the reports page and the overview', async () => {
    const page = await lead.get(`${base}/reports`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/First interim report<\/a>[\s\S]*Overdue/);
    const overview = await lead.get(base);
    expect(overview.body).toMatch(/Reports due[\s\S]*First interim report[\s\S]*Overdue/);
    expect((await viewer.get(base)).body).not.toContain('Reports due');
  });

  it('starts a report, refusing one without a title', async () => {
    const bad = await lead.post(`${base}/reports`, { title: '', template: 'final' }, `${base}/reports/new`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Enter the title');
    const good = await lead.post(`${base}/reports`, { title: 'Final report', template: 'final', 'dueOn-day': '30', 'dueOn-month': '9', 'dueOn-year': '2008' }, `${base}/reports/new`);
    expect(good.statusCode).toBe(303);
    const page = await lead.get(String(good.headers.location));
    expect(page.body).toContain('Final report');
    expect(page.body).toContain('References');
  });

  it('lets a researcher write a section, and a coder preview and download drafts but not edit', async () => {
    const saved = await lead.post(`${reportUrl}/sections/methods`, { narrative: 'We used four methods.', included: 'yes' }, `${reportUrl}/sections/methods`);
    expect(saved.statusCode).toBe(303);
    expect((await coder.get(`${reportUrl}/sections/methods`)).statusCode).toBe(403);
    const preview = await coder.get(`${reportUrl}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('We used four methods.');
    expect(preview.body).toMatch(/<style nonce="[0-9a-f]+">/);
    const docx = await coder.get(`${reportUrl}/draft/docx`);
    expect(docx.headers['content-disposition']).toContain('first-interim-report-draft.docx');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('We used four methods.');
  });

  it('saves a version and rebuilds it identically', async () => {
    const saved = await lead.post(`${reportUrl}/versions`, {}, reportUrl);
    expect(saved.statusCode).toBe(303);
    const page = await lead.get(String(saved.headers.location));
    expect(page.body).toContain('Version 1 saved');
    const first = await lead.get(`${reportUrl}/versions/1/html`);
    // The evaluation changes; the saved version does not.
    await lead.post(`${reportUrl}/sections/methods`, { narrative: 'Changed since.', included: 'yes' }, `${reportUrl}/sections/methods`);
    const second = await lead.get(`${reportUrl}/versions/1/html`);
    expect(second.body).toBe(first.body);
    expect(first.body).toContain('We used four methods.');
  });

  it('blocks the release of a version quoting a directory name, listing why', async () => {
    await leakNameIntoQuote(database.db, (await database.db.selectFrom('users').select('id').where('name', '=', 'Lena Lead').executeTakeFirstOrThrow()).id, fixture);
    await lead.post(`${reportUrl}/versions`, {}, reportUrl);
    expect((await coder.post(`${reportUrl}/versions/2/release`, {}, reportUrl)).statusCode).toBe(403);
    const refused = await lead.post(`${reportUrl}/versions/2/release`, {}, reportUrl);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('Version 2 was not released');
    expect(refused.body).toContain('Moira Quennell');
    const viaApi = await api(built.app, leadToken, 'POST', `/api/v1${reportUrl.replace('/evaluations/report-test', `/evaluations/${fixture.evaluationId}`)}/versions/2/release`);
    expect(viaApi.status).toBe(409);
    expect(JSON.stringify(viaApi.body)).toContain('Moira Quennell');
  });

  it('shows viewers released versions only', async () => {
    expect((await viewer.get(reportUrl)).statusCode).toBe(404);
    expect((await viewer.get(`${reportUrl}/preview`)).statusCode).toBe(403);
    const released = await lead.post(`${reportUrl}/versions/1/release`, {}, reportUrl);
    expect(released.statusCode).toBe(303);
    const page = await viewer.get(reportUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Released versions');
    expect(page.body).not.toContain('Save a version');
    expect((await viewer.get(`${reportUrl}/versions/1/docx`)).statusCode).toBe(200);
    expect((await viewer.get(`${reportUrl}/versions/2/html`)).statusCode).toBe(404);
    const html = await viewer.get(`${reportUrl}/versions/1/html`);
    expect(html.body).toContain(quoteWords);
    expect(html.body).not.toContain('Moira Quennell');
    const listed = await api(built.app, viewerToken, 'GET', `/api/v1/evaluations/report-test/reports/${fixture.report.id}`);
    expect((listed.body!.versions as { number: number }[]).map((v) => v.number)).toEqual([1]);
  });

  it('keeps the glossary of abbreviations', async () => {
    const added = await lead.post(`${base}/abbreviations`, { abbreviation: 'LSU', meaning: 'Learning support unit' }, `${base}/abbreviations`);
    expect(added.statusCode).toBe(303);
    const twice = await lead.post(`${base}/abbreviations`, { abbreviation: 'LSU', meaning: 'Again' }, `${base}/abbreviations`);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('LSU is already in the glossary');
    expect((await coder.get(`${base}/abbreviations`)).body).toContain('Learning support unit');
  });
});
