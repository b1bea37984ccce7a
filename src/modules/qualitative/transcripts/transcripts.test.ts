import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createInterview, getInterview } from '../interviews/interviews.ts';
import { createParticipant } from '../interviews/participants.ts';
import { addCoding, createCode, getSource, listCodings, listSources, segmentsForCode } from '../service.ts';
import { codePointLength } from '../text-positions.ts';
import { editTranscript } from './editing.ts';
import { importTranscript } from './importing.ts';
import { listNeedingReview, markReviewed } from './review.ts';
import { buildDocx, paragraph, trackedDeletion } from './test-documents.ts';
import { deleteTranscript, getTranscript, listTranscripts } from './transcripts.ts';

/** The code-point range of the first occurrence of `words` in `text`. */
function rangeOf(text: string, words: string) {
  const start = codePointLength(text.slice(0, text.indexOf(words)));
  return { start, end: start + codePointLength(words) };
}

describe.each(backends)('transcripts on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  let consenting: string;
  let refusing: string;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Transcripts' })).id;
    const sm01 = await createParticipant(database.db, userId, evaluationId, { label: 'SM01', roleCategory: 'Programme lead' });
    const sm02 = await createParticipant(database.db, userId, evaluationId, { label: 'SM02', roleCategory: 'Chief executive' });
    consenting = (await createInterview(database.db, userId, evaluationId, { participantId: sm01.id, heldOn: '2006-02-01', consentTranscribe: true, status: 'done' })).id;
    refusing = (await createInterview(database.db, userId, evaluationId, { participantId: sm02.id, consentTranscribe: false })).id;
  });
  afterAll(() => database.close());

  const sourceCount = async () => (await listSources(database.db, evaluationId)).length;

  it('imports each format with its speaker turns and moves the interview on to transcribed', async () => {
    const text = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'text', content: Buffer.from('Interviewer: Hello?\nSM01: Hello 😀.'), fileName: 'sm01.txt' });
    expect(text).toMatchObject({ name: 'Interview with SM01, 2006-02-01', importedFrom: 'plain text (.txt): sm01.txt', participantId: expect.any(String) });
    expect(text.turns.map((t) => t.speaker)).toEqual(['Interviewer', 'SM01']);
    expect((await getInterview(database.db, evaluationId, consenting)).status).toBe('transcribed');
    const vtt = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'vtt', content: 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v SM01>Yes.', fileName: 'sm01.vtt', name: 'Captions' });
    expect(vtt.turns).toEqual([{ position: 1, speaker: 'SM01', start: 6, end: 10, startMs: 1000, endMs: 2000 }]);
    const docx = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'docx', content: await buildDocx([paragraph('Q: Why?'), paragraph('A: Because.')]), fileName: 'sm01.docx' });
    expect(docx.content).toBe('Q: Why?\n\nA: Because.');
    const pasted = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'text', content: 'Pasted words', fileName: 'pasted text' });
    expect(pasted.turns).toHaveLength(1);
    expect((await listTranscripts(database.db, evaluationId, { interviewId: consenting })).map((t) => t.participantLabel)).toEqual(['SM01', 'SM01', 'SM01', 'SM01']);
  });

  it('stores nothing for a broken file or an interview without consent to transcribe', async () => {
    const before = await sourceCount();
    await expect(importTranscript(database.db, userId, evaluationId, { interviewId: refusing, format: 'text', content: 'words', fileName: 'x.txt' })).rejects.toThrow('SM02 did not consent to their interview being transcribed');
    await expect(importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'vtt', content: 'WEBVTT\n\n00:05.000 --> 00:04.000\nx', fileName: 'bad.vtt' })).rejects.toThrow('bad.vtt: cue 1 (line 3) ends');
    await expect(importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'docx', content: await buildDocx([paragraph('a'), trackedDeletion('b')]), fileName: 'tracked.docx' })).rejects.toThrow('tracked deletions (paragraph 2)');
    await expect(importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'text', content: '   \n', fileName: 'blank.txt' })).rejects.toThrow('there is no text in it');
    expect(await sourceCount()).toBe(before);
  });

  it('re-anchors codings and turns when the text is edited, flagging those whose words changed', async () => {
    const original = 'Interviewer: What helped?\nSM01: Honestly 😀 the tension for change helped. Money was short.\nInterviewer: And time?\nSM01: Time was the problem.';
    const source = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'text', content: original, fileName: 'edit.txt' });
    const code = await createCode(database.db, userId, evaluationId, { name: 'Tension for change' });
    const code2 = await createCode(database.db, userId, evaluationId, { name: 'Resources' });
    const tension = await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: code.id, ...rangeOf(original, 'the tension for change helped'), valence: 'facilitating' });
    const money = await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: code2.id, ...rangeOf(original, 'Money was short.') });
    const time = await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: code2.id, ...rangeOf(original, 'Time was the problem') });

    const edited = original.replace('Interviewer: What helped?', 'Interviewer: 🙂 So, what helped most?').replace('Money was short.', 'Funding was short.').replace('SM01: Time was the problem.', 'SM01: ').replace(/\n/g, '\r\n');
    const outcome = await editTranscript(database.db, userId, evaluationId, source.id, { content: edited, revision: 1 });
    expect(outcome).toMatchObject({ revision: 2, moved: 1 });
    expect(outcome.flagged.map((f) => f.codingId).sort()).toEqual([money.id, time.id].sort());

    const after = await getSource(database.db, evaluationId, source.id);
    expect(after.content).not.toContain('\r');
    expect(after.revision).toBe(2);
    const codings = new Map((await listCodings(database.db, evaluationId, source.id)).map((c) => [c.id, c]));
    expect(codings.get(tension.id)).toMatchObject({ needsReview: false, ...rangeOf(after.content, 'the tension for change helped') });
    expect(codings.get(money.id)).toMatchObject({ needsReview: true, reviewNote: "Revision 2: the coded text was edited: was 'Money was short.', now 'Funding was short.'." });
    expect(codings.get(time.id)!.reviewNote).toContain("the coded text was deleted: was 'Time was the problem'");
    expect(codings.get(time.id)!.end - codings.get(time.id)!.start).toBe(1);
    expect((await segmentsForCode(database.db, evaluationId, code.id)).find((s) => s.codingId === tension.id)?.text).toBe('the tension for change helped');
    expect(after.turns.map((t) => t.speaker)).toEqual(['Interviewer', 'SM01', 'Interviewer']);

    const review = await listNeedingReview(database.db, evaluationId);
    expect(review.map((r) => [r.codeName, r.text])).toContainEqual(['Resources', 'Funding was short.']);
    await markReviewed(database.db, userId, evaluationId, money.id);
    expect((await listNeedingReview(database.db, evaluationId)).map((r) => r.codingId)).toEqual([time.id]);
    await expect(markReviewed(database.db, userId, evaluationId, money.id)).rejects.toThrow('Coding needing review not found');
  });

  it('refuses an edit made on an old revision and an edit that empties a coded text', async () => {
    const source = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'text', content: 'SM01: One two three.', fileName: 'conflict.txt' });
    const code = await createCode(database.db, userId, evaluationId, { name: 'Anything' });
    await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: code.id, start: 6, end: 9 });
    await editTranscript(database.db, userId, evaluationId, source.id, { content: 'SM01: One, two three.', revision: 1 });
    await expect(editTranscript(database.db, userId, evaluationId, source.id, { content: 'SM01: changed', revision: 1 })).rejects.toThrow('it is now at revision 2; you edited revision 1');
    await expect(editTranscript(database.db, userId, evaluationId, source.id, { content: ' ', revision: 2 })).rejects.toThrow('cannot be emptied while 1 coding is on it');
    const redetected = await editTranscript(database.db, userId, evaluationId, source.id, { content: 'SM01: One, two three.\nInterviewer: Thanks.', revision: 2, redetectTurns: true });
    expect(redetected.revision).toBe(3);
    expect((await getSource(database.db, evaluationId, source.id)).turns.map((t) => t.speaker)).toEqual(['SM01', 'Interviewer']);
  });

  it('shows turns with coded pieces, and deletes a transcript with its codings', async () => {
    const content = 'Q: Why?\nA: Because 😀 it mattered.';
    const source = await importTranscript(database.db, userId, evaluationId, { interviewId: consenting, format: 'text', content, fileName: 'show.txt' });
    const code = await createCode(database.db, userId, evaluationId, { name: 'Reasons' });
    await addCoding(database.db, userId, evaluationId, { sourceId: source.id, codeId: code.id, ...rangeOf(content, '😀 it') });
    const transcript = await getTranscript(database.db, evaluationId, source.id);
    expect(transcript.turns[1]!.pieces.map((p) => [p.text, p.depth])).toEqual([['Because ', 0], ['😀 it', 1], [' mattered.', 0]]);
    expect(transcript.interview?.participantLabel).toBe('SM01');
    await deleteTranscript(database.db, userId, evaluationId, source.id);
    await expect(getTranscript(database.db, evaluationId, source.id)).rejects.toThrow('Transcript not found');
    expect(await segmentsForCode(database.db, evaluationId, code.id)).toEqual([]);
  });
});
