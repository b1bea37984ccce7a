import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { addCoding, createCode, createSource, listCodes, listCodings, listSources, segmentsForCode } from '../service.ts';
import { exportCodebook, exportQdpx } from './export.ts';
import { importQdpx } from './import.ts';
import * as store from './store.ts';
import { schemaDir } from './test-projects.ts';

// The schema checks need xmllint (Debian's libxml2-utils); without it they are skipped, and say so.
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const withXmllint = hasXmllint ? it : it.skip;
const skipNote = hasXmllint ? '' : ' [SKIPPED: xmllint is not installed; apt-get install libxml2-utils]';
if (!hasXmllint) console.warn(`REFI-QDA schema validation skipped: xmllint is not installed (Debian package libxml2-utils)`);

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'formative-refi-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function validate(xml: string, schema: string): { ok: boolean; output: string } {
  const file = join(workDir, `doc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', join(schemaDir, schema), file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

async function unzip(body: Buffer) {
  const zip = await JSZip.loadAsync(body);
  return { names: Object.keys(zip.files).sort(), text: (name: string) => zip.file(name)!.async('string') };
}

const emojiText = 'Q: 😀 How did the merger go? 🏥\nA: There was real tension for change, & little time <for> "staff".';

describe.each(backends)('REFI-QDA export on $name', (backend) => {
  let database: Database;
  let leadId: string;
  let evaluationId: string;
  const now = new Date('2025-03-01T12:00:00Z');

  beforeAll(async () => {
    database = await backend.open();
    leadId = (await addUser(database, 'Lena "Lead" & Co')).id;
    const db = database.db;
    evaluationId = (await createEvaluation(db, leadId, { title: 'Merger <evaluation> & "friends"' })).id;
    const inner = await createCode(db, leadId, evaluationId, { name: 'Inner context', description: 'Within the organisation', colour: '#112233' });
    const tension = await createCode(db, leadId, evaluationId, { name: 'Tension for change', parentId: inner.id, description: 'Staff see the need\nfor change', colour: '#aabbcc' });
    const time = await createCode(db, leadId, evaluationId, { name: 'Dedicated time & <resources>', parentId: tension.id });
    await createCode(db, leadId, evaluationId, { name: 'Outer context' });
    const participant = await store.insertParticipant(db, { evaluation_id: evaluationId, label: 'SM01', role_category: 'Programme lead' });
    await store.insertAttributes(db, [
      { participant_id: participant.id, name: 'Years in post', value: '3' },
      { participant_id: participant.id, name: 'Programme', value: 'CAMHS & youth' },
      { participant_id: participant.id, name: 'Interviewed on', value: '2024-05-02' },
      { participant_id: participant.id, name: 'Consented to quotes', value: 'true' },
    ]);
    const transcript = await createSource(db, leadId, evaluationId, { kind: 'transcript', name: 'SM01 interview', content: emojiText, participantId: participant.id });
    const document = await createSource(db, leadId, evaluationId, { kind: 'document', name: 'Business plan', content: 'Plain text without codings.' });
    const start = [...emojiText].join('').indexOf('real tension') - 2; // two emoji before it: two code points, four UTF-16 units
    const coding = await addCoding(db, leadId, evaluationId, { sourceId: transcript.id, codeId: tension.id, start, end: start + 23, valence: 'facilitating', memo: 'Strong & clear' });
    await addCoding(db, leadId, evaluationId, { sourceId: transcript.id, codeId: time.id, start: start + 13, end: start + 38, valence: 'inhibiting' });
    await addCoding(db, leadId, evaluationId, { sourceId: transcript.id, codeId: inner.id, start: 3, end: 4 });
    await store.insertMemos(db, [
      { evaluation_id: evaluationId, subject: 'project', subject_id: null, title: 'Plan', body: 'Code the <first> five interviews.', author_id: leadId },
      { evaluation_id: evaluationId, subject: 'code', subject_id: tension.id, title: 'On tension', body: 'Often voiced by leads.', author_id: leadId },
      { evaluation_id: evaluationId, subject: 'source', subject_id: document.id, title: '', body: 'Version of March.', author_id: null },
      { evaluation_id: evaluationId, subject: 'coding', subject_id: coding.id, title: 'Check', body: 'Ask the second coder.', author_id: leadId },
    ]);
  });
  afterAll(() => database.close());

  it('writes project.qde and one UTF-8 text file per source, named by GUID', async () => {
    const file = await exportQdpx(database.db, leadId, evaluationId, now);
    expect(file.fileName).toMatch(/-project\.qdpx$/);
    const sources = await listSources(database.db, evaluationId);
    const zip = await unzip(file.body);
    expect(zip.names).toEqual(['project.qde', ...sources.map((s) => `sources/${s.id}.txt`).sort()]);
    const transcript = sources.find((s) => s.name === 'SM01 interview')!;
    expect(await zip.text(`sources/${transcript.id}.txt`)).toBe(emojiText);
    const xml = await zip.text('project.qde');
    expect(xml).toContain(`plainTextPath="internal://${transcript.id}.txt"`);
    expect(xml).toContain('<Code guid="');
    expect(xml).toContain('color="#AABBCC"');
    expect(xml).toContain('name="Dedicated time &amp; &lt;resources&gt;"');
    expect(xml).toMatch(/<PlainTextSelection [^>]*name="real tension for change" startPosition="\d+" endPosition="\d+"/);
    for (const [name, type] of [['Years in post', 'Integer'], ['Consented to quotes', 'Boolean'], ['Interviewed on', 'Date'], ['Programme', 'Text'], ['Role category', 'Text']]) {
      expect(xml).toMatch(new RegExp(`<Variable guid="[^"]+" name="${name}" typeOfVariable="${type}"`));
    }
    expect(xml).toContain('<DateValue>2024-05-02</DateValue>');
    expect(xml).toContain('Valence: facilitating\n\nStrong &amp; clear');
  });

  withXmllint(`exports a project.qde valid against Project.xsd${skipNote}`, async () => {
    const xml = await (await unzip((await exportQdpx(database.db, leadId, evaluationId, now)).body)).text('project.qde');
    expect(validate(xml, 'Project.xsd')).toEqual({ ok: true, output: expect.stringContaining('validates') });
    const empty = await createEvaluation(database.db, leadId, { title: 'Nothing coded yet' });
    const emptyXml = await (await unzip((await exportQdpx(database.db, leadId, empty.id, now)).body)).text('project.qde');
    expect(validate(emptyXml, 'Project.xsd').ok).toBe(true);
  });

  withXmllint(`exports a .qdc codebook valid against Codebook.xsd${skipNote}`, async () => {
    const file = await exportCodebook(database.db, leadId, evaluationId);
    expect(file.fileName).toMatch(/-codebook\.qdc$/);
    const xml = file.body.toString('utf8');
    expect(xml).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Formative">');
    expect(validate(xml, 'Codebook.xsd')).toEqual({ ok: true, output: expect.stringContaining('validates') });
  });

  it('refuses a codebook export when there are no codes', async () => {
    const empty = await createEvaluation(database.db, leadId, { title: 'No codes' });
    await expect(exportCodebook(database.db, leadId, empty.id)).rejects.toThrow('There are no codes to export yet');
  });

  it('imports its own export back whole: codes, texts, coding ranges and texts, participants, memos', async () => {
    const file = await exportQdpx(database.db, leadId, evaluationId, now);
    const copy = await createEvaluation(database.db, leadId, { title: 'Round trip' });
    const report = await importQdpx(database.db, leadId, copy.id, { content: file.body, filename: file.fileName });
    expect(report.notImported).toEqual([]);
    expect(report.imported).toEqual({ codes: 4, participants: 1, participantsMatched: 0, attributes: 4, sources: 2, codings: 3, memos: 4 });

    const tree = async (id: string) => {
      const codes = await listCodes(database.db, id);
      const names = new Map(codes.map((c) => [c.id, c.name]));
      return codes.map((c) => ({ name: c.name, parent: c.parentId ? names.get(c.parentId) : null, colour: c.colour, description: c.description })).sort((a, b) => a.name.localeCompare(b.name));
    };
    expect(await tree(copy.id)).toEqual(await tree(evaluationId));

    const sourcesOf = async (id: string) => Promise.all((await listSources(database.db, id)).map(async (s) => ({
      name: s.name,
      kind: s.kind,
      length: s.length,
      codings: (await listCodings(database.db, id, s.id)).map((c) => ({ code: c.codeName, start: c.start, end: c.end, valence: c.valence, memo: c.memo, coder: c.coderId })),
    })));
    const original = await sourcesOf(evaluationId);
    expect(await sourcesOf(copy.id)).toEqual(original);
    expect(original.find((s) => s.name === 'SM01 interview')?.codings).toHaveLength(3);

    const segments = async (id: string) => {
      const codes = await listCodes(database.db, id);
      const tension = codes.find((c) => c.name === 'Tension for change')!;
      const time = codes.find((c) => c.name === 'Dedicated time & <resources>')!;
      return [...(await segmentsForCode(database.db, id, tension.id)), ...(await segmentsForCode(database.db, id, time.id))].map((s) => s.text);
    };
    expect(await segments(copy.id)).toEqual(['real tension for change', 'for change, & little time']);

    const people = async (id: string) => ({
      participants: (await store.participantsOfEvaluation(database.db, id)).map((p) => [p.label, p.role_category]),
      attributes: (await store.attributesOfEvaluation(database.db, id)).map((a) => [a.name, a.value]),
    });
    expect(await people(copy.id)).toEqual(await people(evaluationId));
    const [participant] = await store.participantsOfEvaluation(database.db, copy.id);
    expect((await listSources(database.db, copy.id)).map((s) => [s.name, s.participantId])).toEqual([['Business plan', null], ['SM01 interview', participant!.id]]);

    const memos = async (id: string) => (await store.memosOfEvaluation(database.db, id)).map((m) => [m.subject, m.subject_id === null, m.title, m.body, m.author_id]).sort();
    expect(await memos(copy.id)).toEqual(await memos(evaluationId));
  });
});
