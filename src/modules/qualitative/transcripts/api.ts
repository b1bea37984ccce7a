import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { badRequest } from '../../../http/errors.ts';
import { valences } from '../service.ts';
import { editTranscript } from './editing.ts';
import { maxTranscriptBytes, transcriptFormats } from './formats.ts';
import { importTranscript } from './importing.ts';
import { listNeedingReview, markReviewed } from './review.ts';
import { deleteTranscript, getTranscript, listTranscripts } from './transcripts.ts';

/** The JSON API for transcripts: import, read, edit with re-anchoring, and the review list. */

const tags = ['Transcripts'];
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const sourceParams = params.extend({ source: z.string() });

const importBody = z.object({
  format: z.enum(transcriptFormats).describe('text, docx, vtt or srt'),
  content: z.string().optional().describe('The text of a text, vtt or srt file'),
  contentBase64: z.string().optional().describe('The bytes of the file in base64; required for docx'),
  fileName: z.string().optional().describe('Named in error messages'),
  name: z.string().optional().describe('The transcript name; made from the interview when absent'),
});

const turnOut = z.object({ position: z.number(), speaker: z.string(), start: z.number(), end: z.number(), startMs: z.number().nullable(), endMs: z.number().nullable() });
const codingOut = z.object({
  id: z.string(),
  codeId: z.string(),
  codeName: z.string(),
  start: z.number(),
  end: z.number(),
  valence: z.enum(valences),
  needsReview: z.boolean(),
  reviewNote: z.string(),
});
const transcriptOut = z.object({
  id: z.string(),
  name: z.string(),
  interviewId: z.string().nullable(),
  participantId: z.string().nullable(),
  content: z.string(),
  revision: z.number(),
  importedFrom: z.string(),
  turns: z.array(turnOut).describe('Speaker turns; positions are Unicode code points, end exclusive'),
  codings: z.array(codingOut),
});

async function transcriptResponse(db: ModuleDeps['database']['db'], evaluationId: string, sourceId: string, viewerId: string): Promise<z.infer<typeof transcriptOut>> {
  const { source, codings } = await getTranscript(db, evaluationId, sourceId, viewerId);
  return {
    id: source.id,
    name: source.name,
    interviewId: source.interviewId,
    participantId: source.participantId,
    content: source.content,
    revision: source.revision,
    importedFrom: source.importedFrom,
    turns: source.turns,
    codings: codings.map((c) => ({ id: c.id, codeId: c.codeId, codeName: c.codeName, start: c.start, end: c.end, valence: c.valence, needsReview: c.needsReview, reviewNote: c.reviewNote })),
  };
}

export async function registerTranscriptApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const base = '/api/v1/evaluations/:evaluation';

  app.get(`${base}/transcripts`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'List transcripts',
      params,
      querystring: z.object({ interviewId: z.string().optional() }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), name: z.string(), interviewId: z.string().nullable(), participantLabel: z.string().nullable(), revision: z.number(), length: z.number(), needsReview: z.number() })),
        }),
      },
    },
  }, async (request) => ({ items: await listTranscripts(db, request.evaluation!.id, request.query) }));

  app.post(`${base}/interviews/:interview/transcripts`, {
    config: { access: member('researcher') },
    // Base64 makes a 20 MB file about 27 MB.
    bodyLimit: Math.ceil(maxTranscriptBytes * 1.4),
    schema: {
      tags,
      summary: 'Import a transcript for an interview whose participant consented to transcription',
      description: 'Plain text finds speaker turns from labels like "Interviewer:", "SM01:", "Q:" and "A:"; captions keep their times; a .docx with tracked changes, comments or images is refused. All or nothing: a problem answers 400 naming the file and place, and stores nothing.',
      params: params.extend({ interview: z.string() }),
      body: importBody,
      response: { 201: transcriptOut },
    },
  }, async (request, reply) => {
    const { format, content, contentBase64, fileName, name } = request.body;
    if ((content === undefined) === (contentBase64 === undefined)) throw badRequest('Send either content (text) or contentBase64 (the file in base64)', [{ field: 'content', message: 'Send either content or contentBase64' }]);
    const source = await importTranscript(db, request.user!.id, request.evaluation!.id, {
      interviewId: request.params.interview,
      format,
      content: contentBase64 !== undefined ? Buffer.from(contentBase64, 'base64') : content!,
      fileName: fileName || `the ${format} transcript`,
      name,
    });
    return reply.code(201).send(await transcriptResponse(db, request.evaluation!.id, source.id, request.user!.id));
  });

  app.get(`${base}/transcripts/needs-review`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'Codings an edit of their text flagged for review',
      params,
      response: { 200: z.object({ items: z.array(z.object({ codingId: z.string(), sourceId: z.string(), sourceName: z.string(), codeName: z.string(), start: z.number(), end: z.number(), text: z.string(), reviewNote: z.string() })) }) },
    },
  }, async (request) => ({ items: await listNeedingReview(db, request.evaluation!.id, request.user!.id) }));

  app.post(`${base}/codings/:coding/reviewed`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'Clear the review flag of a coding once checked', params: params.extend({ coding: z.string() }) },
  }, async (request, reply) => {
    await markReviewed(db, request.user!.id, request.evaluation!.id, request.params.coding);
    return reply.code(204).send();
  });

  app.get(`${base}/transcripts/:source`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'A transcript with its speaker turns and codings (only your own while you code it blind in an open agreement round)', params: sourceParams, response: { 200: transcriptOut } },
  }, async (request) => transcriptResponse(db, request.evaluation!.id, request.params.source, request.user!.id));

  app.put(`${base}/transcripts/:source`, {
    config: { access: member('researcher') },
    bodyLimit: maxTranscriptBytes * 2,
    schema: {
      tags,
      summary: 'Replace the text of a transcript, re-anchoring its codings and turns',
      description: 'Send the revision you edited: if someone saved since, the answer is 409. Codings whose words are untouched move with the text; codings whose words changed or were deleted are kept, flagged needs_review with a note quoting the old words.',
      params: sourceParams,
      body: z.object({ content: z.string(), revision: z.number().int(), redetectTurns: z.boolean().optional().describe('Find speaker turns afresh from the labels (caption times are lost)') }),
      response: { 200: z.object({ revision: z.number(), moved: z.number(), flagged: z.array(z.object({ codingId: z.string(), note: z.string() })) }) },
    },
  }, async (request) => editTranscript(db, request.user!.id, request.evaluation!.id, request.params.source, request.body));

  app.delete(`${base}/transcripts/:source`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a transcript with its turns and codings', params: sourceParams },
  }, async (request, reply) => {
    await deleteTranscript(db, request.user!.id, request.evaluation!.id, request.params.source);
    return reply.code(204).send();
  });
}
