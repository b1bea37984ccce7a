import type { Readable } from 'node:stream';
import JSZip from 'jszip';

/**
 * A guard for the zip-based files people upload (Excel workbooks, Word documents) before a
 * library reads them whole: every entry is inflated as a stream and its bytes counted, so an
 * archive built to expand absurdly (a "zip bomb": a few hundred kilobytes that unpack to
 * gigabytes) is stopped while it is read, whatever sizes its directory declares. exceljs and
 * mammoth inflate each entry into one string in memory; without this a 200 KB workbook took
 * 45 seconds and half a gigabyte to read, and a larger one can exhaust the server's memory.
 */

export interface ExpansionLimits {
  /** The most bytes unpacked from the whole archive. */
  maxExpandedBytes: number;
  /** The most bytes unpacked per byte of archive, once past `ratioFloorBytes`. */
  maxRatio: number;
  /** Below this many unpacked bytes the ratio is not checked: small files may compress very well. */
  ratioFloorBytes: number;
  maxEntries: number;
}

const megabyte = 1024 * 1024;

/** Generous for real office files (a 100,000-row sheet unpacks to well under 300 MB, at ratios of 5–20). */
export const officeFileLimits: ExpansionLimits = { maxExpandedBytes: 300 * megabyte, maxRatio: 100, ratioFloorBytes: 20 * megabyte, maxEntries: 10_000 };

function counted(entry: JSZip.JSZipObject, take: (bytes: number) => string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const stream = entry.nodeStream('nodebuffer') as Readable;
    let done = false;
    const finish = (result: string | undefined) => {
      if (done) return;
      done = true;
      stream.destroy();
      resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      const problem = take(chunk.length);
      if (problem) finish(problem);
    });
    stream.on('end', () => finish(undefined));
    // A damaged entry is the reading library's to report, in its own words.
    stream.on('error', () => finish(undefined));
  });
}

/**
 * Why the archive must not be unpacked, as a clause about it ("it unpacks to …") for the caller's
 * sentence, or undefined when
 * it is within the limits. An archive that cannot be opened at all is left to the caller.
 */
export async function expansionProblem(content: Buffer, limits: ExpansionLimits = officeFileLimits): Promise<string | undefined> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(content, { createFolders: false });
  } catch {
    return undefined;
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > limits.maxEntries) return `it holds ${entries.length} packed parts, more than any real office file (${limits.maxEntries})`;
  let used = 0;
  const take = (bytes: number) => {
    used += bytes;
    if (used > limits.maxExpandedBytes) return `it unpacks to more than ${limits.maxExpandedBytes / megabyte} MB, more than Formative reads from one file`;
    if (used > limits.ratioFloorBytes && used > content.length * limits.maxRatio) {
      return `it unpacks to more than ${limits.maxRatio} times its size, as no real office file does, and looks built to exhaust the server's memory (a "zip bomb")`;
    }
    return undefined;
  };
  for (const entry of entries) {
    const problem = await counted(entry, take);
    if (problem) return problem;
  }
  return undefined;
}
