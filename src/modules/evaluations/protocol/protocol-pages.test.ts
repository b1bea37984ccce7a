import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { api, buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { addDocument } from '../../documents/service.ts';
import { addAim, listAims, listQuestions } from './aims.ts';
import { listMatrix, listMethods } from './methods.ts';
import { coverageSummary } from './summaries.ts';
import { postFields, setUpTeam, type TestTeam } from './test-team.ts';

describe.each(backends)('building a protocol through its pages on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'protocol-pages');
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const post = (url: string, fields: Record<string, string>, from: string) => team.researcher.browser.post(`${team.base}${url}`, fields, `${team.base}${from}`);

  it('adds aims in order, and asks for the text when it is missing', async () => {
    const empty = await post('/aims', { text: '  ' }, '/aims/new');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<title>Error: Add an aim');
    expect(empty.body).toContain('href="#text"');
    expect(empty.body).toContain('Enter the aim');
    expect(await listAims(database.db, team.evaluation.id)).toEqual([]);

    for (const text of ['Describe how the programmes are brought together', 'Assess staff readiness for change', 'Learn from case-study sites', 'Reality-check findings with staff']) {
      const added = await post('/aims', { text }, '/aims/new');
      expect(added.statusCode).toBe(303);
      expect(added.headers.location).toBe(team.base);
    }
    const page = await team.coder.browser.get(team.base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/A1<\/th>\s*<td class="govuk-table__cell">Describe how the programmes/);
    expect(page.body).toMatch(/A4<\/th>\s*<td class="govuk-table__cell">Reality-check/);
  });

  it('moves an aim down and back', async () => {
    const [first] = await listAims(database.db, team.evaluation.id);
    await post(`/aims/${first!.id}/move`, { direction: 'down' }, '');
    expect((await listAims(database.db, team.evaluation.id)).map((a) => a.id).indexOf(first!.id)).toBe(1);
    await post(`/aims/${first!.id}/move`, { direction: 'up' }, '');
    expect((await listAims(database.db, team.evaluation.id))[0]!.id).toBe(first!.id);
  });

  it('adds research questions linked to one or more aims, and refuses a question with no aim', async () => {
    const aims = await listAims(database.db, team.evaluation.id);
    const none = await post('/questions', { text: 'How far has the merger gone?' }, '/questions/new');
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose at least one aim this question serves');
    expect(none.body).toContain('How far has the merger gone?');
    expect(await listQuestions(database.db, team.evaluation.id)).toEqual([]);

    const questions: [string, number[]][] = [
      ['How far has the merger gone?', [0]],
      ['How ready are staff for change?', [1, 0]],
      ['What helped and hindered change at the sites?', [2]],
      ['Do staff recognise the emerging findings?', [3]],
    ];
    for (const [text, aimIndexes] of questions) {
      const response = await postFields(built, team.researcher, `${team.base}/questions`, [['text', text], ...aimIndexes.map((i): [string, string] => ['aimIds', aims[i]!.id])], `${team.base}/questions/new`);
      expect(response.statusCode).toBe(303);
    }
    const stored = await listQuestions(database.db, team.evaluation.id);
    expect(stored.map((q) => [q.number, q.aimIds.map((id) => aims.findIndex((a) => a.id === id) + 1)])).toEqual([[1, [1]], [2, [1, 2]], [3, [3]], [4, [4]]]);
  });

  it("refuses to link a question to another evaluation's aim", async () => {
    const foreign = await addAim(database.db, team.outsider.user.id, team.other.id, { text: 'An aim of another evaluation' });
    const response = await post('/questions', { text: 'A question that must not be linked', aimIds: foreign.id }, '/questions/new');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose aims of this evaluation');
    expect((await listQuestions(database.db, team.evaluation.id)).map((q) => q.text)).not.toContain('A question that must not be linked');
  });

  it('adds methods, asking for a name for the team’s own kind', async () => {
    const own = await post('/methods', { name: 'Stakeholder workshops', kind: 'other' }, '/methods/new');
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('Enter your name for this kind of method');
    const methods: Record<string, string>[] = [
      { name: 'Documentary analysis', kind: 'documentary-analysis', hasData: 'yes' },
      { name: 'Staff survey', kind: 'survey' },
      { name: 'Case studies', kind: 'case-studies' },
      { name: 'Stakeholder workshops', kind: 'other', ownKind: 'Workshops', description: 'Half-day workshops' },
    ];
    for (const fields of methods) expect((await post('/methods', fields, '/methods/new')).statusCode).toBe(303);
    // The tick is kept, but documentary analysis has data only once a document is registered.
    expect((await listMethods(database.db, team.evaluation.id)).map((m) => [m.markedHasData, m.hasData])[0]).toEqual([true, false]);
    await addDocument(database.db, team.researcher.user.id, team.evaluation.id, { kind: 'business-plan', title: 'Merger business plan', text: 'Bringing the programmes together.' });
    const stored = await listMethods(database.db, team.evaluation.id);
    expect(stored.map((m) => [m.name, m.kindLabel, m.hasData])).toEqual([
      ['Documentary analysis', 'Documentary analysis', true],
      ['Staff survey', 'Survey', false],
      ['Case studies', 'Case studies', false],
      ['Stakeholder workshops', 'Workshops', false],
    ]);
    const page = await team.coder.browser.get(`${team.base}/methods`);
    expect(page.body).toContain('Half-day workshops');
  });

  it('saves the whole matrix from one form of checkboxes, and refuses cells of another evaluation', async () => {
    const methods = await listMethods(database.db, team.evaluation.id);
    const questions = await listQuestions(database.db, team.evaluation.id);
    const cell = (m: number, q: number): [string, string] => ['cells', `${methods[m]!.id}:${questions[q]!.id}`];
    const form = await team.researcher.browser.get(`${team.base}/matrix`);
    expect(form.body).toContain(`value="${methods[0]!.id}:${questions[0]!.id}"`);
    expect(form.body).toContain('Documentary analysis answers Q1');

    const saved = await postFields(built, team.researcher, `${team.base}/matrix`, [cell(0, 0), cell(1, 1), cell(0, 1), cell(2, 2), cell(3, 3)], `${team.base}/matrix`);
    expect(saved.statusCode).toBe(303);
    expect(await listMatrix(database.db, team.evaluation.id)).toHaveLength(5);
    const shown = await team.researcher.browser.get(`${team.base}/matrix?saved=1`);
    expect(shown.body).toContain('The matrix was saved');
    expect(shown.body).toMatch(new RegExp(`value="${methods[2]!.id}:${questions[2]!.id}" checked`));
    expect(shown.body).not.toMatch(new RegExp(`value="${methods[2]!.id}:${questions[0]!.id}" checked`));

    const foreignQuestion = '00000000-0000-4000-8000-0000000000aa';
    const refused = await postFields(built, team.researcher, `${team.base}/matrix`, [cell(0, 0), ['cells', `${methods[0]!.id}:${foreignQuestion}`]], `${team.base}/matrix`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Each tick must pair a method and a research question of this evaluation');
    expect(await listMatrix(database.db, team.evaluation.id)).toHaveLength(5);

    // Unticking a cell clears it: the form holds the whole matrix.
    await postFields(built, team.researcher, `${team.base}/matrix`, [cell(0, 0), cell(1, 1), cell(2, 2), cell(3, 3)], `${team.base}/matrix`);
    expect(await listMatrix(database.db, team.evaluation.id)).toHaveLength(4);
  });

  it('derives which questions are addressed from the methods that have data', async () => {
    const { questions, aims } = await coverageSummary(database.db, team.evaluation.id);
    expect(questions.map((q) => q.addressed)).toEqual([true, false, false, false]);
    expect(questions[1]!.reason).toBe('No method that answers it has data yet (Staff survey)');
    expect(aims.map((a) => a.status)).toEqual(['partly-addressed', 'not-addressed', 'not-addressed', 'not-addressed']);

    // A survey has data only when it has responses: the team's tick alone does not address Q2.
    const [, survey, , workshops] = await listMethods(database.db, team.evaluation.id);
    const surveyMarked = await post(`/methods/${survey!.id}/edit`, { name: survey!.name, kind: survey!.kind, hasData: 'yes' }, `/methods/${survey!.id}/edit`);
    expect(surveyMarked.statusCode).toBe(303);
    const stillNot = await coverageSummary(database.db, team.evaluation.id);
    expect(stillNot.questions[1]).toMatchObject({ addressed: false, reason: 'No method that answers it has data yet (Staff survey)' });

    // The team's own kind of method leaves nothing the workbench can see, so its tick counts.
    const marked = await post(`/methods/${workshops!.id}/edit`, { name: workshops!.name, kind: workshops!.kind, ownKind: workshops!.ownKind, description: workshops!.description, hasData: 'yes' }, `/methods/${workshops!.id}/edit`);
    expect(marked.statusCode).toBe(303);
    const after = await coverageSummary(database.db, team.evaluation.id);
    expect(after.questions[3]).toMatchObject({ addressed: true, reason: 'Answered by Stakeholder workshops, which has data' });
    expect(after.aims.map((a) => a.status)).toEqual(['partly-addressed', 'not-addressed', 'not-addressed', 'addressed']);
  });

  it('overrides a question only with a reason, and shows the reason on the coverage page', async () => {
    const q3 = (await listQuestions(database.db, team.evaluation.id))[2]!;
    const questionPage = `/questions/${q3.id}`;
    const missing = await post(`${questionPage}/override`, { override: 'not-addressed', reason: '' }, questionPage);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter why the question was not addressed');
    expect(missing.body).toContain('href="#reason"');
    expect((await listQuestions(database.db, team.evaluation.id))[2]!.override).toBeNull();

    const reason = "The case-study event was cancelled at the funder's request";
    expect((await post(`${questionPage}/override`, { override: 'not-addressed', reason }, questionPage)).statusCode).toBe(303);
    expect((await listQuestions(database.db, team.evaluation.id))[2]!.override).toEqual({ addressed: false, reason, by: 'Rita Researcher', at: expect.any(Date) });

    const coverage = await team.coder.browser.get(`${team.base}/coverage`);
    expect(coverage.statusCode).toBe(200);
    expect(coverage.body).toMatch(/Questions not addressed[\s\S]*The case-study event was cancelled at the funder&#39;s request <span class="govuk-body-s">\(decided by the team\)/);
    expect(coverage.body).toContain('Q3: The case-study event was cancelled at the funder&#39;s request');

    const page = await team.coder.browser.get(`${team.base}${questionPage}`);
    expect(page.body).toContain('Not addressed: overridden by Rita Researcher on ');
    expect(page.body).not.toContain('name="override"');

    expect((await post(`${questionPage}/override`, { override: 'derived' }, questionPage)).statusCode).toBe(303);
    expect((await listQuestions(database.db, team.evaluation.id))[2]!.override).toBeNull();
  });

  it('keeps an aim a question depends on alone, saying why', async () => {
    const a3 = (await listAims(database.db, team.evaluation.id))[2]!;
    const refused = await post(`/aims/${a3.id}/delete`, {}, `/aims/${a3.id}/edit`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Aim A3 cannot be deleted because a research question serves no other aim');
    expect(await listAims(database.db, team.evaluation.id)).toHaveLength(4);
  });

  it('lets coders read and not change, viewers neither, and hides the protocol from outsiders', async () => {
    expect((await team.coder.browser.get(`${team.base}/matrix`)).body).not.toContain('name="cells"');
    const forbidden = await team.coder.browser.post(`${team.base}/aims`, { text: 'A coder’s aim' }, team.base);
    expect(forbidden.statusCode).toBe(403);
    expect((await team.viewer.browser.get(team.base)).statusCode).toBe(403);
    expect((await team.viewer.browser.get(`/evaluations/${team.evaluation.slug}`)).body).not.toContain('/protocol"');
    expect((await team.coder.browser.get(`/evaluations/${team.evaluation.slug}`)).body).toContain(`href="${team.base}"`);
    const hidden = await team.outsider.browser.get(team.base);
    expect(hidden.statusCode).toBe(404);
    expect((await api(built.app, team.outsider.token, 'GET', `/api/v1/evaluations/${team.evaluation.slug}/protocol/aims`)).status).toBe(404);
  });
});
