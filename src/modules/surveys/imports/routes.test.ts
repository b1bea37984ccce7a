import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { listSurveys } from '../service.ts';

const fixtures = join(import.meta.dirname, '../../../../../shared/fixtures/limesurvey');
const likert50 = readFileSync(join(fixtures, 'likert50.lss'));
const sample = readFileSync(join(fixtures, 'ls205_sample_survey_english.lss'));
const dictionary = 'Variable / Field Name,Form Name,Field Type,Field Label,"Choices, Calculations, OR Slider Labels"\nrecord_id,f,text,ID,\nmood,f,radio,How is your week going?,"1, Well | 2, Badly"\n';

/** A browser's multipart form: text fields, then at most one file. */
function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const boundary = `----formative${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(backends)('survey import page and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let browser: TestBrowser;
  let token: string;
  let evaluationId: string;
  const page = '/evaluations/imports/surveys/import';
  const count = async () => (await listSurveys(database.db, evaluationId)).length;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const user = await addUser(database, 'Rita Researcher');
    evaluationId = (await createEvaluation(database.db, user.id, { title: 'Imports', slug: 'imports' })).id;
    browser = new TestBrowser(built.app);
    await browser.signIn(user);
    token = (await createApiToken(database.db, user.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function upload(fields: Record<string, string>, file?: { name: string; content: Buffer | string }, csrf = true) {
    const token = csrf ? await browser.csrfToken(page) : 'none';
    const { payload, contentType } = multipart({ _csrf: token, ...fields }, file);
    return built.app.inject({ method: 'POST', url: page, payload, headers: { cookie: browser.cookieHeader(), 'content-type': contentType } });
  }

  it('shows the upload form to a researcher', async () => {
    const response = await browser.get(page);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1 class="govuk-heading-l">Import a survey</h1>');
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('type="file"');
  });

  it('imports an uploaded .lss and lists what was imported and what was not', async () => {
    const before = await count();
    const response = await upload({ purpose: 'pilot', title: '' }, { name: 'likert50.lss', content: likert50 });
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('Survey imported');
    expect(response.body).toContain('Change programme evaluation (anchor)');
    expect(response.body).toMatch(/Questions by format[\s\S]*50 Likert, 2 free text/);
    expect(response.body).toContain('Not imported (1)');
    expect(response.body).toMatch(/<th scope="row" class="govuk-table__header">description<\/th>/);
    expect(await count()).toBe(before + 1);
    expect((await listSurveys(database.db, evaluationId)).at(-1)).toMatchObject({ purpose: 'pilot', anonymity: 'anonymous' });
  });

  it('lists every element not imported from the sample survey, escaped as text', async () => {
    const response = await upload({ title: 'Sample <b>survey</b>' }, { name: 'sample.lss', content: sample });
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('Sample &lt;b&gt;survey&lt;/b&gt;');
    for (const name of ['qRanking', 'qFileUpload', 'qArrayDualScale', 'vS.preg', 'qListRadio.other']) expect(response.body).toContain(`>${name}</th>`);
    expect(response.body).toContain('Relevance &quot;num &gt; 10&quot;');
  });

  it('imports a REDCap dictionary uploaded as .csv', async () => {
    const response = await upload({}, { name: 'weekly_pulse.csv', content: dictionary });
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('weekly pulse');
    expect(response.body).toContain('1 single choice');
  });

  it.each([
    ['a file that is not XML', { name: 'broken.lss', content: 'hello' }, 'The file is not XML'],
    ['a CSV that is not a dictionary', { name: 'people.csv', content: 'name,email\nAnn,a@example.org' }, 'not a REDCap data dictionary'],
    ['a file of another kind', { name: 'notes.txt', content: 'hello' }, 'is neither a .lss nor a .csv file'],
    ['no file', undefined, 'Choose a LimeSurvey survey structure (.lss) or a REDCap data dictionary (.csv)'],
    ['a file over 10 MB', { name: 'big.lss', content: Buffer.alloc(10 * 1024 * 1024 + 10, 0x20) }, 'The file must be smaller than 10 MB'],
  ])('refuses %s with a GOV.UK error and stores nothing', async (_name, file, message) => {
    const before = await count();
    const response = await upload({ title: 'Kept title' }, file);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Import a survey');
    expect(response.body).toContain('href="#file"');
    expect(response.body).toContain(message.replace(/"/g, '&quot;'));
    expect(response.body).toContain('value="Kept title"');
    expect(await count()).toBe(before);
  });

  it('refuses an upload without the form token, and a coder', async () => {
    expect((await upload({}, { name: 'likert50.lss', content: likert50 }, false)).statusCode).toBe(403);
    const coder = await addUser(database, 'Colin Coder');
    await setMember(database.db, null, evaluationId, { email: coder.email, role: 'coder' });
    const coderBrowser = new TestBrowser(built.app);
    await coderBrowser.signIn(coder);
    expect((await coderBrowser.get(page)).statusCode).toBe(403);
  });

  it('imports through the API from the raw file and from JSON, answering 201 with the report', async () => {
    const raw = await built.app.inject({
      method: 'POST',
      url: '/api/v1/evaluations/imports/surveys/import?purpose=pretest',
      payload: likert50,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
    });
    expect(raw.statusCode).toBe(201);
    const body = raw.json() as { survey: { title: string; purpose: string; status: string }; report: { imported: { questions: number }; notImported: { name: string }[] } };
    expect(body.survey).toMatchObject({ title: 'Change programme evaluation (anchor)', purpose: 'pretest', status: 'draft' });
    expect(body.report.imported.questions).toBe(52);
    expect(body.report.notImported.map((i) => i.name)).toEqual(['description']);

    const csv = await built.app.inject({ method: 'POST', url: '/api/v1/evaluations/imports/surveys/import?filename=pulse.csv', payload: dictionary, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
    expect(csv.statusCode).toBe(201);
    expect(csv.json()).toMatchObject({ survey: { title: 'pulse' }, report: { imported: { questions: 1 } } });

    const json = await api(built.app, token, 'POST', '/api/v1/evaluations/imports/surveys/import', { kind: 'redcap', content: dictionary, title: 'From JSON' });
    expect(json.status).toBe(201);
    expect(json.body).toMatchObject({ survey: { title: 'From JSON', anonymity: 'anonymous' }, report: { imported: { pages: 1, questions: 1 } } });
  });

  it('answers a problem document and stores nothing for a bad file through the API', async () => {
    const before = await count();
    const bad = await built.app.inject({
      method: 'POST',
      url: '/api/v1/evaluations/imports/surveys/import',
      payload: '<?xml version="1.0"?>\n<!DOCTYPE document [<!ENTITY x "y">]>\n<document>&x;</document>',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 400, detail: expect.stringContaining('declares a DOCTYPE on line 2') });
    const unknown = await built.app.inject({ method: 'POST', url: '/api/v1/evaluations/imports/surveys/import', payload: 'x', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ detail: expect.stringContaining('?kind=lss or ?kind=redcap') });
    const json = await api(built.app, token, 'POST', '/api/v1/evaluations/imports/surveys/import', { kind: 'spss', content: 'x' });
    expect(json.status).toBe(400);
    expect(await count()).toBe(before);
  });
});
