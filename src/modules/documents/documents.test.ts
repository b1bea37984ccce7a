import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { buildDocx, paragraph, trackedInsertion } from '../qualitative/transcripts/test-documents.ts';
import { getSource, listSources } from '../qualitative/service.ts';
import { extractText, htmlText, sniffFormat } from './extraction.ts';
import { addDocument, documentFile, documentText, listDocuments, sourceForCoding } from './service.ts';
import { minimalPdf, multipartBody, webPage, wordDocument } from './test-files.ts';

describe('reading the text of a document', () => {
  it('reads a web page without its scripts, styles or markup, one paragraph per block', () => {
    const text = htmlText(webPage('Our offer &amp; you', '<h1>Learning sets</h1><p>We run <b>action&nbsp;learning</b>\n  sets.</p><ul><li>North</li><li>South</li></ul>'));
    expect(text).toBe('Our offer & you\n\nLearning sets\n\nWe run action learning sets.\n\nNorth\n\nSouth');
  });

  it('tells the type from the bytes, not the name', async () => {
    expect(sniffFormat(minimalPdf(['x']))).toBe('pdf');
    expect(sniffFormat(await wordDocument(['x']))).toBe('docx');
    expect(sniffFormat(Buffer.from(webPage('t', '<p>x</p>')))).toBe('html');
    expect(sniffFormat(Buffer.from('just some text'))).toBeNull();
    await expect(extractText(Buffer.from('plain words'), 'notes.pdf')).rejects.toThrow('not a PDF, a Word document (.docx) or a web page');
  });

  it('reads a PDF, a Word document and refuses what would not be the text a reader sees', async () => {
    expect((await extractText(minimalPdf(['Business plan 2005/06', 'Workforce (see annex)']), 'plan.pdf')).text).toBe('Business plan 2005/06\nWorkforce (see annex)');
    expect(await extractText(await wordDocument(['First paragraph.', 'Second paragraph.']), 'plan.docx')).toMatchObject({ format: 'docx', text: 'First paragraph.\n\nSecond paragraph.' });
    await expect(extractText(await buildDocx([paragraph('Kept'), trackedInsertion('Inserted')]), 'draft.docx')).rejects.toThrow('tracked insertions (paragraph 2)');
    await expect(extractText(minimalPdf([]), 'scan.pdf')).rejects.toThrow('no text in it, only images');
    await expect(extractText(minimalPdf(['secret'], { encrypted: true }), 'locked.pdf')).rejects.toThrow('the PDF is encrypted');
  });

  it('drops invisible control characters, which the database cannot store, from the text read', async () => {
    expect((await extractText(minimalPdf(['\u0000Business plan\u0007 2006/07']), 'plan.pdf')).text).toBe('Business plan 2006/07');
    expect(htmlText(webPage('t', '<p>One\u0000 two\u001b</p>'))).toBe('t\n\nOne two');
  });
});

