import { Parser } from 'htmlparser2';
import { checkDocx } from '../qualitative/transcripts/docx.ts';

/**
 * The text of an uploaded document, so it can be searched and coded like a transcript. The type is
 * told from the file's first bytes, never from its name: a PDF starts "%PDF-", a Word document is a
 * zip archive holding word/document.xml, and HTML is text with an HTML tag near its start.
 */

export type DocumentFormat = 'pdf' | 'docx' | 'html';

export const mediaTypes: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
};

export const formatNames: Record<DocumentFormat, string> = { pdf: 'PDF', docx: 'Word (.docx)', html: 'web page (HTML)' };

/** 25 MB: a long illustrated report as PDF; larger files are refused before they are read. */
export const maxDocumentBytes = 25 * 1024 * 1024;

/** A file that cannot be added, with what to do about it. */
export class DocumentFileError extends Error {}

export function sniffFormat(content: Buffer): DocumentFormat | null {
  if (content.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (content.length >= 4 && content.readUInt32BE(0) === 0x504b0304) return content.includes('word/') ? 'docx' : null;
  if (content.includes(0)) return null;
  const start = content.subarray(0, 2048).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/.test(start) || (/^<(!--|\?xml)/.test(start) && /<html[\s>]/.test(start))) return 'html';
  return null;
}

const blockElements = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'dt', 'dd', 'hr', 'main', 'nav', 'aside', 'figure', 'figcaption', 'address', 'title']);
const skippedElements = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);

/**
 * Paragraphs joined by one blank line, spaces inside them collapsed, control characters other than
 * line breaks and tabs dropped: they are invisible, and PostgreSQL refuses a NUL in text outright
 * (the importer fuzzing found a PDF string holding one reaching people as a server error).
 */
function tidy(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .split(/\n{2,}/)
    .map((p) => p.replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The visible text of a web page: scripts, styles and the head left out (except its title), block
 * elements on lines of their own, entities decoded by the parser.
 */
export function htmlText(html: string): string {
  const parts: string[] = [];
  let skipping = 0;
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        else if (skippedElements.has(name)) skipping += 1;
        if (blockElements.has(name)) parts.push('\n\n');
      },
      ontext(text) {
        if (!skipping || inTitle) parts.push(text.replace(/\s+/g, ' '));
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        else if (skippedElements.has(name)) skipping = Math.max(0, skipping - 1);
        if (blockElements.has(name)) parts.push('\n\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return tidy(parts.join(''));
}

async function pdfText(content: Buffer): Promise<string> {
  // The legacy build runs in Node without a canvas or a worker; only text is read here.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  if (/\/Encrypt\b/.test(content.toString('latin1'))) {
    throw new DocumentFileError('the PDF is encrypted: save an unprotected copy (without a password or restrictions) and upload that');
  }
  let document;
  try {
    document = await getDocument({ data: new Uint8Array(content), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    if ((error as Error).name === 'PasswordException') throw new DocumentFileError('the PDF is protected by a password: save a copy without one and upload that');
    throw new DocumentFileError('the file starts like a PDF but cannot be read as one: it may be damaged; save it again and upload the new copy');
  }
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text);
      page.cleanup();
    }
    const text = tidy(pages.join('\n\n'));
    if (!text) throw new DocumentFileError('the PDF has no text in it, only images (it may be a scan): run it through text recognition (OCR) first, or paste the text into the register entry');
    return text;
  } catch (error) {
    // A PDF whose start reads but whose pages are damaged makes pdf.js throw its own errors while
    // the pages are read; the importer fuzzing found them reaching people as a server error.
    if (error instanceof DocumentFileError) throw error;
    throw new DocumentFileError('the PDF is damaged and the text of its pages cannot be read: save it again (or print it to a new PDF) and upload the new copy');
  } finally {
    await document.destroy();
  }
}

async function docxText(content: Buffer, fileName: string): Promise<string> {
  try {
    await checkDocx(content, fileName);
  } catch (error) {
    // The transcript check's message names the file and adds "Nothing was imported."; the document's own wording is used here.
    const message = (error as Error).message.replace(new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), '').replace(/\. Nothing was imported\.$/, '');
    throw new DocumentFileError(message);
  }
  const { default: mammoth } = await import('mammoth');
  let result;
  try {
    result = await mammoth.extractRawText({ buffer: content });
  } catch {
    // mammoth throws its XML parser's own errors (an undeclared entity, a broken tag) for a damaged
    // document; the importer fuzzing (test/fuzz/file-importers.test.ts) found them reaching people as a server error.
    throw new DocumentFileError('the Word document is damaged and its text cannot be read: open it in Word, save it again and upload the new copy');
  }
  return tidy(result.value);
}

export interface Extracted {
  format: DocumentFormat;
  mediaType: string;
  text: string;
}

/** Reads a file's text, or says in words why it cannot be used. */
export async function extractText(content: Buffer, fileName: string): Promise<Extracted> {
  if (content.length === 0) throw new DocumentFileError('the file is empty');
  if (content.length > maxDocumentBytes) throw new DocumentFileError(`the file is larger than ${maxDocumentBytes / 1024 / 1024} MB`);
  const format = sniffFormat(content);
  if (!format) throw new DocumentFileError('the file is not a PDF, a Word document (.docx) or a web page (HTML); a .doc from older versions of Word must be saved as .docx first');
  let text: string;
  if (format === 'pdf') text = await pdfText(content);
  else if (format === 'docx') text = await docxText(content, fileName);
  else text = htmlText(new TextDecoder('utf-8').decode(content));
  if (!text.trim()) throw new DocumentFileError('no text could be found in the file');
  return { format, mediaType: mediaTypes[format], text };
}
