import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { purposes } from '../service.ts';
import { registerSurveyImportApi } from './api.ts';
import { maxImportBytes, type ImportReport } from './report.ts';
import { importSurvey, kindFromFilename } from './service.ts';

/**
 * The import page: a researcher uploads a .lss or REDCap .csv and sees what was imported and
 * every part that was not. Multipart uploads are parsed only inside this plugin, so no other
 * form in the application accepts files.
 */

type Params = { evaluation: string };

/** An uploaded file as the multipart parser leaves it in the body. */
interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}

const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);

const chooseFile = 'Choose a LimeSurvey survey structure (.lss) or a REDCap data dictionary (.csv)';

const importForm = z
  .object({
    file: z.unknown().optional(),
    title: z.string().trim().max(300, 'Title must be 300 characters or fewer').optional(),
    purpose: z.enum(purposes, { error: 'Choose whether this is a pre-test, a pilot or the main survey' }).default('main'),
  })
  .transform((form, ctx) => {
    const file = form.file;
    const problem = !isUpload(file) || (!file.filename && !file.content.length)
      ? chooseFile
      : file.tooLarge
        ? 'The file must be smaller than 10 MB'
        : !file.content.length
          ? 'The file is empty'
          : !kindFromFilename(file.filename)
            ? `"${file.filename}" is neither a .lss nor a .csv file: ${chooseFile.charAt(0).toLowerCase()}${chooseFile.slice(1)}`
            : undefined;
    if (problem || !isUpload(file)) {
      ctx.addIssue({ code: 'custom', path: ['file'], message: problem ?? chooseFile });
      return z.NEVER;
    }
    return { ...form, file, kind: kindFromFilename(file.filename)! };
  });

/** Reads each uploaded file into memory, marking one cut off at the size limit instead of failing the request. */
async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  const upload: Upload = { filename: part.filename, content, tooLarge: part.file.truncated };
  Object.assign(part, { value: upload });
}

function formatSummary(report: ImportReport): string {
  const names: Record<string, string> = { likert: 'Likert', single: 'single choice', multiple: 'multiple choice', boolean: 'yes/no or true/false', scale: 'scale', number: 'number', text: 'free text', date: 'date' };
  return Object.entries(report.imported.formats).map(([format, n]) => `${n} ${names[format] ?? format}`).join(', ');
}

function registerImportPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const renderForm = (reply: FastifyReply, values: Record<string, unknown> = {}, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('surveys/imports/views/import.njk', { title: 'Import a survey', values, errors });

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/import', { config: { access: member('researcher') } }, (_request, reply) => renderForm(reply));

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/import', { config: { access: member('researcher') } }, async (request: FastifyRequest, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await submitForm(importForm, body, (form) =>
      importSurvey(db, request.user!.id, request.evaluation!.id, { kind: form.kind, content: form.file.content, filename: form.file.filename, purpose: form.purpose, ...(form.title ? { title: form.title } : {}) }),
    );
    const values = { title: body.title, purpose: body.purpose };
    if (!result.ok) return renderForm(reply, values, result.errors);
    const { survey, report } = result.value;
    return reply.code(201).view('surveys/imports/views/import-result.njk', { title: 'Survey imported', survey, report, formatSummary: formatSummary(report) });
  });
}

export async function registerSurveyImportRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      onFile: readUpload,
      limits: { fileSize: maxImportBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    });
    registerImportPages(scope, deps);
    await registerSurveyImportApi(scope, deps);
  });
}
