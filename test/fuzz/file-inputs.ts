import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import yazl from 'yazl';

/**
 * Damaged and hostile versions of the files people upload as tables (CSV, Excel) and documents
 * (Word, PDF, web pages), for the importer fuzzing: text re-encoded, given byte-order marks,
 * other delimiters, huge or formula-like cells; office files with the XML inside them damaged or
 * given entity declarations, then packed again; and any file with bytes flipped, cut or added.
 */

/** Cells a spreadsheet program might run, or that try the parser's limits. */
export const awkwardCells = [
  '=HYPERLINK("http://example.org","click")',
  '=cmd|\' /C calc\'!A0',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '"quoted, with a comma"',
  '"unclosed',
  'a "quote" inside',
  '\r\n',
  '\u0000',
  '\uFEFF',
  '\u202Eevil',
  '<script>alert(1)</script>',
  '&#0;',
  '_x0000_',
  '31/02/2006',
  '1e308',
  '99999999999999999999',
  'NaN',
  ';',
  '\t',
];

const hugeCell = 'x'.repeat(200_000);

/** A table as CSV text with a chosen delimiter and line ending. */
export function csvText(rows: string[][], delimiter = ',', newline = '\n'): string {
  const quote = (cell: string) => (/["\r\n,;\t]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join(delimiter)).join(newline) + newline;
}

/** A table as an Excel workbook, with a formula, a date, rich text and a hyperlink among its cells. */
export async function workbookOf(rows: string[][], sheetName = 'Sheet 1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((row) => sheet.addRow(row));
  const extra = sheet.addRow([]);
  extra.getCell(1).value = { formula: 'CONCATENATE("Formula ","Person")', result: 'Formula Person' };
  extra.getCell(2).value = { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] };
  extra.getCell(3).value = new Date(Date.UTC(2006, 5, 1));
  extra.getCell(4).value = { text: 'a link', hyperlink: 'https://example.org' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Edits of a CSV's text before it becomes bytes. */
const textEdit = fc.oneof(
  fc.record({ kind: fc.constant('cell' as const), at: fc.nat(), text: fc.constantFrom(...awkwardCells) }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delimiter' as const), to: fc.constantFrom(';', '\t', '|', ',') }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('random' as const), at: fc.nat(), text: fc.string({ maxLength: 20 }) }),
);

const encoding = fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le', 'utf-16le-bom', 'utf-16be-bom');

function encode(text: string, how: string): Buffer {
  if (how === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  if (how === 'windows-1252') return Buffer.from(text, 'latin1');
  if (how === 'utf-16le') return Buffer.from(text, 'utf16le');
  if (how === 'utf-16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (how === 'utf-16be-bom') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  return Buffer.from(text);
}

/** A CSV text edited as a person or a program might damage it, then encoded one way or another. */
export function damagedCsv(text: string): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.array(textEdit, { maxLength: 5 }), encoding).map(([edits, how]) => {
    let out = text;
    for (const e of edits) {
      if (e.kind === 'cell' || e.kind === 'random') {
        const at = e.at % (out.length + 1);
        out = out.slice(0, at) + e.text + out.slice(at);
      } else if (e.kind === 'huge') {
        const at = e.at % (out.length + 1);
        out = out.slice(0, at) + hugeCell + out.slice(at);
      } else if (e.kind === 'delimiter') out = out.replace(/,/g, e.to);
      else out = out.replace(/\n/g, '\r\n');
    }
    return encode(out, how);
  });
}

/** Edits of the XML inside an office file: markup broken, entities declared, values out of range. */
const xmlEdit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('<', '>', '&', '"', '</x>', '<x>', '&#0;', '&#xD800;', '&e;', '&lol9;', ']]>', '_x0000_', 'r="A0"', 'r="XFD1048577"', 't="s"', 't="e"', 't="d"', 's="9999"', '<v>999999</v>', '<v>-1</v>', '<v>1e400</v>') }),
  fc.record({ kind: fc.constant('entities' as const) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Nine levels of ten: a billion copies of "lol" if a parser expanded internal entities. */
const laughs = `<!DOCTYPE x [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}<!ENTITY e SYSTEM "file:///etc/passwd">]>`;

/** An office file (a zip of XML parts) with one of its XML parts damaged, packed again. */
export function damagedOffice(original: Buffer, parts: string[]): fc.Arbitrary<Promise<Buffer>> {
  return fc.tuple(fc.constantFrom(...parts), fc.array(xmlEdit, { minLength: 1, maxLength: 4 })).map(async ([part, edits]) => {
    const zip = await JSZip.loadAsync(original);
    const entry = zip.file(part);
    let xml = entry ? await entry.async('string') : '';
    for (const e of edits) {
      if (e.kind === 'entities') xml = xml.replace(/^(<\?xml[^>]*\?>)?/, (declaration) => `${declaration}${laughs}`).replace(/<\/(\w+:)?t>/, '&lol9;&e;</$1t>');
      else {
        const at = xml.length ? e.at % xml.length : 0;
        if (e.kind === 'insert') xml = xml.slice(0, at) + e.text + xml.slice(at);
        else if (e.kind === 'cut') xml = xml.slice(0, at) + xml.slice(at + e.length);
        else xml = xml.slice(0, at);
      }
    }
    zip.file(part, xml);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  });
}

/** Any file with some bytes changed, cut or added, as a damaged download or disk gives. */
export function damagedBytes(original: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('<', '&', '"', '\u0000', '\r', '%PDF-', 'PK', ')', '(', 'endobj', 'stream', '/Encrypt', '0 0 obj') }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let bytes = Buffer.from(original);
    for (const e of edits) {
      const at = bytes.length ? e.at % bytes.length : 0;
      if (e.kind === 'flip') bytes[at] = e.byte;
      else if (e.kind === 'cut') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
      else if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text, 'latin1'), bytes.subarray(at)]);
      else bytes = bytes.subarray(0, at);
    }
    return bytes;
  });
}

export const randomBytes = fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a));
export const randomText = fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => Buffer.from(s));

/**
 * An office file whose part `part` holds `prefix`, then `megabytes` of spaces, then `suffix`:
 * a few hundred kilobytes that unpack to hundreds of megabytes. The other parts are the original's.
 */
export async function zipBomb(original: Buffer, part: string, megabytes: number): Promise<Buffer> {
  const source = await JSZip.loadAsync(original);
  const out = new yazl.ZipFile();
  for (const [name, entry] of Object.entries(source.files)) {
    if (entry.dir) continue;
    if (name !== part) {
      out.addBuffer(await entry.async('nodebuffer'), name);
      continue;
    }
    const xml = await entry.async('string');
    const split = xml.lastIndexOf('</');
    const spaces = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    out.addReadStream(
      new Readable({
        read() {
          if (sent === 0) this.push(xml.slice(0, split));
          if (sent < megabytes) {
            sent += 1;
            this.push(spaces);
          } else {
            this.push(xml.slice(split));
            this.push(null);
          }
        },
      }),
      name,
    );
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
