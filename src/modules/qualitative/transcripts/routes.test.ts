import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createInterview } from '../interviews/interviews.ts';
import { createParticipant } from '../interviews/participants.ts';
import { addCoding, createCode, listSources } from '../service.ts';
import { buildDocx, commentedParagraph, paragraph } from './test-documents.ts';

/** A multipart form body as a browser sends it, with at most one file. */
function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = '----formative-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(backends)('transcript pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let browser: TestBrowser;
  let token: string;
  let evaluationId: string;
  let interviewId: string;
  const base = '/evaluations/transcript-pages';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const user = await addUser(database);
    evaluationId = (await createEvaluation(database.db, user.id, { title: 'Transcript pages', slug: 'transcript-pages' })).id;
    const participant = await createParticipant(database.db, user.id, evaluationId, { label: 'SM04', roleCategory: 'Programme lead' });
    interviewId = (await createInterview(database.db, user.id, evaluationId, { participantId: participant.id, consentTranscribe: true })).id;
    browser = new TestBrowser(built.app);
    await browser.signIn(user);
    token = (await createApiToken(database.db, user.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function upload(fields: Record<string, string>, file?: { name: string; content: Buffer }, url = `${base}/transcripts/import`, tokenFrom = `${base}/transcripts/import`) {
    const { payload, contentType } = multipart({ _csrf: await browser.csrfToken(tokenFrom), ...fields }, file);
    return built.app.inject({ method: 'POST', url, payload, headers: { cookie: browser.cookieHeader(), 'content-type': contentType } });
  }

  const count = async () => (await listSources(database.db, evaluationId)).length;

  it('imports captions from an uploaded file and shows the turns with their times', async () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>What changed?\n\n00:01:05.000 --> 00:01:09.000\n<v SM04>The budget 😀 moved.';
    const response = await upload({ interviewId }, { name: 'sm04.vtt', content: Buffer.from(vtt) });
    expect(response.statusCode).toBe(303);
    const page = await browser.get(String(response.headers.location));
    expect(page.body).toMatch(/Interviewer<\/span>\s*<span class="formative-turn__time govuk-body-s">0:01/);
    expect(page.body).toContain('1:05');
    expect(page.body).toContain('The budget 😀 moved.');
    expect(page.body).toContain('/code"');
    const list = await browser.get(`${base}/transcripts`);
    expect(list.body).toMatch(/Interview with SM04[\s\S]*SM04 \(Programme lead\)/);
    const form = await browser.get(`${base}/transcripts/import?interview=${interviewId}`);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toMatch(new RegExp(`<option value="${interviewId}" selected>SM04</option>`));
  });

  it('refuses a broken caption file and a Word document with comments, storing nothing', async () => {
    const before = await count();
    const broken = await upload({ interviewId }, { name: 'broken.vtt', content: Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\n00:00:02.000 --> 00:00:03.000\nTwo') });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('href="#file"');
    expect(broken.body).toContain('broken.vtt: cue 1 runs into the next cue at line 5');
    const commented = await upload({ interviewId }, { name: 'notes.docx', content: await buildDocx([paragraph('Q: Why?'), commentedParagraph('A: Because.')], { comments: true }) });
    expect(commented.statusCode).toBe(400);
    expect(commented.body).toContain('notes.docx: it contains comments (paragraph 2)');
    const neither = await upload({ interviewId });
    expect(neither.body).toContain('or paste the text');
    const wrongType = await upload({ interviewId }, { name: 'audio.mp3', content: Buffer.from('x') });
    expect(wrongType.body).toContain('audio.mp3 is not a plain text (.txt), Word (.docx), WebVTT (.vtt) or SubRip (.srt) file');
    expect(await count()).toBe(before);
  });

  it('edits pasted text through the form, moving and flagging codings, and lists those to review', async () => {
    const pasted = await upload({ interviewId, name: 'Pasted', pasted: 'Q: What helped?\nA: Leadership helped. Money did not.' });
    expect(pasted.statusCode).toBe(303);
    const page = String(pasted.headers.location);
    const sourceId = page.split('/').pop()!;
    const code = await createCode(database.db, null, evaluationId, { name: 'Leadership' });
    await addCoding(database.db, null, evaluationId, { sourceId, codeId: code.id, start: 19, end: 37 });
    await addCoding(database.db, null, evaluationId, { sourceId, codeId: code.id, start: 38, end: 52 });
    const edit = await browser.get(`${page}/edit`);
    expect(edit.body).toContain('Leadership helped. Money did not.');
    const saved = await upload({ revision: '1', content: 'Q: What helped most?\r\nA: Leadership helped. Funding did not.' }, undefined, `${page}/edit`, `${page}/edit`);
    expect(saved.statusCode).toBe(303);
    const shown = await browser.get(String(saved.headers.location));
    expect(shown.body).toContain('Saved revision 2. 1 coding moved with the text; 1 flagged for review.');
    expect(shown.body).toMatch(/<mark class="formative-coded" title="Leadership">Leadership helped.<\/mark>/);
    const stale = await upload({ revision: '1', content: 'Anything' }, undefined, `${page}/edit`, `${page}/edit`);
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('Someone else saved this transcript after you opened it');
    const review = await browser.get(`${base}/transcripts/needs-review`);
    expect(review.body).toContain('Revision 2: the coded text was edited: was &#39;Money did not.&#39;, now &#39;Funding did not.&#39;.');
    const codingId = /codings\/([0-9a-f-]{36})\/reviewed/.exec(review.body)![1]!;
    expect((await browser.post(`${base}/transcripts/codings/${codingId}/reviewed`, {}, `${base}/transcripts/needs-review`)).statusCode).toBe(303);
    expect((await browser.get(`${base}/transcripts/needs-review`)).body).toContain('Nothing to review.');
  });

  it('imports, reads and edits transcripts through the API', async () => {
    const docx = await buildDocx([paragraph('Interviewer: Tell me.'), paragraph('SM04: Gladly 😀.')]);
    const created = await api(built.app, token, 'POST', `/api/v1/evaluations/transcript-pages/interviews/${interviewId}/transcripts`, { format: 'docx', contentBase64: docx.toString('base64'), fileName: 'sm04.docx' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ content: 'Interviewer: Tell me.\n\nSM04: Gladly 😀.', revision: 1, turns: [{ speaker: 'Interviewer', start: 13, end: 21 }, { speaker: 'SM04', start: 29, end: 38 }] });
    const id = String(created.body?.id);
    const edited = await api(built.app, token, 'PUT', `/api/v1/evaluations/transcript-pages/transcripts/${id}`, { content: 'Interviewer: Tell me more.\n\nSM04: Gladly 😀.', revision: 1 });
    expect(edited.body).toEqual({ revision: 2, moved: 0, flagged: [] });
    const conflict = await api(built.app, token, 'PUT', `/api/v1/evaluations/transcript-pages/transcripts/${id}`, { content: 'x', revision: 1 });
    expect(conflict.status).toBe(409);
    const read = await api(built.app, token, 'GET', `/api/v1/evaluations/transcript-pages/transcripts/${id}`);
    expect(read.body).toMatchObject({ revision: 2, turns: [{ speaker: 'Interviewer', start: 13, end: 26 }, { speaker: 'SM04', start: 34, end: 43 }] });
    const broken = await api(built.app, token, 'POST', `/api/v1/evaluations/transcript-pages/interviews/${interviewId}/transcripts`, { format: 'srt', content: '1\n00:00:05,000 --> 00:00:01,000\nBackwards' });
    expect(broken.status).toBe(400);
    expect(String(broken.body?.detail)).toContain('cue 1 (line 2) ends (00:00:01.000) before it starts (00:00:05.000)');
  });
});
