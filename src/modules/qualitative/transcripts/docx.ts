import JSZip from 'jszip';
import { expansionProblem } from '../../zip-expansion.ts';
import { transcriptProblem } from './problems.ts';

/**
 * Word transcripts. A document with tracked changes, comments or images is refused before it is
 * converted: raw-text extraction would silently keep deleted words, drop insertions' context or
 * lose what an image showed, and nobody would know the coded text differs from what they read.
 */

type FindingKind = 'insertion' | 'deletion' | 'move' | 'comment' | 'image';

export interface DocxFinding {
  kind: FindingKind;
  /** Counting every paragraph of the document body from 1, including empty ones and those in tables. */
  paragraph: number | null;
}

const elementKinds: Record<string, FindingKind> = {
  'w:ins': 'insertion',
  'w:del': 'deletion',
  'w:moveFrom': 'move',
  'w:moveTo': 'move',
  'w:commentRangeStart': 'comment',
  'w:commentReference': 'comment',
  'w:drawing': 'image',
  'w:pict': 'image',
  'w:object': 'image',
};

// Opening tags only; (?=[\s/>]) keeps <w:p> apart from <w:pPr> and <w:ins> apart from <w:instrText>.
const interesting = /<(w:p|w:ins|w:del|w:moveFrom|w:moveTo|w:commentRangeStart|w:commentReference|w:drawing|w:pict|w:object)(?=[\s/>])/g;

/** What in the document body would make its text differ from what a reader of it sees. */
export function findingsInDocumentXml(xml: string): DocxFinding[] {
  const findings: DocxFinding[] = [];
  const seen = new Set<string>();
  let paragraph = 0;
  for (const match of xml.matchAll(interesting)) {
    const element = match[1]!;
    if (element === 'w:p') {
      paragraph += 1;
      continue;
    }
    const kind = elementKinds[element]!;
    const key = `${kind}@${paragraph}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ kind, paragraph: paragraph || null });
  }
  return findings;
}

const maxPlaces = 8;

function places(paragraphs: (number | null)[]): string {
  const numbers = [...new Set(paragraphs.filter((p): p is number => p !== null))];
  if (!numbers.length) return '';
  const shown = numbers.slice(0, maxPlaces).join(', ');
  const more = numbers.length > maxPlaces ? ` and ${numbers.length - maxPlaces} more` : '';
  return ` (paragraph${numbers.length > 1 ? 's' : ''} ${shown}${more})`;
}

const phrases: Record<FindingKind, { what: string; fix: string }> = {
  insertion: { what: 'tracked insertions', fix: 'accept or reject every tracked change' },
  deletion: { what: 'tracked deletions', fix: 'accept or reject every tracked change' },
  move: { what: 'tracked moves', fix: 'accept or reject every tracked change' },
  comment: { what: 'comments', fix: 'delete the comments' },
  image: { what: 'images or drawings', fix: 'remove the images and drawings' },
};

/** One sentence naming everything found and where, and what to do about it in Word. */
export function describeFindings(findings: DocxFinding[]): string {
  const kinds = [...new Set(findings.map((f) => f.kind))];
  const found = kinds.map((kind) => `${phrases[kind].what}${places(findings.filter((f) => f.kind === kind).map((f) => f.paragraph))}`);
  const fixes = [...new Set(kinds.map((kind) => phrases[kind].fix))];
  return `it contains ${found.join('; ')}. In Word, ${fixes.join(', ')}, save the document and upload it again (paragraphs are counted from the start, including empty ones and those in tables)`;
}

async function openDocx(buffer: Buffer, fileName: string): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw transcriptProblem(fileName, 'the file could not be opened as a Word document (.docx); a .doc from older versions of Word must be saved as .docx first');
  }
  // The document's parts are read whole into memory here and by mammoth: a zip bomb is stopped first (test/fuzz/zip-bombs.test.ts).
  const tooBig = await expansionProblem(buffer);
  if (tooBig) throw transcriptProblem(fileName, `the document was not read: ${tooBig}`);
  return zip;
}

/** Refuses a document with tracked changes, comments or images, naming what was found and where. */
export async function checkDocx(buffer: Buffer, fileName: string): Promise<void> {
  const zip = await openDocx(buffer, fileName);
  const body = zip.file('word/document.xml');
  if (!body) throw transcriptProblem(fileName, 'the file is a zip archive but not a Word document: it has no word/document.xml');
  const findings = findingsInDocumentXml(await body.async('string'));
  // Comments whose anchors were lost still sit in the comments part, and still say something.
  const comments = zip.file('word/comments.xml');
  if (comments && /<w:comment[\s>]/.test(await comments.async('string')) && !findings.some((f) => f.kind === 'comment')) {
    findings.push({ kind: 'comment', paragraph: null });
  }
  if (findings.length) throw transcriptProblem(fileName, describeFindings(findings));
}

/** The document's text, one paragraph per line with a blank line between paragraphs. */
export async function docxText(buffer: Buffer, fileName: string): Promise<string> {
  await checkDocx(buffer, fileName);
  // Loaded by the first Word file read, not by every server.
  const { default: mammoth } = await import('mammoth');
  const result = await mammoth.extractRawText({ buffer });
  return result.value.replace(/\n{3,}/g, '\n\n');
}
