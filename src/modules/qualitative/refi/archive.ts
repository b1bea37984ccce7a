import type { Readable } from 'node:stream';
import JSZip from 'jszip';
import { QdpxError } from './report.ts';

/**
 * The .qdpx container: a ZIP archive holding project.qde and, under sources/, the files that
 * internal:// paths name. An uploaded archive is read defensively: its size is limited, entries
 * whose names would point outside the archive are refused, and entries are inflated as streams
 * whose bytes are counted, so an archive that expands absurdly (a zip bomb) is stopped while it
 * is being read, whatever sizes its directory declares.
 */

export interface ArchiveLimits {
  /** The largest archive accepted. */
  maxArchiveBytes: number;
  /** The most bytes read out of it in all (project.qde and the text files; media are never inflated). */
  maxExpandedBytes: number;
  /** The most bytes read out per byte of archive, once past `ratioFloorBytes`. */
  maxRatio: number;
  /** Below this many expanded bytes the ratio is not checked: small files may compress very well. */
  ratioFloorBytes: number;
  maxEntries: number;
}

const megabyte = 1024 * 1024;

export const defaultLimits: ArchiveLimits = {
  maxArchiveBytes: 100 * megabyte,
  maxExpandedBytes: 300 * megabyte,
  maxRatio: 100,
  ratioFloorBytes: 20 * megabyte,
  maxEntries: 20_000,
};

const inMegabytes = (bytes: number) => `${(bytes / megabyte).toFixed(bytes < megabyte ? 2 : 1)} MB`;

export interface QdpxArchive {
  /** The uploaded file's name, for messages. */
  filename: string;
  /** The text of project.qde. */
  projectXml: string;
  /** The archive entry an internal:// path names (`internal://x.txt` is `sources/x.txt`), if present. */
  entryFor(internalPath: string): string | undefined;
  /** The UTF-8 text of an entry; a byte sequence that is not UTF-8 is an error naming the entry. */
  readText(entryName: string): Promise<string>;
}

/** Counts the bytes inflated so far against the limits. */
class ExpansionBudget {
  private used = 0;
  constructor(
    private readonly filename: string,
    private readonly archiveBytes: number,
    private readonly limits: ArchiveLimits,
  ) {}

  take(bytes: number): QdpxError | undefined {
    this.used += bytes;
    if (this.used > this.limits.maxExpandedBytes) {
      return new QdpxError(`${this.filename} holds more than ${inMegabytes(this.limits.maxExpandedBytes)} of project and text files: split the project, or export it without its media files`);
    }
    if (this.used > this.limits.ratioFloorBytes && this.used > this.archiveBytes * this.limits.maxRatio) {
      return new QdpxError(`${this.filename} expands to more than ${this.limits.maxRatio} times its size (${inMegabytes(this.archiveBytes)} to over ${inMegabytes(this.used)}): that is not a QDA project but an archive built to exhaust memory (a "zip bomb"), so it was not read`);
    }
    return undefined;
  }
}

/** The name as the archive wrote it, with '\' taken as '/'; refused when it could escape a folder. */
function checkEntryName(filename: string, entry: JSZip.JSZipObject): void {
  const raw = entry.unsafeOriginalName ?? entry.name;
  const name = raw.replace(/\\/g, '/');
  const escapes = name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').some((part) => part === '..');
  if (escapes) {
    throw new QdpxError(`${filename} contains an entry named "${raw}" that points outside the archive (path traversal); such an archive is refused and nothing was imported`);
  }
}

function inflate(filename: string, entry: JSZip.JSZipObject, budget: ExpansionBudget): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stream = entry.nodeStream('nodebuffer') as Readable;
    let stopped = false;
    stream.on('data', (chunk: Buffer) => {
      if (stopped) return;
      const problem = budget.take(chunk.length);
      if (problem) {
        stopped = true;
        stream.destroy();
        reject(problem);
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (!stopped) resolve(Buffer.concat(chunks));
    });
    stream.on('error', (error: Error) => {
      if (stopped) return;
      stopped = true;
      reject(new QdpxError(`The entry ${entry.name} in ${filename} cannot be unpacked (${error.message}): the archive is damaged`));
    });
  });
}

function decodeUtf8(filename: string, entryName: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new QdpxError(`${entryName} in ${filename} is not UTF-8 text, as REFI-QDA requires`);
  }
}

/** Opens an uploaded .qdpx: checks its size and entries and reads project.qde, or says what is wrong. */
export async function openQdpx(content: Buffer, filename: string, limits: ArchiveLimits = defaultLimits): Promise<QdpxArchive> {
  if (content.length > limits.maxArchiveBytes) {
    throw new QdpxError(`${filename} is ${inMegabytes(content.length)}; archives of up to ${inMegabytes(limits.maxArchiveBytes)} can be imported (export the project without its audio, video and picture files, which Formative does not import)`);
  }
  if (content.length < 4 || content[0] !== 0x50 || content[1] !== 0x4b) {
    const start = content.subarray(0, 200).toString('utf8').trimStart();
    const hint = start.startsWith('<') ? ': it looks like XML; a .qdpx is a ZIP archive of project.qde and its sources folder' : '';
    throw new QdpxError(`${filename} is not a .qdpx file (a ZIP archive)${hint}`);
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(content, { createFolders: false });
  } catch (error) {
    throw new QdpxError(`${filename} cannot be opened as a ZIP archive (${(error as Error).message}): it is damaged or not a .qdpx file`);
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) {
    throw new QdpxError(`${filename} holds ${entries.length} entries; a project of up to ${limits.maxEntries} files can be imported`);
  }
  for (const entry of entries) checkEntryName(filename, entry);
  const files = entries.filter((e) => !e.dir);
  const byName = new Map(files.map((e) => [e.name.replace(/\\/g, '/'), e]));
  const byLowerName = new Map(files.map((e) => [e.name.replace(/\\/g, '/').toLowerCase(), e]));
  const project = byLowerName.get('project.qde');
  if (!project) {
    const nested = files.find((e) => /(^|\/)[^/]*\.qde$/i.test(e.name));
    throw new QdpxError(`${filename} has no project.qde at its top level${nested ? ` (it holds ${nested.name}; a .qdpx keeps project.qde beside the sources folder, not inside another folder)` : ''}, so it is not a REFI-QDA project`);
  }
  const budget = new ExpansionBudget(filename, content.length, limits);
  const projectXml = decodeUtf8(filename, 'project.qde', await inflate(filename, project, budget));
  return {
    filename,
    projectXml,
    entryFor(internalPath) {
      const relative = `sources/${internalPath.replace(/^internal:\/\//i, '').replace(/\\/g, '/')}`;
      return (byName.get(relative) ?? byLowerName.get(relative.toLowerCase()))?.name;
    },
    async readText(entryName) {
      const entry = byName.get(entryName.replace(/\\/g, '/'));
      if (!entry) throw new QdpxError(`${filename} has no entry ${entryName}`);
      return decodeUtf8(filename, entryName, await inflate(filename, entry, budget));
    },
  };
}

/** A .qdpx archive of project.qde and the text files, each under sources/ by the name its internal:// path gives. */
export async function writeQdpx(projectXml: string, texts: { name: string; content: string }[], date: Date): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('project.qde', projectXml, { date });
  for (const text of texts) zip.file(`sources/${text.name}`, text.content, { date, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}
