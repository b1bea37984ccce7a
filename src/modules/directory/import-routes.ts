import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { formErrors, type FormErrors } from '../../http/forms.ts';
import { HttpError } from '../../http/errors.ts';
import { findingKindLabels, findingKinds } from './checks.ts';
import { commitStagedImport, getStagedImport, mapStagedImport, previewStagedImport, stageDirectoryFile, type StagedImport } from './import-service.ts';
import { directoryFields, fieldLabels } from './mapping.ts';

/**
 * The import pages: upload a file, say which column holds what, see what would change, commit.
 * Each step is its own page, so the import works without JavaScript; between the steps the rows
 * wait in the database, visible only to the user who uploaded them.
 */

type Params = { evaluation: string };
type UploadParams = Params & { upload: string };

/** An uploaded file as the multipart parser leaves it in the body. */
export interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}

export const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);

/** Reads each uploaded file into memory, marking one cut off at the size limit instead of failing the request. */
export async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  const upload: Upload = { filename: part.filename, content, tooLarge: part.file.truncated };
  Object.assign(part, { value: upload });
}

const fieldHints: Partial<Record<(typeof directoryFields)[number], string>> = {
  name: 'Required. One column with the whole name, in any form: "Dr J. Smith", "Smith, John"',
  unit: "Matched to this evaluation's units by name or short name",
  region: "Matched to this evaluation's regions by name or short name",
  externalId: 'Used to recognise people when an updated directory is imported again',
};

/** The problems of an import as GOV.UK errors: mapping problems beside their field, row problems in one list. */
function importErrors(error: HttpError): FormErrors {
  const fields = error.fields.length ? error.fields : [{ field: 'file', message: error.message }];
  const errors = formErrors(fields.filter((f) => f.field !== 'file'));
  const rows = fields.filter((f) => f.field === 'file').map((f) => f.message);
  return { list: [...errors.list, ...rows.map((text) => ({ text, href: '#row-problems' }))], byField: { ...errors.byField, ...(rows.length ? { rows: { text: rows.join('\n') } } : {}) } };
}

const isUserError = (error: unknown): error is HttpError => error instanceof HttpError && error.status < 500 && error.status !== 404;

export function registerImportPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/directory/import`;

  const renderUpload = (reply: FastifyReply, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('directory/views/import-upload.njk', { title: 'Import a staff directory', errors });

  const renderMapping = (reply: FastifyReply, staged: StagedImport, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('directory/views/import-mapping.njk', {
      title: 'Choose what each column holds',
      staged,
      errors,
      rowProblems: errors?.list.filter((e) => e.href === '#row-problems').map((e) => e.text) ?? [],
      fields: directoryFields.map((field) => ({
        field,
        label: fieldLabels[field] + (field === 'name' ? '' : ' (optional)'),
        hint: fieldHints[field],
        items: [
          { value: '', text: 'Not in the file' },
          ...staged.columns.map((column) => ({ value: column, text: column, selected: values[field] === column })),
        ],
      })),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/directory/import', { config: { access: member('researcher') } }, (_request, reply) => renderUpload(reply));

  app.post<{ Params: Params }>('/evaluations/:evaluation/directory/import', { config: { access: member('researcher') } }, async (request, reply) => {
    const file = ((request.body ?? {}) as Record<string, unknown>).file;
    const missing = !isUpload(file) || (!file.filename && !file.content.length);
    if (missing || file.tooLarge) {
      const message = missing ? 'Choose a CSV file or an Excel workbook (.xlsx) with the directory' : 'The file must be smaller than 25 MB';
      return renderUpload(reply, formErrors([{ field: 'file', message }]));
    }
    try {
      const staged = await stageDirectoryFile(db, request.user!.id, request.evaluation!.id, { filename: file.filename, content: file.content });
      return reply.redirect(`${base(request)}/${staged.id}/mapping`, 303);
    } catch (error) {
      if (isUserError(error)) return renderUpload(reply, formErrors([{ field: 'file', message: error.message }]));
      throw error;
    }
  });

  app.get<{ Params: UploadParams }>('/evaluations/:evaluation/directory/import/:upload/mapping', { config: { access: member('researcher') } }, async (request, reply) => {
    const staged = await getStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload);
    const values = Object.fromEntries(Object.entries(staged.mapping).map(([field, column]) => [field, staged.columns[column]]));
    return renderMapping(reply, staged, values);
  });

  app.post<{ Params: UploadParams }>('/evaluations/:evaluation/directory/import/:upload/mapping', { config: { access: member('researcher') } }, async (request, reply) => {
    const staged = await getStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload);
    const body = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, unknown>).filter(([key]) => (directoryFields as readonly string[]).includes(key)).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    try {
      await mapStagedImport(db, request.user!.id, request.evaluation!.id, staged.id, body);
      return reply.redirect(`${base(request)}/${staged.id}/preview`, 303);
    } catch (error) {
      if (isUserError(error)) return renderMapping(reply, staged, body, importErrors(error));
      throw error;
    }
  });

  app.get<{ Params: UploadParams }>('/evaluations/:evaluation/directory/import/:upload/preview', { config: { access: member('researcher') } }, async (request, reply) => {
    const staged = await getStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload);
    if (!staged.mapped) return reply.redirect(`${base(request)}/${staged.id}/mapping`, 303);
    try {
      const preview = await previewStagedImport(db, request.user!.id, request.evaluation!.id, staged.id);
      return reply.view('directory/views/import-preview.njk', { title: 'Check the import', staged, preview, fieldLabels });
    } catch (error) {
      // The units may have changed since the mapping was accepted: show the problems where they can be fixed.
      if (isUserError(error)) return renderMapping(reply, staged, Object.fromEntries(Object.entries(staged.mapping).map(([f, c]) => [f, staged.columns[c]])), importErrors(error));
      throw error;
    }
  });

  app.post<{ Params: UploadParams }>('/evaluations/:evaluation/directory/import/:upload/commit', { config: { access: member('researcher') } }, async (request, reply) => {
    const staged = await getStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload);
    try {
      const result = await commitStagedImport(db, request.user!.id, request.evaluation!.id, staged.id);
      return reply.view('directory/views/import-result.njk', {
        title: 'Directory imported',
        staged,
        result,
        kinds: findingKinds.map((kind) => ({ kind, label: findingKindLabels[kind], found: result.cleaning.found[kind], open: result.cleaning.open[kind] })),
      });
    } catch (error) {
      if (isUserError(error)) return renderMapping(reply, staged, Object.fromEntries(Object.entries(staged.mapping).map(([f, c]) => [f, staged.columns[c]])), importErrors(error));
      throw error;
    }
  });
}
