import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from './render-html.ts';
import type { ReportModel } from './model.ts';

/**
 * The report as PDF: the HTML copy printed by Chromium (Debian's, or the one the caller names), run once
 * per report in a throw-away profile with networking and background services off. The HTML
 * carries its print styles, so the PDF and the HTML read the same.
 */

export class PdfError extends Error {}

/** Debian's chromium package; settings are read only in src/config.ts, so another path is passed in. */
export const defaultChromium = '/usr/bin/chromium';

const timeoutMs = 60_000;

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const why = error.killed ? `took longer than ${timeoutMs / 1000} seconds` : (String(stderr).trim().split('\n').at(-1) ?? error.message);
      reject(new PdfError(`Chromium could not print the report: ${why}`));
    });
  });
}

export async function renderPdf(model: ReportModel, options: { version?: number; chromium?: string } = {}): Promise<Buffer> {
  const chromium = options.chromium ?? defaultChromium;
  try {
    await access(chromium);
  } catch {
    throw new PdfError(`Chromium is not installed at ${chromium}: install Debian's chromium package (apt-get install chromium)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'formative-pdf-'));
  try {
    const html = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    await writeFile(html, renderHtml(model, { version: options.version }));
    await run(chromium, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--no-first-run',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(html).href,
    ]);
    const bytes = await readFile(pdf).catch(() => null);
    if (!bytes || bytes.subarray(0, 5).toString() !== '%PDF-') throw new PdfError('Chromium ran but wrote no PDF');
    return bytes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
