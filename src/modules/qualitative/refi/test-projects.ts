import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';

/**
 * Test archives: the hand-authored REFI-QDA fixture zipped as a .qdpx (the fixture is read in
 * place, never copied), and small projects written inline for the bad-input cases.
 */

export const fixtureDir = join(import.meta.dirname, '../../../../../shared/fixtures/refi-qda');
export const schemaDir = join(fixtureDir, 'schemas');

export function fixtureProjectXml(): string {
  return readFileSync(join(fixtureDir, 'hand-authored', 'project.qde'), 'utf8');
}

/** A .qdpx archive of the given entries (names as written, so a test can write unsafe ones). */
export async function zipEntries(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The hand-authored fixture as a .qdpx: project.qde (or a replacement) with its sources folder. */
export async function fixtureQdpx(projectXml = fixtureProjectXml()): Promise<Buffer> {
  const sources = join(fixtureDir, 'hand-authored', 'sources');
  const entries: Record<string, string | Buffer> = { 'project.qde': projectXml };
  for (const name of readdirSync(sources)) entries[`sources/${name}`] = readFileSync(join(sources, name));
  return zipEntries(entries);
}

/** A minimal project of one text source with the given selections, as REFI-QDA writes it. */
export function smallProject(text: string, selections: { start: number; end: number; name?: string }[], extra = ''): string {
  const code = '20000000-0000-4000-8000-000000000001';
  const body = selections
    .map((s, i) => `<PlainTextSelection guid="50000000-0000-4000-8000-00000000000${i + 1}" name="${s.name ?? `Selection ${i + 1}`}" startPosition="${s.start}" endPosition="${s.end}"><Coding guid="60000000-0000-4000-8000-00000000000${i + 1}"><CodeRef targetGUID="${code}"/></Coding></PlainTextSelection>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>${extra}
<Project xmlns="urn:QDA-XML:project:1.0" name="Small">
  <CodeBook><Codes><Code guid="${code}" name="Only code" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="40000000-0000-4000-8000-000000000001" name="Short.txt"><PlainTextContent>${text}</PlainTextContent>${body}</TextSource></Sources>
</Project>`;
}
