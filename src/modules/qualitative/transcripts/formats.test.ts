import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../text-positions.ts';
import { formatFromFilename, readTranscript } from './formats.ts';
import { buildDocx, commentedParagraph, imageParagraph, paragraph, trackedDeletion, trackedInsertion } from './test-documents.ts';

describe('reading transcripts of each format', () => {
  it('knows formats by file name', () => {
    expect(['a.TXT', 'b.docx', 'c.vtt', 'd.srt', 'e.doc', 'noext'].map(formatFromFilename)).toEqual(['text', 'docx', 'vtt', 'srt', undefined, undefined]);
  });

  it('reads a Word document paragraph by paragraph and finds its speaker turns', async () => {
    const docx = await buildDocx([paragraph('Interviewer: How did it go?'), paragraph('SM01: Well — mostly 😀.'), paragraph('It took time.')]);
    const { content, turns } = await readTranscript('docx', docx, 'sm01.docx');
    expect(content).toBe('Interviewer: How did it go?\n\nSM01: Well — mostly 😀.\n\nIt took time.');
    expect(turns.map((t) => [t.speaker, sliceCodePoints(content, t.start, t.end)])).toEqual([
      ['Interviewer', 'How did it go?'],
      ['SM01', 'Well — mostly 😀.\n\nIt took time.'],
    ]);
  });

  it.each([
    ['tracked changes', [paragraph('One'), paragraph('Two'), trackedInsertion('added'), paragraph('Four'), trackedDeletion('gone')], {}, 'sm02.docx: it contains tracked insertions (paragraph 3); tracked deletions (paragraph 5). In Word, accept or reject every tracked change, save'],
    ['comments', [paragraph('One'), commentedParagraph('Two')], { comments: true }, 'it contains comments (paragraph 2). In Word, delete the comments'],
    ['comments without anchors', [paragraph('One')], { comments: true }, 'it contains comments. In Word, delete the comments'],
    ['images', [paragraph('One'), paragraph('Two'), imageParagraph()], {}, 'it contains images or drawings (paragraph 3). In Word, remove the images and drawings'],
    ['all three', [trackedInsertion('a'), commentedParagraph('b'), imageParagraph(), imageParagraph()], { comments: true }, 'tracked insertions (paragraph 1); comments (paragraph 2); images or drawings (paragraphs 3, 4)'],
  ])('refuses a .docx with %s, naming what and where', async (_case, paragraphs, options, message) => {
    const docx = await buildDocx(paragraphs, options);
    await expect(readTranscript('docx', docx, 'sm02.docx')).rejects.toThrow(message);
    await expect(readTranscript('docx', docx, 'sm02.docx')).rejects.toThrow('Nothing was imported.');
  });

  it('refuses a file that is not a Word document, and text that is not UTF-8', async () => {
    await expect(readTranscript('docx', Buffer.from('plain text'), 'old.docx')).rejects.toThrow('old.docx: the file could not be opened as a Word document');
    await expect(readTranscript('text', Buffer.from([0x66, 0xe9, 0x65]), 'latin1.txt')).rejects.toThrow('latin1.txt: the file is not UTF-8 text');
    await expect(readTranscript('text', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61), 'big.txt')).rejects.toThrow('larger than 20 MB');
    // UTF-16 text decodes as UTF-8 with a NUL after every letter; the database could not store it.
    await expect(readTranscript('text', Buffer.from('Interviewer: hello', 'utf16le'), 'utf16.txt')).rejects.toThrow('utf16.txt: the file holds a character that typed text never does');
    await expect(readTranscript('srt', 'one\u0000two', 'pasted.srt')).rejects.toThrow('pasted.srt: the file holds a character');
  });
});
