import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { registerDocumentApi } from './api.ts';
import { maxDocumentBytes } from './extraction.ts';
import * as documents from './service.ts';

/**
 * Pages of the documents register: the list, adding an entry with or without a file, one entry
 * with its text, changing and deleting it, downloading the file, and opening it for coding. Files
 * are parsed only inside this plugin, so no other form accepts uploads.
 */

type Params = { evaluation: string };
type DocumentParams = Params & { document: string };
type FormValues = Record<string, unknown>;

interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}

/** The most of a document's text its register page shows. */
const maxShownCharacters = 50_000;

const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);

async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  Object.assign(part, { value: { filename: part.filename, content, tooLarge: part.file.truncated } satisfies Upload });
}

/** The form's fields (dates joined) and its file, if one was chosen. */
function parseBody(body: unknown): { fields: FormValues; file?: documents.DocumentFile; fileError?: string } {
  const raw = { ...((body ?? {}) as FormValues) };
  const upload = raw.file;
  delete raw.file;
  const fields = joinDateFields(raw, ['issuedOn', 'accessedOn']);
  if (!isUpload(upload) || (!upload.filename && !upload.content.length)) return { fields };
  if (upload.tooLarge) return { fields, fileError: `${upload.filename} is larger than ${maxDocumentBytes / 1024 / 1024} MB` };
  return { fields, file: { fileName: upload.filename.replace(/^.*[\\/]/, '').slice(0, 255) || 'document', content: upload.content } };
}

const kindItems = (selected: unknown) => [
  { value: '', text: 'Choose the kind of document', selected: !selected },
  ...documents.documentKinds.map((kind) => ({ value: kind, text: documents.documentKindLabels[kind], selected: kind === selected })),
];

function entryValues(entry: documents.DocumentEntry): FormValues {
  const dates = (name: string, iso: string | null) => Object.fromEntries(Object.entries(dateParts(iso)).map(([k, v]) => [`${name}-${k}`, v]));
  return { kind: entry.kind, title: entry.title, issuer: entry.issuer, address: entry.address, notes: entry.notes, ...dates('issuedOn', entry.issuedOn), ...dates('accessedOn', entry.accessedOn) };
}

/** A file name safe inside a Content-Disposition header. */
const dispositionName = (name: string) => name.replace(/[^\w.\- ()]/g, '_');

function registerPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/documents`;

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/documents', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('documents/views/documents.njk', {
      title: 'Documents',
      documents: await documents.listDocuments(db, request.evaluation!.id),
      deleted: request.query.deleted === 'kept-source' ? 'kept-source' : request.query.deleted === '1' ? 'yes' : '',
    }),
  );

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { entry?: documents.DocumentEntry; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('documents/views/document-form.njk', {
      title: form.entry ? `Change ${form.entry.title}` : 'Add a document',
      entry: form.entry,
      values: form.values,
      errors: form.errors,
      kindItems: kindItems(form.values.kind),
      maxMegabytes: maxDocumentBytes / 1024 / 1024,
      action: form.entry ? `${base(request)}/${form.entry.id}/edit` : base(request),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/documents/new', { config: { access: member('researcher') } }, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/documents', { config: { access: member('researcher') } }, async (request, reply) => {
    const { fields, file, fileError } = parseBody(request.body);
    const schema = fileError ? documents.documentInput.superRefine((_, ctx) => ctx.addIssue({ code: 'custom', path: ['file'], message: fileError })) : documents.documentInput;
    const result = await submitForm(schema, fields, (data) => documents.addDocument(db, request.user!.id, request.evaluation!.id, data, file));
    if (!result.ok) return renderForm(reply, request, { values: fields, errors: result.errors });
    return reply.redirect(`${base(request)}/${result.value.id}`, 303);
  });

  app.get<{ Params: DocumentParams }>('/evaluations/:evaluation/documents/:document', { config: { access: member('coder') } }, async (request, reply) => {
    const entry = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    const text = await documents.documentText(db, request.evaluation!.id, entry.id);
    // A long report's whole text would make a very heavy page; the coding page shows all of it.
    const shown = text.length > maxShownCharacters ? text.slice(0, maxShownCharacters) : text;
    return reply.view('documents/views/document.njk', { title: entry.title, entry, text: shown, cut: text.length > shown.length ? text.length : 0 });
  });

  app.get<{ Params: DocumentParams }>('/evaluations/:evaluation/documents/:document/file', { config: { access: member('coder') } }, async (request, reply) => {
    const file = await documents.documentFile(db, request.evaluation!.id, request.params.document);
    // Always a download: an uploaded web page must never run in the application's own origin.
    return reply
      .type(file.mediaType)
      .header('content-disposition', `attachment; filename="${dispositionName(file.fileName)}"`)
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });

  app.post<{ Params: DocumentParams }>('/evaluations/:evaluation/documents/:document/code', { config: { access: member('coder') } }, async (request, reply) => {
    const sourceId = await documents.sourceForCoding(db, request.user!.id, request.evaluation!.id, request.params.document);
    return reply.redirect(`/evaluations/${request.evaluation!.slug}/sources/${sourceId}/code`, 303);
  });

  app.get<{ Params: DocumentParams }>('/evaluations/:evaluation/documents/:document/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const entry = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    return renderForm(reply, request, { entry, values: entryValues(entry) });
  });

  app.post<{ Params: DocumentParams }>('/evaluations/:evaluation/documents/:document/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const entry = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    const { fields } = parseBody(request.body);
    const result = await submitForm(documents.documentInput, fields, (data) => documents.updateDocument(db, request.user!.id, request.evaluation!.id, entry.id, data));
    if (!result.ok) return renderForm(reply, request, { entry, values: fields, errors: result.errors });
    return reply.redirect(`${base(request)}/${entry.id}`, 303);
  });

  app.post<{ Params: DocumentParams }>('/evaluations/:evaluation/documents/:document/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    const { keptSource } = await documents.deleteDocument(db, request.user!.id, request.evaluation!.id, request.params.document);
    return reply.redirect(`${base(request)}?deleted=${keptSource ? 'kept-source' : '1'}`, 303);
  });
}

export const documentUploadLimits = { fileSize: maxDocumentBytes, files: 1, fields: 20, fieldSize: 6 * 1024 * 1024, parts: 22 };

export async function registerDocuments(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', throwFileSizeLimit: false, onFile: readUpload, limits: documentUploadLimits });
    registerPages(scope, deps);
  });
  await registerDocumentApi(app, deps);
}

