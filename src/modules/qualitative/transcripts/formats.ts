import { parseSrt, parseVtt, cuesToTranscript } from './captions.ts';
import { docxText } from './docx.ts';
import { transcriptProblem } from './problems.ts';
import { detectTurns, type ParsedTranscript } from './turn-detection.ts';

/** The transcript formats Formative reads, and how each becomes text with speaker turns. */

export const transcriptFormats = ['text', 'docx', 'vtt', 'srt'] as const;
export type TranscriptFormat = (typeof transcriptFormats)[number];

export const formatNames: Record<TranscriptFormat, string> = {
  text: 'plain text (.txt)',
  docx: 'Word (.docx)',
  vtt: 'WebVTT captions (.vtt)',
  srt: 'SubRip captions (.srt)',
};

/** 20 MB: a long interview with captions is well under 2 MB, so anything larger is a mistake. */
export const maxTranscriptBytes = 20 * 1024 * 1024;

const extensions: Record<string, TranscriptFormat> = { txt: 'text', text: 'text', md: 'text', docx: 'docx', vtt: 'vtt', srt: 'srt' };

export function formatFromFilename(fileName: string): TranscriptFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension ? extensions[extension] : undefined;
}

/** Text files must be UTF-8: guessing another encoding would change letters without a word. */
function utf8(content: Buffer | string, fileName: string): string {
  let text: string;
  try {
    text = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw transcriptProblem(fileName, 'the file is not UTF-8 text; save it as UTF-8 (in Notepad or Word: "Save as", encoding UTF-8) and upload it again');
  }
  // Typed text never holds a NUL (UTF-16 text and binary files do), and PostgreSQL cannot store one.
  if (text.includes('\u0000')) throw transcriptProblem(fileName, 'the file holds a character that typed text never does (a NUL): it may be UTF-16 text or not text at all; save it as UTF-8 text and upload it again');
  return text;
}

/** Reads a transcript of any supported format; a problem throws, naming the file and the place. */
export async function readTranscript(format: TranscriptFormat, content: Buffer | string, fileName: string): Promise<ParsedTranscript> {
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  if (size > maxTranscriptBytes) throw transcriptProblem(fileName, 'the file is larger than 20 MB');
  if (format === 'docx') {
    if (typeof content === 'string') throw transcriptProblem(fileName, 'a Word document must be sent as the file itself, not as text');
    return detectTurns(await docxText(content, fileName));
  }
  const text = utf8(content, fileName);
  if (format === 'vtt') return cuesToTranscript(parseVtt(text, fileName));
  if (format === 'srt') return cuesToTranscript(parseSrt(text, fileName));
  return detectTurns(text);
}
