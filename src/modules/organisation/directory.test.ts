import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, testConfig, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation, setMember } from '../evaluations/service.ts';
import { addPeople, addPerson, createUnit, organisationSummary, searchPeople, type PersonInput } from './service.ts';

const rowsOf = (body: string) => (body.match(/<tr class="govuk-table__row">\s*<th scope="row"/g) ?? []).length;

describe.each(backends)('staff directory on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    // Every test signs in new members; the sign-in rate limit is not what is tested here.
    built = await buildApp({ config: testConfig({ signInAttemptsPerMinute: 1000 }), database });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  let made = 0;
  async function directory() {
    made += 1;
    const lead = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: `Directory ${made}`, slug: `directory-${made}` });
    const root = await createUnit(database.db, lead.id, evaluation.id, { kind: 'organisation', name: 'Partnership' });
    const programme = await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name: 'Change Agent Team', parentId: root.id });
    const region = await createUnit(database.db, lead.id, evaluation.id, { kind: 'region', name: 'North West', parentId: root.id });
    const browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    const token = (await createApiToken(database.db, lead.id, 'test')).token;
    return { lead, evaluation, root, programme, region, browser, token, base: `/evaluations/${evaluation.slug}`, apiBase: `/api/v1/evaluations/${evaluation.slug}/people` };
  }

  it('searches by name, e-mail or job title, filters by unit, and pages 50 at a time', async () => {
    const { lead, evaluation, programme, region, browser, token, base, apiBase } = await directory();
    const staff: PersonInput[] = Array.from({ length: 118 }, (_, i) => ({
      name: `Person ${String(i + 1).padStart(3, '0')}`,
      email: `person${i + 1}@example.org`,
      jobTitle: i % 10 === 0 ? 'Regional Director' : 'Programme officer',
      unitId: i < 30 ? programme.id : null,
      regionId: i % 2 === 0 ? region.id : null,
    }));
    staff.push({ name: 'Ann Smith', email: 'a.smith@example.org', jobTitle: 'Analyst' }, { name: 'Bob Jones', email: 'SMITHY@example.org', jobTitle: 'Blacksmith' });
    expect(await addPeople(database.db, lead.id, evaluation.id, staff)).toBe(120);

    const first = await browser.get(`${base}/people`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('120 people in the directory, page 1 of 3');
    expect(rowsOf(first.body)).toBe(50);
    expect(first.body).toContain('aria-label="Pages of the staff directory"');
    expect(first.body).toContain('href="?page=3"');
    expect(first.body).toMatch(/aria-current="page"[^>]*>\s*1\s*</);

    const last = await browser.get(`${base}/people?page=3`);
    expect(rowsOf(last.body)).toBe(20);
    expect(last.body).toContain('Person 118');
    expect(last.body).toContain('rel="prev"');
    expect(last.body).not.toContain('rel="next"');

    const smith = await browser.get(`${base}/people?q=SMITH`);
    expect(smith.body).toContain('2 people match your search');
    expect(smith.body).toContain('Ann Smith');
    expect(smith.body).toContain('Bob Jones');
    expect(smith.body).not.toContain('class="govuk-pagination');

    const directors = await browser.get(`${base}/people?q=regional+director`);
    expect(directors.body).toContain('12 people match your search');

    const inProgramme = await browser.get(`${base}/people?unit=${programme.id}`);
    expect(inProgramme.body).toContain('30 people match your search');

    const viaApi = await api(built.app, token, 'GET', `${apiBase}?unit=${region.id}&page=2`);
    expect(viaApi.body).toMatchObject({ total: 59, page: 2, pages: 2, perPage: 50 });
    expect(viaApi.body?.items).toHaveLength(9);
    expect((await api(built.app, token, 'GET', `${apiBase}?q=${encodeURIComponent('person1@')}`)).body?.total).toBe(1);

    // A percent sign is searched for, not treated as "anything".
    expect((await searchPeople(database.db, evaluation.id, { q: '%' })).total).toBe(0);
    expect((await organisationSummary(database.db, evaluation.id)).people).toBe(120);
  });

  it('adds and changes a person through the pages', async () => {
    const { evaluation, programme, region, browser, base } = await directory();
    const added = await browser.post(`${base}/people`, {
      name: 'Rita Regional', email: 'rita@example.org', phone: '0161 000 0000', jobTitle: 'Regional Director',
      unitId: programme.id, regionId: region.id,
      'startedOn-day': '1', 'startedOn-month': '4', 'startedOn-year': '2005',
    }, `${base}/people/new`);
    expect(added.statusCode).toBe(303);
    const [rita] = (await searchPeople(database.db, evaluation.id, { q: 'rita' })).people;
    expect(rita).toMatchObject({ email: 'rita@example.org', unitName: 'Change Agent Team', regionName: 'North West', startedOn: '2005-04-01', leftOn: null });

    const edit = `${base}/people/${rita!.id}/edit`;
    const form = await browser.get(edit);
    expect(form.body).toContain('value="rita@example.org"');
    expect(form.body).toContain('name="startedOn-year" type="text" value="2005"');
    const changed = await browser.post(edit, {
      name: 'Rita Regional', email: '', jobTitle: 'Regional Director', unitId: programme.id, regionId: region.id,
      'startedOn-day': '1', 'startedOn-month': '4', 'startedOn-year': '2005',
      'leftOn-day': '30', 'leftOn-month': '9', 'leftOn-year': '2006',
    }, edit);
    expect(changed.statusCode).toBe(303);
    expect((await searchPeople(database.db, evaluation.id, { q: 'rita' })).people[0]).toMatchObject({ email: null, phone: null, leftOn: '2006-09-30' });

    const list = await browser.get(`${base}/people`);
    expect(list.body).toContain('Left 30 September 2006');

    expect((await browser.post(`${base}/people/${rita!.id}/delete`, {}, edit)).statusCode).toBe(303);
    expect((await searchPeople(database.db, evaluation.id)).total).toBe(0);
  });

  it('shows errors, keeps what was typed and stores nothing when a person is wrong', async () => {
    const { lead, evaluation, browser, base } = await directory();
    const other = await createEvaluation(database.db, lead.id, { title: 'Elsewhere', slug: `elsewhere-${made}` });
    const foreignRegion = await createUnit(database.db, lead.id, other.id, { kind: 'region', name: 'Far away' });
    const response = await browser.post(`${base}/people`, {
      name: 'Kept Name', email: 'not-an-address', jobTitle: 'Kept title',
      'startedOn-day': '1', 'startedOn-month': '4', 'startedOn-year': '2006',
      'leftOn-day': '1', 'leftOn-month': '4', 'leftOn-year': '2005',
      'lastVerifiedOn-day': '31', 'lastVerifiedOn-month': '2', 'lastVerifiedOn-year': '2006',
    }, `${base}/people/new`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Add a person');
    expect(response.body).toContain('href="#email"');
    expect(response.body).toContain('Enter an e-mail address in the correct format, like name@example.org');
    expect(response.body).toContain('Date they left must be the same as or after the start date');
    expect(response.body).toContain('Date last checked must be a real date');
    expect(response.body).toContain('value="Kept Name"');
    expect(response.body).toContain('value="not-an-address"');
    expect(response.body).toContain('value="Kept title"');

    const borrowed = await browser.post(`${base}/people`, { name: 'Kept Name', regionId: foreignRegion.id }, `${base}/people/new`);
    expect(borrowed.statusCode).toBe(400);
    expect(borrowed.body).toContain("Region: choose one of this evaluation&#39;s regions");
    expect((await searchPeople(database.db, evaluation.id)).total).toBe(0);
  });

  it('refuses a unit of another kind as a region, and answers the API with a problem document', async () => {
    const { programme, token, apiBase } = await directory();
    const response = await api(built.app, token, 'POST', apiBase, { name: 'Pat', regionId: programme.id });
    expect(response.status).toBe(400);
    expect(response.response.headers['content-type']).toContain('application/problem+json');
    expect(String(response.body?.detail)).toContain("choose one of this evaluation's regions");
  });

  it('adds, reads, changes and deletes a person through the API', async () => {
    const { region, token, apiBase } = await directory();
    const created = await api(built.app, token, 'POST', apiBase, { name: 'Sam Staff', email: 'sam@example.org', regionId: region.id, lastVerifiedOn: '2006-01-15' });
    expect(created.status).toBe(201);
    const id = String(created.body?.id);
    const changed = await api(built.app, token, 'PATCH', `${apiBase}/${id}`, { jobTitle: 'Analyst' });
    expect(changed.body).toMatchObject({ name: 'Sam Staff', email: 'sam@example.org', jobTitle: 'Analyst', regionName: 'North West', lastVerifiedOn: '2006-01-15' });
    const wrong = await api(built.app, token, 'PATCH', `${apiBase}/${id}`, { startedOn: '2006-02-30' });
    expect(wrong.status).toBe(400);
    expect((await api(built.app, token, 'GET', `${apiBase}/${id}`)).body?.startedOn).toBeNull();
    expect((await api(built.app, token, 'DELETE', `${apiBase}/${id}`)).status).toBe(204);
    expect((await api(built.app, token, 'GET', `${apiBase}/${id}`)).status).toBe(404);
  });

  it('keeps the directory from coders and viewers', async () => {
    const { lead, evaluation, base, apiBase } = await directory();
    for (const role of ['coder', 'viewer'] as const) {
      const user = await addUser(database, `A ${role}`);
      await setMember(database.db, lead.id, evaluation.id, { email: user.email, role });
      const browser = new TestBrowser(built.app);
      await browser.signIn(user);
      const token = (await createApiToken(database.db, user.id, 'test')).token;
      expect((await browser.get(`${base}/people`)).statusCode).toBe(403);
      expect((await browser.get(`${base}/people/new`)).statusCode).toBe(403);
      expect((await api(built.app, token, 'GET', apiBase)).status).toBe(403);
      expect((await browser.get(base)).body).not.toContain('Staff directory');
    }
  });

  it("answers 404 for another evaluation's person through pages and the API", async () => {
    const ours = await directory();
    const theirs = await directory();
    const foreign = await addPerson(database.db, theirs.lead.id, theirs.evaluation.id, { name: 'Not Yours' });
    expect((await ours.browser.get(`${ours.base}/people/${foreign.id}/edit`)).statusCode).toBe(404);
    expect((await ours.browser.post(`${ours.base}/people/${foreign.id}/edit`, { name: 'Taken' }, `${ours.base}/people/new`)).statusCode).toBe(404);
    expect((await ours.browser.post(`${ours.base}/people/${foreign.id}/delete`, {}, `${ours.base}/people/new`)).statusCode).toBe(404);
    expect((await api(built.app, ours.token, 'GET', `${ours.apiBase}/${foreign.id}`)).status).toBe(404);
    expect((await api(built.app, ours.token, 'PATCH', `${ours.apiBase}/${foreign.id}`, { name: 'Taken' })).status).toBe(404);
    expect((await api(built.app, ours.token, 'DELETE', `${ours.apiBase}/${foreign.id}`)).status).toBe(404);
    expect((await searchPeople(database.db, theirs.evaluation.id)).people.map((p) => p.name)).toEqual(['Not Yours']);
  });

  it('adds many people all or none, naming the row that is wrong', async () => {
    const { lead, evaluation, programme, region } = await directory();
    const rows: PersonInput[] = Array.from({ length: 450 }, (_, i) => ({ name: `Staff ${i + 1}`, unitId: programme.id, regionId: region.id }));
    const withBadEmail = rows.map((row, i) => (i === 2 ? { ...row, email: 'nobody at example' } : row));
    await expect(addPeople(database.db, lead.id, evaluation.id, withBadEmail)).rejects.toThrow(/No people were added\. Row 3 \(email\): Enter an e-mail address/);
    const withUnitAsRegion = rows.map((row, i) => (i === 399 ? { ...row, regionId: programme.id } : row));
    await expect(addPeople(database.db, lead.id, evaluation.id, withUnitAsRegion)).rejects.toThrow(/Row 400 \(regionId\)/);
    expect((await searchPeople(database.db, evaluation.id)).total).toBe(0);

    expect(await addPeople(database.db, lead.id, evaluation.id, rows)).toBe(450);
    expect((await searchPeople(database.db, evaluation.id)).total).toBe(450);
    const { entries } = await listAuditEntries(database.db, evaluation.id);
    expect(entries.filter((e) => e.entity === 'person')).toEqual([expect.objectContaining({ action: 'import', detail: { count: 450 } })]);
  });

  it('records which fields of a person changed, never their e-mail address', async () => {
    const { lead, evaluation, token, apiBase } = await directory();
    const person = await addPerson(database.db, lead.id, evaluation.id, { name: 'Private Person', email: 'private.person@example.org' });
    await api(built.app, token, 'PATCH', `${apiBase}/${person.id}`, { email: 'new.private@example.org' });
    const { entries } = await listAuditEntries(database.db, evaluation.id);
    const about = entries.filter((e) => e.entity === 'person');
    expect(about.map((e) => e.action).sort()).toEqual(['create', 'update']);
    expect(about.find((e) => e.action === 'update')?.detail).toEqual({ fields: ['email'] });
    expect(JSON.stringify(about)).not.toMatch(/private\.person@|new\.private@|Private Person/);
  });
});
