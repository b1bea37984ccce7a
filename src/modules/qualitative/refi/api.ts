import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { badRequest } from '../../../http/errors.ts';
import { defaultLimits } from './archive.ts';
import { exportCodebook, exportQdpx, type ExchangeFile } from './export.ts';
import { importQdpx } from './import.ts';

/**
 * REFI-QDA exchange over the API: GET the project as .qdpx or the codebook as .qdc; POST a .qdpx
 * as the request body (Content-Type application/zip or application/octet-stream) to import it.
 */

const tags = ['Qualitative'];
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
export const zipTypes = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

const reportOut = z.object({
  project: z.object({ name: z.string(), origin: z.string() }).describe('The name and origin the project file gives'),
  imported: z.object({
    codes: z.number(),
    participants: z.number().describe('Cases that became new participants'),
    participantsMatched: z.number().describe('Cases matched by name to participants already in the evaluation'),
    attributes: z.number(),
    sources: z.number(),
    codings: z.number(),
    memos: z.number(),
  }),
  coders: z.array(z.object({ name: z.string(), memberId: z.string().nullable(), memberName: z.string().nullable(), codings: z.number() })).describe('Each user in the file who coded, and the member matched by e-mail or name'),
  notImported: z.array(z.object({ element: z.string(), name: z.string(), reason: z.string() })).describe('Every part of the project that was left out, with the reason'),
});

/** Sends an export as a download that shared caches must not keep. */
export function sendExchangeFile(reply: FastifyReply, file: ExchangeFile): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .type(file.contentType)
    .send(file.body);
}

export async function registerRefiApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  app.addContentTypeParser(zipTypes, { parseAs: 'buffer', bodyLimit: defaultLimits.maxArchiveBytes }, (_request, body, done) => done(null, body));

  app.get('/api/v1/evaluations/:evaluation/qualitative/export.qdpx', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Download the qualitative project as a REFI-QDA .qdpx archive',
      description: 'project.qde (users, codebook, cases with variables, text sources with their coded selections, notes) and each source as a UTF-8 text file, for NVivo, ATLAS.ti, MAXQDA, QualCoder and other QDA software.',
      params,
    },
  }, async (request, reply) => sendExchangeFile(reply, await exportQdpx(db, request.user!.id, request.evaluation!.id, clock())));

  app.get('/api/v1/evaluations/:evaluation/qualitative/codebook.qdc', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Download the codebook as a REFI-QDA .qdc file', description: 'Codes nested as in Formative, with colours and descriptions. Answers 400 when there are no codes.', params },
  }, async (request, reply) => sendExchangeFile(reply, await exportCodebook(db, request.user!.id, request.evaluation!.id)));

  app.post('/api/v1/evaluations/:evaluation/qualitative/import', {
    config: { access: member('researcher') },
    bodyLimit: defaultLimits.maxArchiveBytes,
    schema: {
      tags,
      summary: 'Import a REFI-QDA project (.qdpx) into the evaluation',
      description: 'Send the .qdpx file as the body, as application/zip or application/octet-stream. Codes, cases (as participants), text sources, codings and notes are imported in one transaction; the answer lists every part that was not imported. A file that cannot be read, or a selection outside its text, imports nothing and answers 400 naming the file and the place.',
      params,
      querystring: z.object({ filename: z.string().max(300).optional().describe('The file\'s name, for messages and the sources\' provenance') }),
      response: { 201: reportOut },
    },
  }, async (request: FastifyRequest<{ Params: { evaluation: string }; Querystring: { filename?: string } }>, reply) => {
    if (!Buffer.isBuffer(request.body)) {
      throw badRequest('Send the .qdpx file itself as the request body, with Content-Type application/zip or application/octet-stream', [{ field: 'body', message: 'Send the .qdpx file as the body' }]);
    }
    const filename = request.query.filename?.trim() || 'upload.qdpx';
    return reply.code(201).send(await importQdpx(db, request.user!.id, request.evaluation!.id, { content: request.body, filename }));
  });
}
