import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { getFinding, listFindings, listRecommendations } from './service.ts';
import { buildFindingsFixture, type FindingsFixture } from './test-fixture.ts';

const findingUrl = (location: string | undefined) => /\/findings\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];

describe.each(backends)('findings pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let p: FindingsFixture;
  let other: FindingsFixture;
  let base: string;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    p = await buildFindingsFixture(database, 'findings-pages');
    other = await buildFindingsFixture(database, 'findings-elsewhere');
    base = `/evaluations/${p.slug}`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('adds a finding, links evidence of each kind through its forms, and shows it by method and on the map', async () => {
    const browser = new TestBrowser(built.app);
    await browser.signIn(p.researcher);
    const empty = await browser.get(`${base}/findings`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No findings yet.');
    expect(empty.body).toContain('Findings and reports');

    const blank = await browser.post(`${base}/findings`, { statement: '', valence: 'inhibiting' }, `${base}/findings/new`);
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('There is a problem');
    expect(blank.body).toContain('Enter the finding');
    const foreign = await browser.post(`${base}/findings`, { statement: 'Time is short', valence: 'inhibiting', constructIds: other.codes.time.id }, `${base}/findings/new`);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('Choose constructs from the list');

    const created = await browser.post(`${base}/findings`, { statement: 'Time for joint work is short', valence: 'inhibiting', strength: 'strong', constructIds: p.codes.time.id }, `${base}/findings/new`);
    expect(created.statusCode).toBe(303);
    const id = findingUrl(created.headers.location as string)!;
    const page = `${base}/findings/${id}`;
    expect((await browser.get(page)).body).toContain('No evidence linked yet.');

    const quoteForm = await browser.get(`${page}/evidence/new?kind=quote`);
    expect(quoteForm.statusCode).toBe(200);
    expect(quoteForm.body).toContain('Funding stayed with the largest programme');
    const noQuote = await browser.post(`${page}/evidence`, { kind: 'quote', stance: 'supports' }, `${page}/evidence/new?kind=quote`);
    expect(noQuote.statusCode).toBe(400);
    expect(noQuote.body).toContain('Choose a quote');
    const theirs = await browser.post(`${page}/evidence`, { kind: 'quote', quoteId: other.quoteId, stance: 'supports' }, `${page}/evidence/new?kind=quote`);
    expect(theirs.statusCode).toBe(400);
    expect(theirs.body).toContain('Choose a quote from this evaluation');
    expect((await browser.post(`${page}/evidence`, { kind: 'quote', quoteId: p.quoteId, stance: 'supports', note: 'In their words' }, `${page}/evidence/new?kind=quote`)).statusCode).toBe(303);

    const codingForm = await browser.get(`${page}/evidence/new?kind=coding`);
    expect(codingForm.body).toContain('pool funding across programmes');
    expect((await browser.post(`${page}/evidence`, { kind: 'coding', codingId: p.codings.plan, stance: 'contradicts' }, `${page}/evidence/new?kind=coding`)).statusCode).toBe(303);

    const pickSurvey = await browser.get(`${page}/evidence/new?kind=survey-result`);
    expect(pickSurvey.body).toContain('Which survey?');
    const surveyForm = await browser.get(`${page}/evidence/new?kind=survey-result&surveyId=${p.surveyIds[0]}`);
    expect(surveyForm.body).toContain('Scale means by group');
    expect(surveyForm.body).toContain('Change between waves');
    const noView = await browser.post(`${page}/evidence`, { kind: 'survey-result', surveyId: p.surveyIds[0]!, stance: 'supports' }, `${page}/evidence/new?kind=survey-result&surveyId=${p.surveyIds[0]}`);
    expect(noView.statusCode).toBe(400);
    expect(noView.body).toContain('Choose which result of the survey');
    const survey = { kind: 'survey-result', surveyId: p.surveyIds[0]!, view: 'scale-by-unit', by: 'programme', scale: 'time_resources', question: '', stance: 'supports' };
    expect((await browser.post(`${page}/evidence`, survey, `${page}/evidence/new?kind=survey-result&surveyId=${p.surveyIds[0]}`)).statusCode).toBe(303);

    for (const [kind, fields, words] of [
      ['document', { documentId: p.documentId }, 'Annual report 2005/06'],
      ['plan-analysis', { view: 'cross-cutting', planYear: '' }, 'Cross-cutting work by plan year and programme'],
      ['budget-analysis', { view: 'concentration' }, 'How concentrated the budget is'],
      ['context-event', { contextEventId: p.eventId }, 'Review of arm’s-length bodies announced'],
    ] as const) {
      const form = await browser.get(`${page}/evidence/new?kind=${kind}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain(words);
      expect((await browser.post(`${page}/evidence`, { kind, stance: 'supports', ...fields }, `${page}/evidence/new?kind=${kind}`)).statusCode).toBe(303);
    }

    const shown = await browser.get(page);
    expect(shown.body).toContain('7 pieces of evidence: 6 supporting, 1 contradicting');
    expect(shown.body).toContain('“Funding stayed with the largest programme, so the rest of us had no dedicated time.” — Senior Manager');
    expect(shown.body).toContain('<strong>Contradicts:</strong>');
    for (const heading of ['Interviews', 'Documents', 'Staff survey', 'Outer context']) expect(shown.body).toContain(`<h3 class="govuk-heading-s">${heading}</h3>`);

    const list = await browser.get(`${base}/findings`);
    expect(list.body).toContain('<h2 class="govuk-heading-m" id="construct-');
    expect(list.body).toContain('Dedicated time and resources');
    expect(list.body).toContain('Interviews: 1; Documents: 4 (1 contradicting); Staff survey: 1; Outer context: 1');

    const map = await browser.get(`${base}/findings/map`);
    expect(map.statusCode).toBe(200);
    expect(map.body).toContain('<strong>Mixed</strong>');
    expect(map.body).toContain('3 supporting, 1 contradicting');
    expect(map.body).toContain(`href="${base}/findings?construct=${p.codes.time.id}&amp;method=survey"`);
    const filtered = await browser.get(`${base}/findings?construct=${p.codes.time.id}&method=survey`);
    expect(filtered.body).toContain('Showing 1 finding about Dedicated time and resources with evidence from staff survey');

    const evidence = (await getFinding(database.db, p.evaluationId, id)).evidence;
    expect((await browser.post(`${page}/evidence/${evidence[0]!.id}/delete`, {}, page)).statusCode).toBe(303);
    expect((await getFinding(database.db, p.evaluationId, id)).evidence).toHaveLength(6);
  });

  it('keeps recommendations with the findings they follow from', async () => {
    const browser = new TestBrowser(built.app);
    await browser.signIn(p.researcher);
    const [finding] = await listFindings(database.db, p.evaluationId);
    const blank = await browser.post(`${base}/recommendations`, { text: '', addressedTo: '' }, `${base}/recommendations/new`);
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter the recommendation');
    const added = await browser.post(`${base}/recommendations`, { text: 'Protect time for joint work', addressedTo: 'The board', findingIds: finding!.id }, `${base}/recommendations/new`);
    expect(added.statusCode).toBe(303);
    const page = await browser.get(`${base}/recommendations`);
    expect(page.body).toContain('Protect time for joint work');
    expect(page.body).toContain('For: The board');
    expect(page.body).toContain(`href="${base}/findings/${finding!.id}"`);
    const [recommendation] = await listRecommendations(database.db, p.evaluationId);
    const edit = `${base}/recommendations/${recommendation!.id}/edit`;
    expect((await browser.get(edit)).body).toContain('checked');
    expect((await browser.post(edit, { text: 'Protect time for work between programmes', addressedTo: '' }, edit)).statusCode).toBe(303);
    expect((await listRecommendations(database.db, p.evaluationId))[0]).toMatchObject({ text: 'Protect time for work between programmes', findingIds: [] });
    expect((await browser.post(`${base}/recommendations/${recommendation!.id}/delete`, {}, edit)).statusCode).toBe(303);
    expect(await listRecommendations(database.db, p.evaluationId)).toEqual([]);
  });

  it('lets coders read, researchers change, and shows viewers nothing', async () => {
    const [finding] = await listFindings(database.db, p.evaluationId);
    const coder = new TestBrowser(built.app);
    await coder.signIn(p.coderA);
    const list = await coder.get(`${base}/findings`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Add a finding');
    expect((await coder.get(`${base}/findings/${finding!.id}`)).body).not.toContain('Link evidence');
    expect((await coder.get(`${base}/findings/new`)).statusCode).toBe(403);
    const viewer = new TestBrowser(built.app);
    await viewer.signIn(p.viewer);
    for (const url of [`${base}/findings`, `${base}/findings/map`, `${base}/recommendations`, `${base}/findings/${finding!.id}`]) expect((await viewer.get(url)).statusCode).toBe(403);
    expect((await viewer.get(base)).body).not.toContain('Evidence map');
    const outsider = new TestBrowser(built.app);
    await outsider.signIn(other.researcher);
    expect((await outsider.get(`${base}/findings`)).statusCode).toBe(404);
    expect((await outsider.get(`/evaluations/${other.slug}/findings/${finding!.id}`)).statusCode).toBe(404);
  });

  it('serves findings, evidence, the map and recommendations as JSON with problem documents for bad input', async () => {
    const { token } = await createApiToken(database.db, p.researcher.id, 'findings test');
    const path = `/api/v1/evaluations/${p.slug}`;
    const created = await api(built.app, token, 'POST', `${path}/findings`, { statement: 'Advocacy carries the merger', valence: 'facilitating', constructIds: [p.codes.advocacy.id] });
    expect(created.status).toBe(201);
    const id = String(created.body!.id);
    const bad = await api(built.app, token, 'POST', `${path}/findings`, { statement: 'No valence' });
    expect(bad.status).toBe(400);
    expect(bad.response.headers['content-type']).toContain('application/problem+json');

    const linked = await api(built.app, token, 'POST', `${path}/findings/${id}/evidence`, { kind: 'coding', codingId: p.codings.advocacy });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ method: 'interviews', stance: 'supports', attribution: 'Senior Manager' });
    const foreign = await api(built.app, token, 'POST', `${path}/findings/${id}/evidence`, { kind: 'document', documentId: other.documentId });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ status: 400, errors: [{ field: 'documentId', message: 'Choose a document from this evaluation' }] });

    const patched = await api(built.app, token, 'PATCH', `${path}/findings/${id}`, { strength: 'weak' });
    expect(patched.body).toMatchObject({ statement: 'Advocacy carries the merger', strength: 'weak', valence: 'facilitating' });
    const got = await api(built.app, token, 'GET', `${path}/findings/${id}`);
    expect((got.body!.evidence as unknown[]).length).toBe(1);
    const listed = await api(built.app, token, 'GET', `${path}/findings`);
    expect((listed.body!.items as { id: string }[]).map((f) => f.id)).toContain(id);

    const map = await api(built.app, token, 'GET', `${path}/evidence-map`);
    const advocacy = (map.body!.constructs as { name: string; cells: { method: string; verdict: string }[] }[]).find((c) => c.name === 'Support and advocacy')!;
    expect(advocacy.cells.find((c) => c.method === 'interviews')!.verdict).toBe('supports');

    const recommendation = await api(built.app, token, 'POST', `${path}/recommendations`, { text: 'Keep advocating', findingIds: [id] });
    expect(recommendation.status).toBe(201);
    expect((await api(built.app, token, 'GET', `${path}/recommendations`)).body!.items).toEqual([expect.objectContaining({ text: 'Keep advocating', findingIds: [id] })]);

    const evidenceId = String(linked.body!.id);
    expect((await api(built.app, token, 'DELETE', `${path}/findings/${id}/evidence/${evidenceId}`)).status).toBe(204);
    expect((await api(built.app, token, 'DELETE', `${path}/findings/${id}`)).status).toBe(204);
    expect((await api(built.app, token, 'GET', `${path}/findings/${id}`)).status).toBe(404);
  });
});
