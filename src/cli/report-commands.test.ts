import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';

describe('formative report build', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-report-cli-'));
    await formative('evaluation', 'create', '--title', 'Reports by command', '--slug', 'reports');
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a Word file of the interim template with its headings', async () => {
    const out = join(dir, 'interim.docx');
    const { stdout } = await formative('report', 'build', 'reports', '--template', 'interim', '--format', 'docx', '--out', out);
    expect(stdout).toContain(`Wrote interim report of Reports by command to ${out}`);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*Aims and research questions/s);
    expect(xml).not.toContain('References');
  }, slowCli);

  it('takes the format from the file name, and a final report has references', async () => {
    const out = join(dir, 'final.html');
    await formative('report', 'build', 'reports', '--template', 'final', '--out', out, '--title', 'Final word');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h1>Final word</h1>');
    expect(html).toContain('>References</h2>');
  }, slowCli);

  it('refuses an unknown template and an unwritable file with one line each', async () => {
    const template = await failing('report', 'build', 'reports', '--template', 'annual', '--out', join(dir, 'x.pdf'));
    expect(template.code).toBe(1);
    expect(template.stderr.trim()).toBe('formative: --template must be one of interim, final, feedback, not "annual"');
    const nowhere = await failing('report', 'build', 'reports', '--format', 'pdf', '--out', join(dir, 'no', 'such', 'x.pdf'));
    expect(nowhere.stderr.trim()).toBe(`formative: Cannot write ${join(dir, 'no', 'such', 'x.pdf')}: the folder ${join(dir, 'no', 'such')} does not exist or is not writable`);
    const unknown = await failing('report', 'build', 'nobody', '--format', 'html', '--out', join(dir, 'x.html'));
    expect(unknown.stderr.trim()).toBe('formative: No evaluation with id or short name nobody');
  }, slowCli);
});
