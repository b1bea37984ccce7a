import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { listApprovals } from './ethics.ts';
import { listDocuments, listVersions } from './study-documents.ts';
import { setUpTeam, type TestTeam } from './test-team.ts';

const leaflet = [
  '# Why are we asking you?',
  'We are evaluating how the partnership is changing.',
  '',
  '- The interview takes about an hour',
  '- You can stop at any time',
].join('\n');

describe.each(backends)('ethics approvals and versioned study documents on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'study-documents');
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const post = (url: string, fields: Record<string, string>, from: string) => team.researcher.browser.post(`${team.base}${url}`, fields, `${team.base}${from}`);

  it('records ethics approvals, asking for the conditions of a conditional one', async () => {
    const noConditions = await post('/ethics', { committee: 'University research ethics committee', status: 'approved-with-conditions' }, '/ethics/new');
    expect(noConditions.statusCode).toBe(400);
    expect(noConditions.body).toContain('Enter the conditions of the approval');
    const badDate = await post('/ethics', { committee: 'University research ethics committee', status: 'approved', 'decidedOn-day': '30', 'decidedOn-month': '2', 'decidedOn-year': '2006' }, '/ethics/new');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Date of the decision must be a real date');
    expect(await listApprovals(database.db, team.evaluation.id)).toEqual([]);

    const saved = await post('/ethics', {
      committee: 'University research ethics committee', reference: 'REC/06/114', status: 'approved-with-conditions',
      conditions: 'Recordings kept on an encrypted drive', 'decidedOn-day': '20', 'decidedOn-month': '6', 'decidedOn-year': '2006',
    }, '/ethics/new');
    expect(saved.statusCode).toBe(303);
    const page = await team.coder.browser.get(`${team.base}/ethics`);
    expect(page.body).toContain('REC/06/114');
    expect(page.body).toContain('20 June 2006');
    expect(page.body).toContain('Approved with conditions');
    expect(page.body).toContain('Recordings kept on an encrypted drive');
  });

  it('keeps every edit of a study document as a new version, each printable as it was', async () => {
    const missing = await post('/documents', { kind: 'information-leaflet', title: 'Information for participants', body: '' }, '/documents/new');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the text of the document');

    const created = await post('/documents', { kind: 'information-leaflet', title: 'Information for participants', body: leaflet, changeNote: 'First draft' }, '/documents/new');
    expect(created.statusCode).toBe(303);
    const [document] = await listDocuments(database.db, team.evaluation.id);
    expect(created.headers.location).toBe(`${team.base}/documents/${document!.id}`);

    const edit = `/documents/${document!.id}/edit`;
    const unchanged = await post(edit, { title: 'Information for participants', body: leaflet }, edit);
    expect(unchanged.statusCode).toBe(400);
    expect(unchanged.body).toContain('The title and text are the same as version 1');

    const revised = leaflet.replace('about an hour', 'about 45 minutes');
    expect((await post(edit, { title: 'Information for interviewees', body: revised, changeNote: 'Shorter interview' }, edit)).statusCode).toBe(303);
    const versions = await listVersions(database.db, team.evaluation.id, document!.id);
    expect(versions.map((v) => [v.number, v.title, v.changeNote, v.createdBy])).toEqual([
      [1, 'Information for participants', 'First draft', 'Rita Researcher'],
      [2, 'Information for interviewees', 'Shorter interview', 'Rita Researcher'],
    ]);
    expect((await listDocuments(database.db, team.evaluation.id))[0]).toMatchObject({ title: 'Information for interviewees', latestVersion: 2, kindLabel: 'Participant information leaflet' });

    const page = await team.coder.browser.get(`${team.base}/documents/${document!.id}`);
    expect(page.body).toContain('about 45 minutes');
    expect(page.body).toContain(`/documents/${document!.id}/versions/1/print`);
    expect(page.body).toContain('Shorter interview');

    const first = await team.coder.browser.get(`${team.base}/documents/${document!.id}/versions/1/print`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1 class="govuk-heading-l">Information for participants</h1>');
    expect(first.body).toContain('<h2 class="govuk-heading-m">Why are we asking you?</h2>');
    expect(first.body).toContain('<li>The interview takes about an hour</li>');
    expect(first.body).not.toContain('45 minutes');
    // A clean print page: no service header, navigation or footer; the back link is not printed.
    expect(first.body).not.toContain('govuk-header');
    expect(first.body).not.toContain('formative-subnav');
    expect(first.body).not.toContain('govuk-footer');
    expect(first.body).toMatch(/<div class="govuk-!-display-none-print[^"]*">\s*<a class="govuk-back-link"/);

    expect((await team.coder.browser.get(`${team.base}/documents/${document!.id}/versions/3/print`)).statusCode).toBe(404);
    expect((await team.coder.browser.get(`${team.base}/documents/${document!.id}/versions/x/print`)).statusCode).toBe(404);
  });

  it('lets coders read and print but not edit; hides documents from viewers and outsiders', async () => {
    const [document] = await listDocuments(database.db, team.evaluation.id);
    expect((await team.coder.browser.get(`${team.base}/documents/${document!.id}/edit`)).statusCode).toBe(403);
    expect((await team.viewer.browser.get(`${team.base}/documents/${document!.id}/versions/1/print`)).statusCode).toBe(403);
    expect((await team.outsider.browser.get(`${team.base}/documents/${document!.id}/versions/1/print`)).statusCode).toBe(404);
    expect((await team.outsider.browser.get(`/evaluations/${team.other.slug}/protocol/documents/${document!.id}`)).statusCode).toBe(404);
  });
});
