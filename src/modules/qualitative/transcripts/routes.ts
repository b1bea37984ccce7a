import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { listInterviews } from '../interviews/interviews.ts';
import { evaluationBase, idParam, items, type FormValues, type Params } from '../interviews/page-helpers.ts';
import { registerTranscriptApi } from './api.ts';
import { editTranscript, transcriptEdit } from './editing.ts';
import { formatFromFilename, formatNames, maxTranscriptBytes } from './formats.ts';
import { importTranscript } from './importing.ts';
import { listNeedingReview, markReviewed } from './review.ts';
import { deleteTranscript, getTranscript, listTranscripts } from './transcripts.ts';

/**
 * Transcript pages: the list, importing a file or pasted text, reading one with its codings
 * marked, editing its text, and the codings an edit left to review. Uploads are parsed only
 * inside this plugin, so no other form accepts files; the edit form is multipart too, so a long
 * transcript is not cut off by the site-wide limit on ordinary forms.
 */

type SourceParams = Params & { source: string };

interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}

const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);

async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  Object.assign(part, { value: { filename: part.filename, content, tooLarge: part.file.truncated } satisfies Upload });
}

const fileTypes = 'a plain text (.txt), Word (.docx), WebVTT (.vtt) or SubRip (.srt) file';

const importForm = z
  .object({
    interviewId: z.string({ error: 'Choose the interview' }).uuid('Choose the interview'),
    name: z.string().trim().max(300, 'The name must be 300 characters or fewer').optional(),
    file: z.unknown().optional(),
    pasted: z.string().optional(),
  })
  .transform((form, ctx) => {
    const file = isUpload(form.file) && (form.file.filename || form.file.content.length) ? form.file : undefined;
    const pasted = form.pasted?.trim() ? form.pasted : undefined;
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    if (file && pasted) return fail('file', 'Choose a file or paste the text, not both');
    if (pasted) return { interviewId: form.interviewId, name: form.name, format: 'text' as const, content: pasted, fileName: 'the pasted text' };
    if (!file) return fail('file', `Choose ${fileTypes}, or paste the text`);
    if (file.tooLarge) return fail('file', `${file.filename} is larger than 20 MB`);
    const format = formatFromFilename(file.filename);
    if (!format) return fail('file', `${file.filename} is not ${fileTypes}`);
    return { interviewId: form.interviewId, name: form.name, format, content: file.content, fileName: file.filename };
  });

const editOutcome = z.object({ revision: z.coerce.number().int(), moved: z.coerce.number().int(), flagged: z.coerce.number().int() }).partial();

function registerPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const transcriptsBase = (request: FastifyRequest) => `${evaluationBase(request)}/transcripts`;

  app.get<{ Params: Params }>('/evaluations/:evaluation/transcripts', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('qualitative/transcripts/views/transcripts.njk', { title: 'Transcripts', transcripts: await listTranscripts(db, request.evaluation!.id) }),
  );

  const renderImport = async (reply: FastifyReply, request: FastifyRequest, values: FormValues, errors?: FormErrors) => {
    const interviews = await listInterviews(db, request.evaluation!.id);
    const choices = interviews.map((i) => ({ value: i.id, text: `${i.participantLabel}${i.heldOn ? `, ${i.heldOn}` : ''}${i.consentTranscribe ? '' : ' (no consent to transcribe)'}` }));
    return reply.code(errors ? 400 : 200).view('qualitative/transcripts/views/import.njk', {
      title: 'Add a transcript',
      values,
      errors,
      interviewItems: items(choices, values.interviewId, 'Choose the interview'),
      formatNames: Object.values(formatNames),
    });
  };

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/transcripts/import', { config: { access: member('researcher') } }, (request, reply) =>
    renderImport(reply, request, { interviewId: typeof request.query.interview === 'string' ? request.query.interview : '' }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/transcripts/import', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = (request.body ?? {}) as FormValues;
    const result = await submitForm(importForm, body, (upload) => importTranscript(db, request.user!.id, request.evaluation!.id, upload));
    if (!result.ok) return renderImport(reply, request, { interviewId: body.interviewId, name: body.name, pasted: body.pasted }, result.errors);
    return reply.redirect(`${transcriptsBase(request)}/${result.value.id}`, 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/transcripts/needs-review', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('qualitative/transcripts/views/needs-review.njk', { title: 'Codings to review after edits', codings: await listNeedingReview(db, request.evaluation!.id, request.user!.id) }),
  );

  app.post<{ Params: Params & { coding: string } }>('/evaluations/:evaluation/transcripts/codings/:coding/reviewed', { config: { access: member('coder') } }, async (request, reply) => {
    await markReviewed(db, request.user!.id, request.evaluation!.id, idParam(request.params.coding, 'Coding needing review'));
    return reply.redirect(`${transcriptsBase(request)}/needs-review`, 303);
  });

  app.get<{ Params: SourceParams; Querystring: Record<string, string> }>('/evaluations/:evaluation/transcripts/:source', { config: { access: member('coder') } }, async (request, reply) => {
    const transcript = await getTranscript(db, request.evaluation!.id, idParam(request.params.source, 'Transcript'), request.user!.id);
    const edited = editOutcome.safeParse(request.query);
    return reply.view('qualitative/transcripts/views/transcript.njk', { title: transcript.source.name, transcript, edited: edited.success && edited.data.revision ? edited.data : null });
  });

  const renderEdit = async (reply: FastifyReply, request: FastifyRequest, values: FormValues, errors?: FormErrors) => {
    const transcript = await getTranscript(db, request.evaluation!.id, idParam((request.params as SourceParams).source, 'Transcript'));
    return reply.code(errors ? 400 : 200).view('qualitative/transcripts/views/edit.njk', {
      title: `Edit ${transcript.source.name}`,
      transcript,
      values,
      errors,
      codings: transcript.codings.length,
      hasTimes: transcript.source.turns.some((t) => t.startMs !== null),
    });
  };

  app.get<{ Params: SourceParams }>('/evaluations/:evaluation/transcripts/:source/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const transcript = await getTranscript(db, request.evaluation!.id, idParam(request.params.source, 'Transcript'));
    return renderEdit(reply, request, { content: transcript.source.content, revision: String(transcript.source.revision) });
  });

  app.post<{ Params: SourceParams }>('/evaluations/:evaluation/transcripts/:source/edit', { bodyLimit: maxTranscriptBytes * 2, config: { access: member('researcher') } }, async (request, reply) => {
    const sourceId = idParam(request.params.source, 'Transcript');
    const body = (request.body ?? {}) as FormValues;
    const result = await submitForm(transcriptEdit, body, (data) => editTranscript(db, request.user!.id, request.evaluation!.id, sourceId, data));
    if (!result.ok) return renderEdit(reply, request, { content: body.content, revision: body.revision, redetectTurns: body.redetectTurns }, result.errors);
    const { revision, moved, flagged } = result.value;
    return reply.redirect(`${transcriptsBase(request)}/${sourceId}?revision=${revision}&moved=${moved}&flagged=${flagged.length}`, 303);
  });

  app.post<{ Params: SourceParams }>('/evaluations/:evaluation/transcripts/:source/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    await deleteTranscript(db, request.user!.id, request.evaluation!.id, idParam(request.params.source, 'Transcript'));
    return reply.redirect(transcriptsBase(request), 303);
  });
}

export async function registerTranscripts(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      onFile: readUpload,
      // Pasted or edited text arrives as a field, so fields may be as large as a file.
      limits: { fileSize: maxTranscriptBytes, files: 1, fields: 10, fieldSize: maxTranscriptBytes, parts: 12 },
    });
    registerPages(scope, deps);
    await registerTranscriptApi(scope, deps);
  });
}
