import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { HttpError } from '../../../http/errors.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { listCodes, listCodings, listSources } from '../service.ts';
import { defaultLimits } from './archive.ts';
import { importQdpx } from './import.ts';
import * as store from './store.ts';
import { fixtureProjectXml, fixtureQdpx, smallProject, zipEntries } from './test-projects.ts';

describe.each(backends)('refusing bad .qdpx files on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;

  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Bad input' })).id;
  });
  afterAll(() => database.close());

  async function stored() {
    const db = database.db;
    return {
      codes: (await listCodes(db, evaluationId)).length,
      sources: (await listSources(db, evaluationId)).length,
      participants: (await store.participantsOfEvaluation(db, evaluationId)).length,
      memos: (await store.memosOfEvaluation(db, evaluationId)).length,
      codings: (await store.codingsOfEvaluation(db, evaluationId)).length,
    };
  }

  /** Imports and expects a 400 whose message contains every fragment, with nothing stored. */
  async function refused(content: Buffer, fragments: string[], filename = 'study.qdpx', limits = defaultLimits): Promise<string> {
    const error = await importQdpx(database.db, userId, evaluationId, { content, filename, limits }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const { status, message, fields } = error as HttpError;
    expect(status).toBe(400);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(fields).toEqual([{ field: 'file', message }]);
    expect(await stored()).toEqual({ codes: 0, sources: 0, participants: 0, memos: 0, codings: 0 });
    return message;
  }

  it('refuses a file that is not a zip, saying what it is', async () => {
    await refused(Buffer.from('Just some notes'), ['study.qdpx is not a .qdpx file (a ZIP archive)']);
    await refused(Buffer.from(fixtureProjectXml()), ['project.qde is not a .qdpx file', 'it looks like XML; a .qdpx is a ZIP archive of project.qde and its sources folder'], 'project.qde');
    await refused(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]), ['study.qdpx cannot be opened as a ZIP archive']);
  });

  it('refuses a zip without project.qde', async () => {
    await refused(await zipEntries({ 'sources/a.txt': 'text' }), ['study.qdpx has no project.qde at its top level']);
    await refused(await zipEntries({ 'export/project.qde': fixtureProjectXml() }), ['(it holds export/project.qde; a .qdpx keeps project.qde beside the sources folder']);
  });

  it('refuses a DOCTYPE or entity declaration before parsing anything', async () => {
    const withEntity = smallProject('Some text', [], '\n<!DOCTYPE Project [<!ENTITY lol "lol">]>');
    await refused(await zipEntries({ 'project.qde': withEntity }), ['project.qde in study.qdpx declares a DOCTYPE on line 2', 'nothing was imported']);
  });

  it('refuses XML that is not well formed or not a project, with the place', async () => {
    await refused(await zipEntries({ 'project.qde': '<?xml version="1.0"?>\n<Project name="x">\n<CodeBook>\n</Project>' }), ['project.qde in study.qdpx is not well-formed XML', 'line 4']);
    await refused(await zipEntries({ 'project.qde': '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>' }), ['its root element is <CodeBook>, not <Project>']);
  });

  it('refuses a selection outside its text, naming the file, source and selection', async () => {
    const project = smallProject('Ten chars.', [{ start: 0, end: 4 }, { start: 3, end: 11, name: 'Too far' }]);
    await refused(await zipEntries({ 'project.qde': project }), [
      'In study.qdpx, selection "Too far" (50000000-0000-4000-8000-000000000002) of source "Short.txt" (its PlainTextContent) runs from 3 to 11, outside its text of 10 characters',
      'nothing was imported',
    ]);
    // An emoji is one position, as REFI-QDA counts: six UTF-16 units but four code points.
    const emoji = smallProject('😀😀ab', [{ start: 2, end: 5, name: 'Past the end' }]);
    await refused(await zipEntries({ 'project.qde': emoji }), ['runs from 2 to 5, outside its text of 4 characters']);
    await refused(await zipEntries({ 'project.qde': smallProject('abc', [{ start: 2, end: 1, name: 'Backwards' }]) }), ['runs from 2 to 1, ending before it starts']);
    const notNumber = smallProject('abc', [{ start: 0, end: 1 }]).replace('endPosition="1"', 'endPosition="one"');
    await refused(await zipEntries({ 'project.qde': notNumber }), ['has endPosition "one", which is not a whole number']);
  });

  it('refuses an archive with an entry that points outside it', async () => {
    const archive = await zipEntries({ 'project.qde': fixtureProjectXml(), '../../etc/evil.txt': 'x' });
    await refused(archive, ['study.qdpx contains an entry named "../../etc/evil.txt" that points outside the archive (path traversal)']);
    await refused(await zipEntries({ 'project.qde': fixtureProjectXml(), '/abs/path.txt': 'x' }), ['points outside the archive']);
  });

  it('refuses an archive over the size limit before opening it', async () => {
    const archive = await fixtureQdpx();
    await refused(archive, ['study.qdpx is', 'archives of up to 0.00 MB can be imported'], 'study.qdpx', { ...defaultLimits, maxArchiveBytes: 1000 });
  });

  it('stops reading an archive that expands absurdly (a zip bomb)', async () => {
    const padded = fixtureProjectXml().replace('<Users>', `<!--${' '.repeat(24 * 1024 * 1024)}-->\n<Users>`);
    const archive = await zipEntries({ 'project.qde': padded });
    expect(archive.length).toBeLessThan(100_000);
    await refused(archive, ['study.qdpx expands to more than 100 times its size', 'zip bomb']);
    await refused(await fixtureQdpx(), ['holds more than 0.00 MB of project and text files'], 'study.qdpx', { ...defaultLimits, maxExpandedBytes: 100 });
  });

  it('refuses a text file that is not UTF-8, naming it', async () => {
    const archive = await zipEntries({
      'project.qde': fixtureProjectXml(),
      'sources/11111111-1111-1111-1111-111111111111.txt': Buffer.from([0x44, 0x69, 0xe9, 0x74]),
    });
    await refused(archive, ['sources/11111111-1111-1111-1111-111111111111.txt in study.qdpx is not UTF-8 text']);
  });

  it('imports what it can and reports a text source whose file is missing', async () => {
    const other = await createEvaluation(database.db, userId, { title: 'Missing text' });
    const report = await importQdpx(database.db, userId, other.id, { content: await zipEntries({ 'project.qde': fixtureProjectXml() }), filename: 'no-sources.qdpx' });
    expect(report.notImported.find((n) => n.element === 'text source')).toEqual({
      element: 'text source',
      name: 'Interview 1.txt',
      reason: 'its text file (internal://11111111-1111-1111-1111-111111111111.txt) is not in the archive, so the source and its 2 codings were not imported',
    });
    expect(report.imported).toMatchObject({ codes: 4, sources: 0, codings: 0 });
    expect(await listSources(database.db, other.id)).toEqual([]);
  });

  it('counts positions after an emoji in code points', async () => {
    const other = await createEvaluation(database.db, userId, { title: 'Emoji' });
    await importQdpx(database.db, userId, other.id, { content: await zipEntries({ 'project.qde': smallProject('😀😀ab', [{ start: 2, end: 4 }]) }), filename: 'emoji.qdpx' });
    const [source] = await listSources(database.db, other.id);
    expect((await listCodings(database.db, other.id, source!.id)).map((c) => [c.start, c.end])).toEqual([[2, 4]]);
  });
});
