import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { fixtureQdpx } from '../modules/qualitative/refi/test-projects.ts';



describe('formative qdpx import and qdpx export', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-qdpx-cli-'));
    writeFileSync(join(dir, 'hand-authored.qdpx'), await fixtureQdpx());
    writeFileSync(join(dir, 'notes.qdpx'), 'Not an archive');
    await formative('evaluation', 'create', '--title', 'Interview study', '--slug', 'study');
    await formative('evaluation', 'create', '--title', 'Copy of the study', '--slug', 'copy');
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a .qdpx and prints the counts, the coder and what was not imported', async () => {
    const { stdout } = await formative('qdpx', 'import', join(dir, 'hand-authored.qdpx'), '--evaluation', 'study');
    expect(stdout).toContain('Imported hand-authored.qdpx ("Sample Study", from refi_qda test fixture): 4 codes, 1 source, 2 codings, 1 new participant (0 matched to existing ones) with 2 attributes, 1 memo.');
    expect(stdout).toContain('Coder Researcher A: no member matched (2 codings).');
    expect(stdout).toContain('Not imported (11):');
    expect(stdout).toContain('  picture source photo.jpg: Formative codes texts only');
    expect(stdout).toContain('  graph Model: Formative does not keep diagrams');
  }, slowCli);

  it('exports the project and the codebook, and the project imports back as JSON', async () => {
    const project = join(dir, 'study.qdpx');
    const { stdout } = await formative('qdpx', 'export', '--evaluation', 'study', '--out', project);
    expect(stdout.trim()).toBe(`Wrote the project of Interview study to ${project}: codes 4, participants 1, sources 1, codings 2, memos 1.`);
    const zip = await JSZip.loadAsync(readFileSync(project));
    expect(await zip.file('project.qde')!.async('string')).toContain('<Project xmlns="urn:QDA-XML:project:1.0" name="Interview study" origin="Formative"');

    const codebook = join(dir, 'codes.qdc');
    await formative('qdpx', 'export', '--evaluation', 'study', '--out', codebook);
    expect(readFileSync(codebook, 'utf8')).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Formative">');

    const imported = await formative('qdpx', 'import', project, '--evaluation', 'copy', '--json');
    const report = JSON.parse(imported.stdout) as { imported: Record<string, number>; notImported: unknown[] };
    expect(report.imported).toEqual({ codes: 4, participants: 1, participantsMatched: 0, attributes: 2, sources: 1, codings: 2, memos: 1 });
    expect(report.notImported).toEqual([]);
  }, slowCli);

  it('fails with one line saying what to fix', async () => {
    const notZip = await failing('qdpx', 'import', join(dir, 'notes.qdpx'), '--evaluation', 'study');
    expect(notZip.code).toBe(1);
    expect(notZip.stderr.trim()).toBe('formative: notes.qdpx is not a .qdpx file (a ZIP archive)');
    const noFile = await failing('qdpx', 'import', join(dir, 'missing.qdpx'), '--evaluation', 'study');
    expect(noFile.stderr).toContain('missing.qdpx: there is no such file');
    const badOut = await failing('qdpx', 'export', '--evaluation', 'study', '--out', join(dir, 'project.zip'));
    expect(badOut.stderr.trim()).toBe('formative: --out must end in .qdpx (the whole project) or .qdc (the codebook), not "project.zip"');
  }, slowCli);
});
