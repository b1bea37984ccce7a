import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { listCodes, listSources } from '../service.ts';
import { registerRefiApi, sendExchangeFile } from './api.ts';
import { defaultLimits } from './archive.ts';
import { exportCodebook, exportQdpx } from './export.ts';
import { importQdpx } from './import.ts';

/**
 * The exchange page: download the project (.qdpx) or the codebook (.qdc) for another QDA program,
 * or upload a .qdpx from one and see what was imported and every part that was not. Multipart
 * uploads are parsed only inside this plugin's scope.
 */

type Params = { evaluation: string };

interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}

const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);
const limitText = `${defaultLimits.maxArchiveBytes / 1024 / 1024} MB`;

const importForm = z.object({ file: z.unknown().optional() }).transform((form, ctx) => {
  const file = form.file;
  const problem = !isUpload(file) || (!file.filename && !file.content.length)
    ? 'Choose a REFI-QDA project file (.qdpx) to import'
    : file.tooLarge
      ? `The file must be smaller than ${limitText}: export the project without its audio, video and picture files`
      : !file.content.length
        ? 'The file is empty'
        : !/\.qdpx$/i.test(file.filename)
          ? `"${file.filename}" is not a .qdpx file: choose the project file your QDA software exported (REFI-QDA project, .qdpx)`
          : undefined;
  if (problem || !isUpload(file)) {
    ctx.addIssue({ code: 'custom', path: ['file'], message: problem ?? 'Choose a file' });
    return z.NEVER;
  }
  return { file };
});

async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  Object.assign(part, { value: { filename: part.filename, content, tooLarge: part.file.truncated } satisfies Upload });
}

function registerPages(app: FastifyInstance, { database, clock }: ModuleDeps): void {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/qualitative`;

  const renderPage = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const [codes, sources] = await Promise.all([listCodes(db, evaluationId), listSources(db, evaluationId)]);
    const codings = codes.reduce((n, c) => n + c.codings, 0);
    return reply.code(errors ? 400 : 200).view('qualitative/refi/views/exchange.njk', {
      title: 'Exchange with other QDA software',
      counts: { codes: codes.length, sources: sources.length, codings },
      base: base(request),
      limitText,
      errors,
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/qualitative/exchange', { config: { access: member('researcher') } }, (request, reply) => renderPage(request, reply));

  app.get<{ Params: Params }>('/evaluations/:evaluation/qualitative/export.qdpx', { config: { access: member('researcher') } }, async (request, reply) =>
    sendExchangeFile(reply, await exportQdpx(db, request.user!.id, request.evaluation!.id, clock())),
  );

  app.get<{ Params: Params }>('/evaluations/:evaluation/qualitative/codebook.qdc', { config: { access: member('researcher') } }, async (request, reply) =>
    sendExchangeFile(reply, await exportCodebook(db, request.user!.id, request.evaluation!.id)),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/qualitative/import', { config: { access: member('researcher') } }, async (request, reply) => {
    const result = await submitForm(importForm, request.body ?? {}, ({ file }) =>
      importQdpx(db, request.user!.id, request.evaluation!.id, { content: file.content, filename: file.filename }),
    );
    if (!result.ok) return renderPage(request, reply, result.errors);
    return reply.code(201).view('qualitative/refi/views/import-result.njk', { title: 'Project imported', report: result.value, base: base(request) });
  });
}

export async function registerRefiRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      onFile: readUpload,
      limits: { fileSize: defaultLimits.maxArchiveBytes, files: 1, fields: 5, fieldSize: 10_000, parts: 6 },
    });
    registerPages(scope, deps);
    await registerRefiApi(scope, deps);
  });
}
