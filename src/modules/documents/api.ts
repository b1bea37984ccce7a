import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { badRequest } from '../../http/errors.ts';
import { maxDocumentBytes } from './extraction.ts';
import * as documents from './service.ts';

const tags = ['Documents'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const documentParams = evaluationParams.extend({ document: z.string().describe('The document id') });

const entryOut = z.object({
  id: z.string(),
  kind: z.enum(documents.documentKinds),
  title: z.string(),
  issuer: z.string(),
  issuedOn: z.string().nullable(),
  address: z.string(),
  accessedOn: z.string().nullable(),
  notes: z.string(),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  sha256: z.string().nullable(),
  hasText: z.boolean(),
  sourceId: z.string().nullable().describe('The qualitative source the document is coded in, once opened for coding'),
});
const entryBody = z.object({
  kind: z.enum(documents.documentKinds),
  title: z.string(),
  issuer: z.string().optional(),
  issuedOn: z.string().nullable().optional().describe('yyyy-mm-dd'),
  address: z.string().optional().describe('The web address it was found at'),
  accessedOn: z.string().nullable().optional().describe('yyyy-mm-dd'),
  notes: z.string().optional(),
  text: z.string().optional().describe('The text, for an entry without a file'),
});
const uploadBody = entryBody.extend({
  file: z
    .object({ name: z.string().min(1).max(255), contentBase64: z.string().describe('The file, base64-encoded: PDF, Word (.docx) or HTML') })
    .optional(),
});

const out = (e: documents.DocumentEntry) => ({ ...e, createdAt: undefined, kindLabel: undefined });

/** The register as JSON: list, add (with a base64 file), change, delete, read the text, open for coding. */
export async function registerDocumentApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/documents';

  app.get(path, {
    config: { access: member('coder') },
    schema: { tags, summary: "List the documents register", params: evaluationParams, response: { 200: z.object({ items: z.array(entryOut) }) } },
  }, async (request) => ({ items: (await documents.listDocuments(db, request.evaluation!.id)).map(out) }));

  app.post(path, {
    bodyLimit: Math.ceil((maxDocumentBytes * 4) / 3) + 1_000_000,
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a document, with its file when one is given (its text is extracted)', params: evaluationParams, body: uploadBody, response: { 201: entryOut } },
  }, async (request, reply) => {
    const { file, ...entry } = request.body;
    let upload: documents.DocumentFile | undefined;
    if (file) {
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(file.contentBase64)) throw badRequest('file.contentBase64 is not base64', [{ field: 'file.contentBase64', message: 'is not base64' }]);
      upload = { fileName: file.name, content: Buffer.from(file.contentBase64, 'base64') };
    }
    return reply.code(201).send(out(await documents.addDocument(db, request.user!.id, request.evaluation!.id, entry, upload)));
  });

  app.get(`${path}/:document`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One register entry', params: documentParams, response: { 200: entryOut } },
  }, async (request) => out(await documents.getDocument(db, request.evaluation!.id, request.params.document)));

  app.get(`${path}/:document/text`, {
    config: { access: member('coder') },
    schema: { tags, summary: "The document's extracted text", params: documentParams, response: { 200: z.object({ text: z.string() }) } },
  }, async (request) => ({ text: await documents.documentText(db, request.evaluation!.id, request.params.document) }));

  app.patch(`${path}/:document`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change the register entry (fields left out keep their values; the file stays)', params: documentParams, body: entryBody.omit({ text: true }).partial(), response: { 200: entryOut } },
  }, async (request) => {
    const current = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    return out(await documents.updateDocument(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...request.body }));
  });

  app.delete(`${path}/:document`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a register entry (its source stays if it has been coded)', params: documentParams },
  }, async (request, reply) => {
    await documents.deleteDocument(db, request.user!.id, request.evaluation!.id, request.params.document);
    return reply.code(204).send();
  });

  app.post(`${path}/:document/source`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'The qualitative source to code the document in, made on first use', params: documentParams, response: { 200: z.object({ sourceId: z.string() }) } },
  }, async (request) => ({ sourceId: await documents.sourceForCoding(db, request.user!.id, request.evaluation!.id, request.params.document) }));
}
