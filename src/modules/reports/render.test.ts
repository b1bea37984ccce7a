import JSZip from 'jszip';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderDocx } from './render-docx.ts';
import { renderHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';
import { sampleModel } from './test-model.ts';
import { reportFileName } from './formats.ts';

/** The elements of an HTML text with their text, in document order. */
function elements(html: string): { tag: string; attributes: Record<string, string>; text: string }[] {
  const found: { tag: string; attributes: Record<string, string>; text: string }[] = [];
  const open: (typeof found)[number][] = [];
  const parser = new Parser({
    onopentag(tag, attributes) {
      const element = { tag, attributes, text: '' };
      found.push(element);
      open.push(element);
    },
    ontext(text) {
      for (const e of open) e.text += text;
    },
    onclosetag() {
      open.pop();
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return found;
}

describe('HTML report', () => {
  const html = renderHtml(sampleModel(), { version: 2 });
  const parsed = elements(html);

  it('has one h1, a heading per section and the subheadings', () => {
    expect(parsed.filter((e) => e.tag === 'h1').map((e) => e.text)).toEqual(['Second interim report']);
    expect(parsed.filter((e) => e.tag === 'h2').map((e) => e.text)).toEqual(['Contents', 'Executive summary', 'Findings', 'Survey results']);
    expect(parsed.filter((e) => e.tag === 'h3').map((e) => e.text)).toEqual(['Tension for change']);
    expect(parsed.find((e) => e.tag === 'html')?.attributes.lang).toBe('en-GB');
    expect(parsed.find((e) => e.tag === 'title')?.text).toContain('Second interim report');
  });

  it('captions and numbers its tables, with column headers', () => {
    expect(parsed.filter((e) => e.tag === 'caption').map((e) => e.text)).toEqual(['Table 1: Change climate by programme', 'Data of the chart']);
    expect(parsed.filter((e) => e.tag === 'th' && e.attributes.scope === 'col').map((e) => e.text).slice(0, 3)).toEqual(['Group', 'n', 'Mean']);
  });

  it('labels the chart by its caption and text alternative', () => {
    const svg = parsed.find((e) => e.tag === 'svg')!;
    expect(svg.attributes.role).toBe('img');
    const ids = svg.attributes['aria-labelledby']!.split(' ');
    expect(ids.map((id) => parsed.find((e) => e.attributes.id === id)?.text)).toEqual(['Figure 1: Change climate: mean score by programme', 'Mental health highest (3.40).']);
  });

  it('escapes the team’s text and keeps print styles', () => {
    expect(html).toContain('First paragraph &lt;b&gt;not bold&lt;/b&gt;.');
    expect(html).toContain('@media print');
    expect(parsed.filter((e) => e.tag === 'blockquote')[0]!.text).toContain('Senior Manager');
  });

  it('gives the same bytes for the same model', () => {
    expect(renderHtml(sampleModel(), { version: 2 })).toBe(html);
  });
});

async function documentXml(buffer: Buffer): Promise<string> {
  return (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
}

describe('Word report', () => {
  it('has heading styles, a contents field, a table with a header row, captions and page numbers', async () => {
    const buffer = await renderDocx(sampleModel(), { version: 2 });
    const zip = await JSZip.loadAsync(buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*Executive summary/s);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>.*Tension for change/s);
    expect(xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toMatch(/<w:pStyle w:val="Caption"\/>.*Table 1: Change climate by programme/s);
    const footers = await Promise.all(Object.keys(zip.files).filter((f) => f.startsWith('word/footer')).map((f) => zip.file(f)!.async('string')));
    expect(footers.join('')).toContain('PAGE');
  });

  it('gives the same document text for the same model', async () => {
    // The words a reader sees (bookmark names inside fields are numbered per process by the docx package).
    const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text(await documentXml(await renderDocx(sampleModel())))).toBe(text(await documentXml(await renderDocx(sampleModel()))));
  });
});

describe('PDF report', () => {
  it('is the HTML printed by Chromium, with its text on its pages', async () => {
    const pdf = await renderPdf(sampleModel(), { chromium: process.env.CHROMIUM_PATH || undefined });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    expect(document.numPages).toBeGreaterThanOrEqual(2);
    let text = '';
    for (let n = 1; n <= document.numPages; n += 1) {
      const content = await (await document.getPage(n)).getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
    }
    expect(text).toContain('Second interim report');
    expect(text).toContain('Change climate by programme');
  }, 180_000);

  it('says clearly when Chromium is missing', async () => {
    await expect(renderPdf(sampleModel(), { chromium: '/nowhere/chromium' })).rejects.toThrow(/Chromium is not installed at \/nowhere\/chromium/);
  });
});

describe('file names', () => {
  it('come from the title, with the version', () => {
    expect(reportFileName(sampleModel(), 'docx', 3)).toBe('second-interim-report-v3.docx');
    expect(reportFileName(sampleModel(), 'pdf')).toBe('second-interim-report-draft.pdf');
  });
});
