import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { HttpError } from '../../http/errors.ts';
import { formErrors, type FormErrors } from '../../http/forms.ts';
import { listUnits } from '../organisation/service.ts';
import { unitItems } from '../organisation/select-items.ts';
import { checkPlanImport, commitStagedImport, discardStagedImport, getStagedImport, mapStagedNames, stagePlanImport } from './importing.ts';
import { maxPlanFileBytes } from './plan-file.ts';
import { plansBase, type FormValues, type Params } from './page-helpers.ts';

type ImportParams = Params & { import: string };

interface Upload {
  filename: string;
  content: Buffer;
  tooLarge: boolean;
}

async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  Object.assign(part, { value: { filename: part.filename, content, tooLarge: part.file.truncated } satisfies Upload });
}

const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer((value as Upload).content);

/** Problems shown on the check page, at most this many; the total is always given. */
const shownProblems = 200;

/**
 * Importing plans in three steps, none of which needs JavaScript: upload the file; map each
 * directorate or programme name that matches no unit to an existing unit, seeing every row with a
 * problem; check the preview and import. Nothing reaches the plan tables before the last step.
 */
function registerImportPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };

  const renderUpload = (reply: FastifyReply, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('plans/views/import.njk', { title: 'Import plans', errors, maxMegabytes: maxPlanFileBytes / 1024 / 1024 });

  app.get<{ Params: Params }>('/evaluations/:evaluation/plans/import', researcher, (_request, reply) => renderUpload(reply));

  app.post<{ Params: Params }>('/evaluations/:evaluation/plans/import', researcher, async (request, reply) => {
    const file = (request.body as FormValues | undefined)?.file;
    if (!isUpload(file) || (!file.filename && !file.content.length)) return renderUpload(reply, formErrors([{ field: 'file', message: 'Choose a CSV or Excel (.xlsx) file' }]));
    if (file.tooLarge) return renderUpload(reply, formErrors([{ field: 'file', message: `${file.filename} is larger than ${maxPlanFileBytes / 1024 / 1024} MB` }]));
    try {
      const id = await stagePlanImport(db, request.user!.id, request.evaluation!.id, { fileName: file.filename.replace(/^.*[\\/]/, '') || 'plans', content: file.content });
      return reply.redirect(`${plansBase(request)}/imports/${id}`, 303);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderUpload(reply, formErrors(error.fields.length ? error.fields : [{ field: 'file', message: error.message }]));
      throw error;
    }
  });

  const renderCheck = async (reply: FastifyReply, request: FastifyRequest, importId: string, values: FormValues = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const staged = await getStagedImport(db, evaluationId, importId);
    const check = await checkPlanImport(db, evaluationId, staged.file, staged.mapping);
    const units = await listUnits(db, evaluationId);
    return reply.code(errors ? 400 : 200).view('plans/views/import-check.njk', {
      title: `Import ${staged.file.fileName}`,
      importId,
      check: { ...check, rows: undefined },
      problems: check.problems.slice(0, shownProblems),
      preview: check.rows.slice(0, 10),
      unmatched: check.unmatched.map((u, i) => ({ ...u, field: `map-${i}`, items: unitItems(units, values[`map-${i}`], 'Choose a unit') })),
      errors,
    });
  };

  app.get<{ Params: ImportParams }>('/evaluations/:evaluation/plans/imports/:import', researcher, (request, reply) => renderCheck(reply, request, request.params.import));

  app.post<{ Params: ImportParams }>('/evaluations/:evaluation/plans/imports/:import/mapping', researcher, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    try {
      await mapStagedNames(db, request.evaluation!.id, request.params.import, body);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderCheck(reply, request, request.params.import, body, formErrors(error.fields));
      throw error;
    }
    return reply.redirect(`${plansBase(request)}/imports/${request.params.import}`, 303);
  });

  app.post<{ Params: ImportParams }>('/evaluations/:evaluation/plans/imports/:import/commit', researcher, async (request, reply) => {
    try {
      const result = await commitStagedImport(db, request.user!.id, request.evaluation!.id, request.params.import);
      return reply.redirect(`${plansBase(request)}?imported=${result.deliverables}`, 303);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderCheck(reply, request, request.params.import, {}, formErrors([{ field: 'form', message: error.message }]));
      throw error;
    }
  });

  app.post<{ Params: ImportParams }>('/evaluations/:evaluation/plans/imports/:import/discard', researcher, async (request, reply) => {
    await discardStagedImport(db, request.evaluation!.id, request.params.import);
    return reply.redirect(`${plansBase(request)}/import`, 303);
  });
}

export async function registerPlanImports(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', throwFileSizeLimit: false, onFile: readUpload, limits: { fileSize: maxPlanFileBytes, files: 1, fields: 5, fieldSize: 10_000, parts: 6 } });
    registerImportPages(scope, deps);
  });
}
