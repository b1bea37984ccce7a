import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { listAuditEntries } from '../../accounts/audit.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { createTestSurvey, sampleSurvey } from './test-survey.ts';

describe.each(backends)('export pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let evaluationId: string;
  let leadId: string;
  let researcher: TestBrowser;
  let coder: TestBrowser;
  let outsider: TestBrowser;
  const tokens: Record<'researcher' | 'coder' | 'outsider', string> = { researcher: '', coder: '', outsider: '' };
  let surveyId: string;
  let ids: Record<string, string>;
  const base = () => `/evaluations/export-pages/surveys/${surveyId}`;
  const apiBase = () => `/api/v1/evaluations/export-pages/surveys/${surveyId}/export`;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: 'Export pages', slug: 'export-pages' });
    evaluationId = evaluation.id;
    leadId = lead.id;
    const people = { researcher: await addUser(database, 'Rita Researcher'), coder: await addUser(database, 'Colin Coder'), outsider: await addUser(database, 'Olga Outsider') };
    await setMember(database.db, lead.id, evaluation.id, { email: people.researcher.email, role: 'researcher' });
    await setMember(database.db, lead.id, evaluation.id, { email: people.coder.email, role: 'coder' });
    await createEvaluation(database.db, people.outsider.id, { title: 'Their own' });
    for (const who of ['researcher', 'coder', 'outsider'] as const) tokens[who] = (await createApiToken(database.db, people[who].id, 'test')).token;
    [researcher, coder, outsider] = [new TestBrowser(built.app), new TestBrowser(built.app), new TestBrowser(built.app)];
    await researcher.signIn(people.researcher);
    await coder.signIn(people.coder);
    await outsider.signIn(people.outsider);
    const sample = await sampleSurvey(database.db, lead.id, evaluation.id);
    surveyId = sample.survey.id;
    ids = sample.ids;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('shows a researcher the export form with the counts of responses', async () => {
    const page = await researcher.get(`${base()}/export`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Export responses</h1>');
    expect(page.body).toContain('This survey has 3 complete and 1 partial responses, and 1 from the pre-test.');
    expect(page.body).toContain('The survey is anonymous: exports hold no participant ids and no times');
    expect(page.body).toContain(`action="${base()}/export/download"`);
    for (const format of ['csv', 'xlsx', 'spss', 'r', 'codebook']) expect(page.body).toMatch(new RegExp(`name="format" type="radio" value="${format}"`));
    expect(page.body).toMatch(/name="partial" type="checkbox" value="true"/);
    expect(page.body).toMatch(/name="pretest" type="checkbox" value="true"/);
  });

  it('downloads the CSV the form asks for, as an attachment that is not cached', async () => {
    const response = await researcher.get(`${base()}/export/download?format=csv&labels=labels&partial=true`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="staff-survey-[a-f0-9]+-responses\.csv"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 4);
    expect(response.body).toContain(`${ids.missing},complete,main,1,Not relevant to my work,Don't know,Not chosen,`);
    expect(response.body).toContain(`${ids.partial},partial,main,1,Disagree,`);
  });

  it('shows the form again with an error when the format is not one it offers', async () => {
    const response = await researcher.get(`${base()}/export/download?format=sav`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Export responses');
    expect(response.body).toContain('href="#format"');
    expect(response.body).toContain('Choose a format: csv, xlsx, spss, r, codebook');
  });

  it('shows the codebook, with markup in question wording shown as text', async () => {
    const marked = await createTestSurvey(database.db, leadId, evaluationId, 'anonymous', {
      pages: [{ id: 'p', title: 'Page <i>one</i>', questions: [{ id: 'q1', text: 'Do you <script>alert(1)</script> agree?', format: { type: 'boolean', style: 'agree-disagree' } }] }],
    });
    const page = await researcher.get(`/evaluations/export-pages/surveys/${marked.id}/codebook`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code>q1</code>');
    expect(page.body).toContain('Do you &lt;script&gt;alert(1)&lt;/script&gt; agree?');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('1 = Agree; 0 = Disagree');
    const full = await researcher.get(`${base()}/codebook`);
    expect(full.body).toContain('<code>heard_meeting</code>');
    expect(full.body).toContain('Change climate item tc1; scales: Tension for change');
  });

  it('records each export in the audit log', async () => {
    await researcher.get(`${base()}/export/download?format=codebook`);
    const entries = (await listAuditEntries(database.db, evaluationId)).entries.filter((e) => e.action === 'export');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ entity: 'survey-responses', entityId: surveyId });
  });

  it('refuses a coder (403) and hides the survey from a non-member (404), on pages and the API', async () => {
    for (const path of ['/export', '/export/download?format=csv', '/codebook']) {
      expect((await coder.get(`${base()}${path}`)).statusCode).toBe(403);
      const hidden = await outsider.get(`${base()}${path}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).not.toContain('Staff survey');
    }
    expect((await api(built.app, tokens.coder, 'GET', `${apiBase()}?format=csv`)).status).toBe(403);
    const hidden = await api(built.app, tokens.outsider, 'GET', `${apiBase()}?format=csv`);
    expect(hidden.status).toBe(404);
    expect(hidden.response.headers['content-type']).toContain('application/problem+json');
  });

  it('serves every format from the API', async () => {
    const csv = await built.app.inject({ method: 'GET', url: `${apiBase()}?format=csv&partial=true&pretest=true`, headers: { authorization: `Bearer ${tokens.researcher}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(1 + 5);
    const expected = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', spss: 'application/zip', r: 'application/zip', codebook: 'text/csv; charset=utf-8' };
    for (const [format, type] of Object.entries(expected)) {
      const response = await built.app.inject({ method: 'GET', url: `${apiBase()}?format=${format}`, headers: { authorization: `Bearer ${tokens.researcher}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.rawPayload.length).toBeGreaterThan(100);
    }
  });

  it('answers the API with a problem document for a bad format or an unknown survey', async () => {
    const bad = await api(built.app, tokens.researcher, 'GET', `${apiBase()}?format=sav`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed' });
    const document = await built.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const operation = (JSON.parse(document.body) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> }).paths['/api/v1/evaluations/{evaluation}/surveys/{survey}/export']?.get;
    expect(operation?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['format', 'labels', 'partial', 'pretest', 'bom']));
    const unknown = await api(built.app, tokens.researcher, 'GET', '/api/v1/evaluations/export-pages/surveys/nosuchcode/export?format=csv');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ detail: 'Survey not found' });
  });
});
