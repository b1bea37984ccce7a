import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import type { User } from '../../accounts/service.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { createCode, createSource, listCodings, type Source } from '../service.ts';

const content = 'Interviewer: How did the merger feel?\nSM01: 😀 We had real tension for change 🎉 and little time.\n\nSM01: Budgets were <uneven> & 61% sat in one programme.';

describe.each(backends)('coding pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let lead: User;
  let evaluationId: string;
  let source: Source;
  let tension: string;
  let budget: string;
  let browser: TestBrowser;
  const slug = 'coding-pages';
  const base = `/evaluations/${slug}`;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    lead = await addUser(database, 'Lena Lead');
    evaluationId = (await createEvaluation(database.db, lead.id, { title: 'Coding pages', slug })).id;
    source = await createSource(database.db, lead.id, evaluationId, { kind: 'transcript', name: 'SM01 transcript', content });
    tension = (await createCode(database.db, lead.id, evaluationId, { name: 'Tension for change' })).id;
    budget = (await createCode(database.db, lead.id, evaluationId, { name: 'Budget' })).id;
    browser = new TestBrowser(built.app);
    await browser.signIn(lead);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const codingPath = () => `${base}/sources/${source.id}/code`;

  /** Posts JSON the way the page script does: the session cookie and the page's CSRF token in a header. */
  async function postJson(body: Record<string, unknown>, token?: string) {
    const csrf = token ?? (await browser.csrfToken(codingPath()));
    const response = await built.app.inject({
      method: 'POST',
      url: `${base}/sources/${source.id}/codings`,
      payload: JSON.stringify(body),
      headers: { cookie: browser.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf },
    });
    const json = String(response.headers['content-type']).startsWith('application/json');
    return { status: response.statusCode, body: (json ? JSON.parse(response.body) : { page: response.body }) as Record<string, unknown> };
  }

  it('lists the sources and shows a source’s paragraphs, escaped, with the script and its dialog', async () => {
    const sources = await browser.get(`${base}/sources`);
    expect(sources.statusCode).toBe(200);
    expect(sources.body).toContain(`href="${codingPath()}">SM01 transcript</a>`);
    const page = await browser.get(codingPath());
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<script type="module" src="\/assets\/coding.js" nonce="[0-9a-f]+"><\/script>/);
    expect(page.body).toContain(`data-revision="1" data-action="${base}/sources/${source.id}/codings"`);
    expect(page.body).toContain('Budgets were &lt;uneven&gt; &amp; 61%');
    expect(page.body).toContain(`href="${base}/sources/${source.id}/paragraphs/2">Code this paragraph`);
    expect(page.body).toContain('<dialog class="coding-panel"');
    expect(page.body).toContain('Nothing is coded yet.');
  });

  it('codes a selection sent as UTF-16 offsets, with the CSRF token, converting them to code points', async () => {
    const start16 = content.indexOf('real tension');
    const saved = await postJson({ codeIds: [tension], valence: 'facilitating', memo: 'Strongly put', start16, end16: start16 + 'real tension for change'.length, revision: 1 });
    expect(saved.status).toBe(201);
    const [coding] = saved.body.codings as { id: string; text: string; start: number; end: number }[];
    expect(coding).toMatchObject({ text: 'real tension for change', start: start16 - 1, end: start16 - 1 + 23 });
    expect(saved.body.next).toBe(`${codingPath()}?coded=1#coding-${coding!.id}`);
    const page = await browser.get(`${codingPath()}?coded=1`);
    expect(page.body).toContain('1 coding saved.');
    expect(page.body).toContain('<span class="coding-marker" aria-hidden="true">[1</span><mark class="coding-mark coding-mark--1" data-codings="1">real tension for change</mark>');
    expect(page.body).toMatch(new RegExp(`<tr class="govuk-table__row" id="coding-${coding!.id}">[\\s\\S]*?Tension for change[\\s\\S]*?Facilitating[\\s\\S]*?real tension for change[\\s\\S]*?Strongly put`));
  });

  it('answers the script in JSON when a selection cannot be coded, and refuses it without the CSRF token', async () => {
    const outside = await postJson({ codeIds: [tension], start16: 5, end16: content.length + 3, revision: 1 });
    expect(outside).toMatchObject({ status: 400, body: { message: expect.stringContaining('not within the text') } });
    const stale = await postJson({ codeIds: [tension], start16: 0, end16: 5, revision: 7 });
    expect(stale).toMatchObject({ status: 409, body: { message: expect.stringContaining('The text has changed') } });
    const other = await createEvaluation(database.db, lead.id, { title: 'Other', slug: 'other-coding' });
    const foreign = await createCode(database.db, lead.id, other.id, { name: 'Theirs' });
    const wrongCode = await postJson({ codeIds: [foreign.id], start16: 0, end16: 5, revision: 1 });
    expect(wrongCode).toMatchObject({ status: 400, body: { errors: [{ field: 'codeIds' }] } });
    const noCode = await postJson({ codeIds: [], start16: 0, end16: 5, revision: 1 });
    expect(noCode).toMatchObject({ status: 400, body: { message: 'Choose at least one code, or name a new one' } });
    expect((await postJson({ codeIds: [tension], start16: 0, end16: 5, revision: 1 }, 'not-the-token')).status).toBe(403);
    expect(await listCodings(database.db, evaluationId, source.id)).toHaveLength(1);
  });

  it('codes a whole paragraph through the form without JavaScript, re-showing the form when no code is chosen', async () => {
    const paragraphPage = `${base}/sources/${source.id}/paragraphs/2`;
    const form = await browser.get(paragraphPage);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('SM01: Budgets were &lt;uneven&gt; &amp; 61% sat in one programme.');
    expect(form.body).toContain(`id="codeIds" name="codeIds" type="checkbox" value="${tension}"`);
    const refused = await browser.post(`${base}/sources/${source.id}/codings`, { paragraph: '2', revision: '1', valence: 'inhibiting', memo: 'Kept memo' }, paragraphPage);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<title>Error: Code this paragraph');
    expect(refused.body).toContain('href="#codeIds"');
    expect(refused.body).toContain('Kept memo');
    const saved = await browser.post(`${base}/sources/${source.id}/codings`, { paragraph: '2', revision: '1', codeIds: budget, valence: 'inhibiting', newCodeName: 'Concentration' }, paragraphPage);
    expect(saved.statusCode).toBe(303);
    expect(String(saved.headers.location)).toMatch(new RegExp(`^${codingPath()}\\?coded=2#coding-`));
    const codings = await listCodings(database.db, evaluationId, source.id);
    expect(codings.filter((c) => c.start === [...content].indexOf('S', 60)).map((c) => c.codeName).sort()).toEqual(['Budget', 'Concentration']);
    expect((await browser.get(`${base}/sources/${source.id}/paragraphs/9`)).statusCode).toBe(404);
  });

  it('changes, checks and removes a coding through its page', async () => {
    const [coding] = (await listCodings(database.db, evaluationId, source.id)).filter((c) => c.codeName === 'Budget');
    await database.db.updateTable('qda_codings').set({ needs_review: true, review_note: 'Words changed in revision 2' }).where('id', '=', coding!.id).execute();
    const page = await browser.get(codingPath());
    expect(page.body).toContain('1 coding needs checking');
    expect(page.body).toContain('Note: Words changed in revision 2');
    const changePage = `${base}/sources/${source.id}/codings/${coding!.id}`;
    expect((await browser.get(changePage)).body).toContain('Words changed in revision 2');
    const changed = await browser.post(changePage, { valence: 'mixed', memo: 'Both ways' }, changePage);
    expect(changed.headers.location).toBe(`${codingPath()}?done=changed#coding-${coding!.id}`);
    const checked = await browser.post(`${changePage}/checked`, {}, changePage);
    expect(checked.statusCode).toBe(303);
    expect((await listCodings(database.db, evaluationId, source.id)).find((c) => c.id === coding!.id)).toMatchObject({ valence: 'mixed', memo: 'Both ways', needsReview: false });
    const removed = await browser.post(`${changePage}/remove`, {}, changePage);
    expect(removed.headers.location).toBe(`${codingPath()}?done=removed`);
    expect((await listCodings(database.db, evaluationId, source.id)).some((c) => c.id === coding!.id)).toBe(false);
  });

  it('writes, lists, changes and deletes memos about the project, a code and a source', async () => {
    const projectForm = await browser.get(`${base}/memos/new?subject=project`);
    expect(projectForm.body).toContain('Write a memo about the project');
    const empty = await browser.post(`${base}/memos`, { subject: 'project', title: 'Kept title', body: '' }, `${base}/memos/new`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Kept title');
    expect((await browser.post(`${base}/memos`, { subject: 'project', title: 'Emerging themes', body: 'Time is short everywhere.' }, `${base}/memos/new`)).headers.location).toBe(`${base}/memos?memo=saved`);
    const aboutCode = await browser.post(`${base}/memos`, { subject: 'code', subjectId: tension, body: 'Felt pressure, not targets.' }, `${base}/memos/new?subject=code&subjectId=${tension}`);
    expect(aboutCode.headers.location).toBe(`${base}/codebook/${tension}?memo=saved`);
    expect((await browser.get(`${base}/codebook/${tension}?memo=saved`)).body).toContain('Memo saved.');
    await browser.post(`${base}/memos`, { subject: 'source', subjectId: source.id, title: 'Late start', body: 'Began twenty minutes late.' }, `${base}/memos/new`);
    expect((await browser.get(codingPath())).body).toContain('>Late start</a>');
    const list = await browser.get(`${base}/memos`);
    expect(list.body).toMatch(/About the project[\s\S]*Emerging themes[\s\S]*About codes[\s\S]*about Tension for change[\s\S]*About sources[\s\S]*about SM01 transcript/);
    const id = /href="\/evaluations\/coding-pages\/memos\/([0-9a-f-]{36})">Emerging themes/.exec(list.body)![1]!;
    const changed = await browser.post(`${base}/memos/${id}`, { title: 'Emerging themes', body: 'Time and money are short.' }, `${base}/memos/${id}`);
    expect(changed.statusCode).toBe(303);
    expect((await browser.get(`${base}/memos/${id}`)).body).toContain('Time and money are short.');
    expect((await browser.post(`${base}/memos/${id}/delete`, {}, `${base}/memos/${id}`)).headers.location).toBe(`${base}/memos?saved=deleted`);
    expect((await browser.get(`${base}/memos/${id}`)).statusCode).toBe(404);
  });

  it('offers codings and memos through the API, positions in code points', async () => {
    const token = (await createApiToken(database.db, lead.id, 'api')).token;
    const points = [...content];
    const start = points.join('').indexOf('little time') - 2; // two emoji before it: two code points fewer than UTF-16 units
    const created = await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/sources/${source.id}/codings`, { codeIds: [budget], start, end: start + 11, valence: 'inhibiting' });
    expect(created.status).toBe(201);
    const [coding] = created.body?.codings as { id: string; text: string }[];
    expect(coding!.text).toBe('little time');
    expect((await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/sources/${source.id}/codings`, { codeIds: [budget], start: 0, end: points.length + 1 })).status).toBe(400);
    expect((await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/sources/${source.id}/codings`, { codeIds: [budget], start: 0, end: 3, revision: 2 })).status).toBe(409);
    const listed = await api(built.app, token, 'GET', `/api/v1/evaluations/${slug}/sources/${source.id}/codings`);
    expect((listed.body?.codings as { text: string }[]).map((c) => c.text)).toContain('little time');
    const patched = await api(built.app, token, 'PATCH', `/api/v1/evaluations/${slug}/sources/${source.id}/codings/${coding!.id}`, { memo: 'Via API', checked: true });
    expect(patched.body).toMatchObject({ memo: 'Via API', needsReview: false });
    expect((await api(built.app, token, 'DELETE', `/api/v1/evaluations/${slug}/sources/${source.id}/codings/${coding!.id}`)).status).toBe(204);
    const memo = await api(built.app, token, 'POST', `/api/v1/evaluations/${slug}/memos`, { subject: 'source', subjectId: source.id, body: 'From the API' });
    expect(memo.body).toMatchObject({ subject: 'source', subjectName: 'SM01 transcript', authorName: 'Lena Lead' });
    const memos = await api(built.app, token, 'GET', `/api/v1/evaluations/${slug}/memos?subject=source&subjectId=${source.id}`);
    expect((memos.body?.memos as { body: string }[]).map((m) => m.body)).toContain('From the API');
    expect((await api(built.app, token, 'PATCH', `/api/v1/evaluations/${slug}/memos/${String(memo.body?.id)}`, { title: 'Titled' })).body).toMatchObject({ title: 'Titled', body: 'From the API' });
    expect((await api(built.app, token, 'DELETE', `/api/v1/evaluations/${slug}/memos/${String(memo.body?.id)}`)).status).toBe(204);
  });

  it('lets coders code but not viewers, and hides everything from non-members', async () => {
    const coder = await addUser(database, 'Cody Coder');
    const viewer = await addUser(database, 'Vera Viewer');
    const outsider = await addUser(database, 'Olly Outsider');
    await setMember(database.db, lead.id, evaluationId, { email: coder.email, role: 'coder' });
    await setMember(database.db, lead.id, evaluationId, { email: viewer.email, role: 'viewer' });
    const asCoder = new TestBrowser(built.app);
    await asCoder.signIn(coder);
    const page = await asCoder.get(codingPath());
    expect(page.statusCode).toBe(200);
    // The lead's codings are shown to a coder without change or remove buttons.
    expect(page.body).not.toContain('>Remove<span');
    const leadCoding = (await listCodings(database.db, evaluationId, source.id))[0]!;
    expect((await asCoder.post(`${base}/sources/${source.id}/codings/${leadCoding.id}/remove`, {}, codingPath())).statusCode).toBe(403);
    const asViewer = new TestBrowser(built.app);
    await asViewer.signIn(viewer);
    expect((await asViewer.get(codingPath())).statusCode).toBe(403);
    expect((await asViewer.get(`${base}/sources`)).statusCode).toBe(403);
    const viewerToken = (await createApiToken(database.db, viewer.id, 't')).token;
    expect((await api(built.app, viewerToken, 'POST', `/api/v1/evaluations/${slug}/sources/${source.id}/codings`, { codeIds: [tension], start: 0, end: 3 })).status).toBe(403);
    const asOutsider = new TestBrowser(built.app);
    await asOutsider.signIn(outsider);
    for (const path of [codingPath(), `${base}/sources`, `${base}/memos`]) {
      const hidden = await asOutsider.get(path);
      expect(hidden.statusCode, path).toBe(404);
      expect(hidden.body).toContain('Evaluation not found');
    }
    const outsiderToken = (await createApiToken(database.db, outsider.id, 't')).token;
    expect((await api(built.app, outsiderToken, 'GET', `/api/v1/evaluations/${slug}/sources/${source.id}/codings`)).status).toBe(404);
  });
});
