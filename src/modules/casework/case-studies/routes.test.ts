import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { createUnit } from '../../organisation/service.ts';
import { createMethod } from '../../plans/methods.ts';
import { createInterview } from '../../qualitative/interviews/interviews.ts';
import { createParticipant } from '../../qualitative/interviews/participants.ts';
import { listCaseFiles } from './case-files.ts';
import { listCriteria } from './criteria.ts';
import { listForms } from './extraction-forms.ts';
import { listSites } from './sites.ts';

const uuidIn = (text: string, pattern: RegExp) => pattern.exec(text)?.[1] ?? '';

describe.each(backends)('case-study pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('sets up a site, ticks criteria, adds a stakeholder, samples and extracts; errors re-show the form', async () => {
    const db = database.db;
    const lead = await addUser(database, 'Lee Lead');
    const evaluation = await createEvaluation(db, lead.id, { title: 'Case pages', slug: 'case-pages' });
    const programme = await createUnit(db, lead.id, evaluation.id, { kind: 'programme', name: 'Older people' });
    const participant = await createParticipant(db, lead.id, evaluation.id, { label: 'SM03', roleCategory: 'Programme lead' });
    const interview = await createInterview(db, lead.id, evaluation.id, { participantId: participant.id, status: 'done' });
    const method = await createMethod(db, lead.id, evaluation.id, { name: 'Action learning' });
    const browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    const base = `/evaluations/${evaluation.slug}/case-studies`;

    const noName = await browser.post(base, { name: '', siteType: 'other', otherType: '', status: 'withdrawn', 'startsOn-day': '31', 'startsOn-month': '2', 'startsOn-year': '2006' }, `${base}/sites/new`);
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('<title>Error: Add a case-study site');
    for (const message of ['Enter the name of the site', 'Enter the type of site', 'Say why the site was withdrawn', 'The start date of the project must be a real date']) expect(noName.body).toContain(message);
    expect(await listSites(db, evaluation.id)).toEqual([]);

    const created = await browser.post(base, { name: 'Fenland', siteType: 'rural', projectTitle: 'Shared discharge', 'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2005', 'endsOn-day': '30', 'endsOn-month': '9', 'endsOn-year': '2006', unitIds: programme.id, status: 'selected' }, `${base}/sites/new`);
    expect(created.statusCode).toBe(303);
    const siteUrl = String(created.headers.location);
    const page = await browser.get(siteUrl);
    expect(page.body).toContain('2005-04-01 to 2006-09-30 (18 months)');
    expect(page.body).toContain('Older people');

    await browser.post(`${base}/criteria/common`, {}, `${base}/criteria`);
    const criteria = await listCriteria(db, evaluation.id);
    expect(criteria).toHaveLength(3);
    const fields: Record<string, string> = {};
    const ids = criteria.map((c) => c.id);
    const criteriaPost = (values: Record<string, string>) => {
      const body = new URLSearchParams();
      for (const id of ids) body.append('criterionIds', id);
      for (const [k, v] of Object.entries(values)) body.append(k, v);
      return browser.csrfToken(`${siteUrl}/criteria`).then((token) => {
        body.append('_csrf', token);
        return built.app.inject({ method: 'POST', url: `${siteUrl}/criteria`, payload: body.toString(), headers: { cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
      });
    };
    fields[`judgement-${ids[0]}`] = 'met';
    fields[`evidence-${ids[0]}`] = 'Eighteen months by the project plan';
    const missing = await criteriaPost(fields);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain(`href="#judgement-${ids[1]}"`);
    expect(missing.body).toContain('Eighteen months by the project plan');
    fields[`judgement-${ids[1]}`] = 'met';
    fields[`judgement-${ids[2]}`] = 'unknown';
    expect((await criteriaPost(fields)).statusCode).toBe(303);
    expect((await browser.get(siteUrl)).body).toContain('2 of 3 criteria met.');
    const matrix = await browser.get(`${base}/matrix`);
    expect(matrix.body).toContain('Fenland');
    expect(matrix.body).toContain('2 of 3');

    const noCategory = await browser.post(`${siteUrl}/stakeholders`, { name: 'Carers’ forum chair', interviewId: '' }, `${siteUrl}/stakeholders/new`);
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.body).toContain('Choose the kind of stakeholder');
    expect((await browser.post(`${siteUrl}/stakeholders`, { category: 'senior-manager', name: 'Director of adult care', interviewId: interview.id }, `${siteUrl}/stakeholders/new`)).statusCode).toBe(303);
    expect((await browser.post(`${siteUrl}/methods`, { methodIds: method.id }, siteUrl)).statusCode).toBe(303);
    const withPeople = await browser.get(siteUrl);
    expect(withPeople.body).toContain(`interviews/${interview.id}">SM03</a>`);
    expect((await browser.get(`/evaluations/${evaluation.slug}/methods/${method.id}`)).body).toContain('>Fenland</a> (rural): Shared discharge');

    const personal = await browser.post(`${siteUrl}/case-files`, { references: 'FL-1\nFL-2\njo@example.org' }, `${siteUrl}/case-files`);
    expect(personal.statusCode).toBe(400);
    expect(personal.body).toContain('holds an e-mail address');
    expect(await listCaseFiles(db, evaluation.id, uuidIn(siteUrl, /sites\/([0-9a-f-]{36})/))).toEqual([]);
    expect((await browser.post(`${siteUrl}/case-files`, { references: 'FL-1\nFL-2\nFL-3\nFL-4' }, `${siteUrl}/case-files`)).statusCode).toBe(303);
    const tooMany = await browser.post(`${siteUrl}/samples`, { size: '5', seed: '12' }, `${siteUrl}/case-files`);
    expect(tooMany.body).toContain('There are only 4 case files not yet sampled at this site');
    expect((await browser.post(`${siteUrl}/samples`, { size: '2', seed: '12' }, `${siteUrl}/case-files`)).statusCode).toBe(303);
    expect((await browser.get(`${siteUrl}/case-files`)).body).toContain('Sample of 2 drawn with seed 12');

    const forms = `${base}/forms`;
    const created2 = await browser.post(forms, { name: 'Review', description: '' }, forms);
    const formUrl = String(created2.headers.location);
    const noChoices = await browser.post(`${formUrl}/fields`, { label: 'Outcome', fieldType: 'choice', options: 'Better' }, formUrl);
    expect(noChoices.body).toContain('Enter at least two choices, one on each line');
    await browser.post(`${formUrl}/fields`, { label: 'Referred on', fieldType: 'date', options: '', required: 'true' }, formUrl);
    await browser.post(`${formUrl}/fields`, { label: 'Outcome', fieldType: 'choice', options: 'Better\nSame' }, formUrl);
    const form = (await listForms(db, evaluation.id))[0]!;
    const [referred, outcome] = form.fields;

    const siteId = uuidIn(siteUrl, /sites\/([0-9a-f-]{36})/);
    const sampled = (await listCaseFiles(db, evaluation.id, siteId)).find((f) => f.sampleId)!;
    const extractUrl = `${siteUrl}/case-files/${sampled.id}/extractions/${form.id}`;
    const bad = await browser.post(extractUrl, { [`field-${referred!.id}`]: '30/2/2006', [`field-${outcome!.id}`]: 'Better' }, extractUrl);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('“Referred on” must be a real date, like 31/3/2006');
    expect((await listCaseFiles(db, evaluation.id, siteId)).find((f) => f.id === sampled.id)!.extractedForms).toEqual([]);
    expect((await browser.post(extractUrl, { [`field-${referred!.id}`]: '28/2/2006', [`field-${outcome!.id}`]: 'Better' }, extractUrl)).statusCode).toBe(303);

    const fileUrl = `${siteUrl}/case-files/${sampled.id}`;
    const badDate = await browser.post(`${fileUrl}/contacts`, { 'contactedOn-day': '1', 'contactedOn-month': '13', 'contactedOn-year': '2006', agency: 'GP' }, fileUrl);
    expect(badDate.body).toContain('The date of the contact must be a real date');
    await browser.post(`${fileUrl}/contacts`, { 'contactedOn-day': '1', 'contactedOn-month': '3', 'contactedOn-year': '2006', agency: 'GP', kind: 'Referral' }, fileUrl);
    await browser.post(`${fileUrl}/contacts`, { 'contactedOn-day': '9', 'contactedOn-month': '5', 'contactedOn-year': '2006', agency: 'Housing', kind: 'Assessment' }, fileUrl);
    const filePage = await browser.get(fileUrl);
    expect(filePage.body).toContain('2 contacts with 2 agencies from 2006-03-01 to 2006-05-09: GP (1), Housing (1).');
    expect(filePage.body).toContain('<svg role="img" aria-labelledby="timeline-title timeline-summary"');
    expect(filePage.body).toContain('2006-02-28');

    // A coder reads every page but changes nothing.
    const coderUser = await addUser(database, 'Cody Coder');
    await setMember(db, lead.id, evaluation.id, { email: coderUser.email, role: 'coder' });
    const coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
    for (const url of [base, siteUrl, `${siteUrl}/case-files`, fileUrl, `${base}/criteria`, `${base}/matrix`, forms, formUrl]) {
      const read = await coder.get(url);
      expect(read.statusCode, url).toBe(200);
      expect(read.body).not.toContain('Add a stakeholder');
    }
    expect((await coder.get(`${siteUrl}/edit`)).statusCode).toBe(403);
    expect((await coder.post(`${siteUrl}/samples`, { size: '1' }, siteUrl)).statusCode).toBe(403);

    // The API lists the sites with their progress and refuses a wrong answer in a problem document.
    const token = (await createApiToken(db, lead.id, 'cases')).token;
    const listed = await api(built.app, token, 'GET', `/api/v1/evaluations/${evaluation.slug}/case-studies`);
    expect(listed.status).toBe(200);
    expect((listed.body!.items as Record<string, unknown>[])[0]).toMatchObject({ name: 'Fenland', siteType: 'rural', criteriaMet: 2, criteriaTotal: 3, stakeholders: 1, caseFiles: 4, sampled: 2, extracted: 1 });
    const second = (await listCaseFiles(db, evaluation.id, siteId)).find((f) => f.sampleId && f.id !== sampled.id)!;
    const refused = await api(built.app, token, 'PUT', `/api/v1/evaluations/${evaluation.slug}/case-studies/${siteId}/case-files/${second.id}/extractions/${form.id}`, { answers: { [referred!.id]: 'soon' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('“Referred on” must be a real date');
    const drawn = await api(built.app, token, 'POST', `/api/v1/evaluations/${evaluation.slug}/case-studies/${siteId}/samples`, { size: 2, seed: 12 });
    expect(drawn.status).toBe(201);
    expect((drawn.body!.references as string[]).length).toBe(2);
    const detail = await api(built.app, token, 'GET', `/api/v1/evaluations/${evaluation.slug}/case-studies/${siteId}`);
    expect((detail.body!.samples as unknown[]).length).toBe(2);
  });
});
