import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { uuid } from '../../shared-schemas.ts';
import { interviewForTranscript, markTranscribed, type Interview } from '../interviews/interviews.ts';
import { createSource, type Source } from '../service.ts';
import { formatNames, readTranscript, transcriptFormats, type TranscriptFormat } from './formats.ts';
import { transcriptProblem } from './problems.ts';

/**
 * Adding a transcript to an interview: read the file (or pasted text) into text and speaker
 * turns, then store it in one transaction with the interview's consent checked again inside it.
 * A problem anywhere stores nothing.
 */

export interface TranscriptUpload {
  interviewId: string;
  format: TranscriptFormat;
  /** The file's bytes, or pasted text. */
  content: Buffer | string;
  /** The file's name, or a description like "pasted text", used in messages. */
  fileName: string;
  /** The transcript's name; made from the interview when absent. */
  name?: string | undefined;
}

export const transcriptUpload = z.object({
  interviewId: uuid,
  format: z.enum(transcriptFormats),
  content: z.union([z.instanceof(Buffer), z.string()]),
  fileName: z.string().min(1).max(300),
  name: z.string().trim().max(300).optional(),
});

function defaultName(interview: Interview): string {
  return [`Interview with ${interview.participantLabel}`, interview.heldOn].filter(Boolean).join(', ');
}

export async function importTranscript(db: Db, actorId: string | null, evaluationId: string, upload: TranscriptUpload): Promise<Source> {
  const data = transcriptUpload.parse(upload);
  // Consent first: there is no point in fixing a file that may not be stored at all.
  await interviewForTranscript(db, evaluationId, data.interviewId);
  const parsed = await readTranscript(data.format, data.content, data.fileName);
  if (!parsed.content) throw transcriptProblem(data.fileName, 'there is no text in it');
  return inTransaction(db, async (trx) => {
    const interview = await interviewForTranscript(trx, evaluationId, data.interviewId);
    const source = await createSource(trx, actorId, evaluationId, {
      kind: 'transcript',
      name: data.name || defaultName(interview),
      content: parsed.content,
      interviewId: interview.id,
      participantId: interview.participantId,
      importedFrom: `${formatNames[data.format]}: ${data.fileName}`.slice(0, 300),
      turns: parsed.turns,
    });
    await markTranscribed(trx, evaluationId, interview);
    return source;
  });
}
