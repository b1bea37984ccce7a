import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { createCode, listCodes } from '../service.ts';
import { listMemos } from '../coding/memos.ts';
import { registerFrameworkPages } from './framework-routes.ts';
import { colourItems, codeItems, countParam, evaluationPath, formValues, namedTree, plural, type FormValues, type Params } from './page-helpers.ts';
import { registerRestructurePages } from './restructure-routes.ts';
import { changeCode, codeSegments, getCode } from './service.ts';
import { codeColours, colourName, descendantIds } from './tree.ts';

type CodeParams = Params & { code: string };

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/** The add and change forms: the same fields, a blank parent meaning the top level. */
const codeForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the code').max(200, 'Code names must be 200 characters or fewer'),
  description: z.string().trim().max(5000, 'The description must be 5,000 characters or fewer').default(''),
  colour: z.string().regex(/^#[0-9a-f]{6}$/, 'Choose a colour').default(codeColours[0].value),
  parentId: z.preprocess(blankToNull, z.string().uuid('Choose a code from the list').nullable().default(null)),
});

/** The banner a page shows after an action, from the query string the action redirected with. */
function bannerFor(query: Record<string, string | undefined>): string | undefined {
  const n = (key: string) => countParam(query[key]);
  if (n('loaded') !== undefined) return `${plural(n('loaded')!, 'code', 'codes')} added from the framework${n('skipped') ? `; ${n('skipped')} already in the codebook were left as they were` : ''}.`;
  if (n('merged') !== undefined) return `Codes merged: ${plural(n('merged')!, 'coding', 'codings')} moved to this code.`;
  if (n('split') !== undefined) return `Code split: ${plural(n('split')!, 'coding', 'codings')} moved to this new code.`;
  if (n('deleted') !== undefined) return `Code deleted${n('deleted') ? `, with ${plural(n('deleted')!, 'coding', 'codings')}` : ''}.`;
  if (query.saved === '1') return 'Code saved.';
  if (query.memo === 'saved') return 'Memo saved.';
  return undefined;
}

export async function registerCodebookPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const db = deps.database.db;

  app.get<{ Params: Params; Querystring: Record<string, string | undefined> }>('/evaluations/:evaluation/codebook', { config: { access: member('coder') } }, async (request, reply) => {
    const codes = await listCodes(db, request.evaluation!.id);
    return reply.view('qualitative/codebook/views/codebook.njk', {
      title: 'Codebook',
      codes: namedTree(codes),
      total: codes.length,
      codings: codes.reduce((sum, c) => sum + c.codings, 0),
      banner: bannerFor(request.query),
    });
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, options: { codeId?: string; values: FormValues; errors?: FormErrors }) => {
    const codes = await listCodes(db, request.evaluation!.id);
    const editing = options.codeId !== undefined;
    const leaveOut = editing ? new Set([options.codeId!, ...descendantIds(codes, options.codeId!)]) : new Set<string>();
    return reply.code(options.errors ? 400 : 200).view('qualitative/codebook/views/code-form.njk', {
      title: editing ? 'Change a code' : 'Add a code',
      submitText: editing ? 'Save code' : 'Add code',
      action: editing ? evaluationPath(request, `/codebook/${options.codeId}/edit`) : evaluationPath(request, '/codebook'),
      back: editing ? evaluationPath(request, `/codebook/${options.codeId}`) : evaluationPath(request, '/codebook'),
      values: options.values,
      errors: options.errors,
      colourItems: colourItems(options.values.colour),
      parentItems: codeItems(codes, options.values.parentId, 'None: a top-level code', leaveOut),
    });
  };

  app.get<{ Params: Params; Querystring: { parent?: string } }>('/evaluations/:evaluation/codebook/new', { config: { access: member('coder') } }, (request, reply) =>
    renderForm(reply, request, { values: { parentId: request.query.parent ?? '' } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/codebook', { config: { access: member('coder') } }, async (request, reply) => {
    const result = await submitForm(codeForm, request.body, (data) => createCode(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(evaluationPath(request, `/codebook/${result.value.id}?saved=1`), 303);
  });

  app.get<{ Params: CodeParams; Querystring: Record<string, string | undefined> }>('/evaluations/:evaluation/codebook/:code', { config: { access: member('coder') } }, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const code = await getCode(db, evaluationId, request.params.code);
    const codes = await listCodes(db, evaluationId);
    return reply.view('qualitative/codebook/views/code.njk', {
      title: code.name,
      code,
      colourName: colourName(code.colour),
      parent: codes.find((c) => c.id === code.parentId),
      children: namedTree(codes.filter((c) => c.id === code.id || descendantIds(codes, code.id).has(c.id)))[0]?.children ?? [],
      segments: await codeSegments(db, evaluationId, code.id, request.user!.id),
      memos: await listMemos(db, evaluationId, { subject: 'code', subjectId: code.id }),
      banner: bannerFor(request.query),
    });
  });

  app.get<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const code = await getCode(db, request.evaluation!.id, request.params.code);
    return renderForm(reply, request, { codeId: code.id, values: { ...code, parentId: code.parentId ?? '' } });
  });

  app.post<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const code = await getCode(db, request.evaluation!.id, request.params.code);
    const result = await submitForm(codeForm, request.body, (data) => changeCode(db, request.user!.id, request.evaluation!.id, code.id, data));
    if (!result.ok) return renderForm(reply, request, { codeId: code.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(evaluationPath(request, `/codebook/${code.id}?saved=1`), 303);
  });

  await registerRestructurePages(app, deps);
  await registerFrameworkPages(app, deps);
}