describe.each(backends)('documents register on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let browser: TestBrowser;
  let token: string;
  let evaluation: { id: string; slug: string };
  let userId: string;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Dora Documents');
    userId = lead.id;
    evaluation = await createEvaluation(database.db, lead.id, { title: 'Documents', slug: 'documents' });
    browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    token = (await createApiToken(database.db, lead.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const base = () => `/evaluations/${evaluation.slug}/documents`;

  async function upload(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
    const csrf = await browser.csrfToken(`${base()}/new`);
    const { payload, contentType } = multipartBody({ _csrf: csrf, ...fields }, file);
    return built.app.inject({ method: 'POST', url: base(), payload, headers: { cookie: browser.cookieHeader(), 'content-type': contentType } });
  }

  it('adds each type of file with its text, keeps the bytes, and opens it on the coding page', async () => {
    const html = Buffer.from(webPage('Leaflet', '<p>Improvement support for every region.</p>'));
    const added = await upload({ kind: 'leaflet', title: 'Support leaflet', issuer: 'The Partnership', 'issuedOn-day': '3', 'issuedOn-month': '4', 'issuedOn-year': '2006', address: 'https://example.org/leaflet' }, { name: 'leaflet.html', content: html });
    expect(added.statusCode).toBe(303);
    const page = await browser.get(String(added.headers.location));
    expect(page.body).toContain('Improvement support for every region.');
    expect(page.body).toContain('Code this document');

    await addDocument(database.db, userId, evaluation.id, { kind: 'business-plan', title: 'Business plan', issuedOn: '2005-04-01' }, { fileName: 'plan.docx', content: await wordDocument(['Our aims for the year.']) });
    await addDocument(database.db, userId, evaluation.id, { kind: 'report', title: 'Annual report' }, { fileName: 'report.pdf', content: minimalPdf(['Annual report 2005']) });
    const entries = await listDocuments(database.db, evaluation.id);
    expect(entries.map((e) => [e.title, e.mediaType, e.hasText])).toEqual([
      ['Business plan', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', true],
      ['Support leaflet', 'text/html', true],
      ['Annual report', 'application/pdf', true],
    ]);
    const leaflet = entries.find((e) => e.title === 'Support leaflet')!;
    expect(leaflet).toMatchObject({ issuedOn: '2006-04-03', address: 'https://example.org/leaflet', sizeBytes: html.length });
    expect((await documentFile(database.db, evaluation.id, leaflet.id)).content.equals(html)).toBe(true);

    const download = await browser.get(`${base()}/${leaflet.id}/file`);
    expect(download.headers['content-disposition']).toBe('attachment; filename="leaflet.html"');

    const opened = await browser.post(`${base()}/${leaflet.id}/code`, {}, `${base()}/${leaflet.id}`);
    expect(opened.statusCode).toBe(303);
    const coding = await browser.get(String(opened.headers.location));
    expect(coding.statusCode).toBe(200);
    expect(coding.body).toContain('Improvement support for every region.');
    const [source] = (await listSources(database.db, evaluation.id)).filter((s) => s.kind === 'document');
    expect(source).toMatchObject({ name: 'Support leaflet' });
    expect((await getSource(database.db, evaluation.id, source!.id)).content).toBe(await documentText(database.db, evaluation.id, leaflet.id));
    // Opening again gives the same source, not a second copy.
    expect(await sourceForCoding(database.db, userId, evaluation.id, leaflet.id)).toBe(source!.id);
  });

  it('refuses a Word document with tracked changes, a file of another type and a bad date, storing nothing', async () => {
    const before = (await listDocuments(database.db, evaluation.id)).length;
    const tracked = await upload({ kind: 'minutes', title: 'Board minutes' }, { name: 'minutes.docx', content: await buildDocx([paragraph('Agreed'), trackedInsertion('Not agreed')]) });
    expect(tracked.statusCode).toBe(400);
    expect(tracked.body).toContain('minutes.docx: it contains tracked insertions (paragraph 2)');
    expect(tracked.body).toContain('href="#file"');
    expect(tracked.body).toContain('value="Board minutes"');

    const other = await upload({ kind: 'other', title: 'Spreadsheet' }, { name: 'figures.docx', content: Buffer.from('a,b\n1,2\n') });
    expect(other.body).toContain('figures.docx: the file is not a PDF, a Word document (.docx) or a web page (HTML)');

    const badDate = await upload({ kind: 'poster', title: 'Poster', 'issuedOn-day': '31', 'issuedOn-month': '2', 'issuedOn-year': '2006', text: 'Join us' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Date issued must be a real date');
    expect(await listDocuments(database.db, evaluation.id)).toHaveLength(before);
  });

  it('adds a document through the API from base64, and refuses the same file twice', async () => {
    const path = `/api/v1/evaluations/${evaluation.slug}/documents`;
    const content = minimalPdf(['Management plan for the North West']);
    const added = await api(built.app, token, 'POST', path, { kind: 'management-plan', title: 'NW plan', file: { name: 'nw.pdf', contentBase64: content.toString('base64') } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ title: 'NW plan', mediaType: 'application/pdf', hasText: true, sourceId: null });
    const text = await api(built.app, token, 'GET', `${path}/${String(added.body?.id)}/text`);
    expect(text.body).toEqual({ text: 'Management plan for the North West' });
    const again = await api(built.app, token, 'POST', path, { kind: 'other', title: 'Copy', file: { name: 'copy.pdf', contentBase64: content.toString('base64') } });
    expect(again.status).toBe(400);
    expect(String(again.body?.detail)).toContain('is already in the register, as "NW plan"');
    const source = await api(built.app, token, 'POST', `${path}/${String(added.body?.id)}/source`);
    expect(source.status).toBe(200);
    expect((await getSource(database.db, evaluation.id, String(source.body?.sourceId))).kind).toBe('document');
  });
});
