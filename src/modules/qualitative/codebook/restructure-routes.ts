import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { badRequest } from '../../../http/errors.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { listCodes } from '../service.ts';
import { codeItems, colourItems, evaluationPath, formValues, type FormValues, type Params } from './page-helpers.ts';
import { codeSegments, deleteCode, deletionImpact, getCode, mergeCode, splitCode, splitInput } from './service.ts';
import { descendantIds } from './tree.ts';

type CodeParams = Params & { code: string };

const mergeForm = z.object({ into: z.string().min(1, 'Choose the code to merge into') });
const deleteForm = z.object({ withCodings: z.preprocess((v) => [v ?? []].flat().includes('yes'), z.boolean()) });

/** An excerpt short enough for a checkbox label. */
function excerpt(text: string, max = 160): string {
  const squashed = text.replace(/\s+/g, ' ').trim();
  return squashed.length > max ? `${squashed.slice(0, max - 1)}…` : squashed;
}

/** Merge, split and delete: the pages that change the codebook's shape, for researchers and leads. */
export async function registerRestructurePages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };

  const renderMerge = async (reply: FastifyReply, request: FastifyRequest, codeId: string, values: FormValues = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const code = await getCode(db, evaluationId, codeId);
    const codes = await listCodes(db, evaluationId);
    const below = descendantIds(codes, code.id);
    return reply.code(errors ? 400 : 200).view('qualitative/codebook/views/merge.njk', {
      title: `Merge ${code.name}`,
      code,
      subCodes: codes.filter((c) => c.parentId === code.id).length,
      targets: codeItems(codes, values.into, null, new Set([code.id, ...below])),
      errors,
    });
  };

  app.get<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/merge', researcher, (request, reply) => renderMerge(reply, request, request.params.code));

  app.post<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/merge', researcher, async (request, reply) => {
    const code = await getCode(db, request.evaluation!.id, request.params.code);
    const result = await submitForm(mergeForm, request.body, (data) => mergeCode(db, request.user!.id, request.evaluation!.id, code.id, data.into));
    if (!result.ok) return renderMerge(reply, request, code.id, formValues(request.body), result.errors);
    return reply.redirect(evaluationPath(request, `/codebook/${result.value.into.id}?merged=${result.value.codingsMoved}`), 303);
  });

  const renderSplit = async (reply: FastifyReply, request: FastifyRequest, codeId: string, values: FormValues = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const code = await getCode(db, evaluationId, codeId);
    const chosen = new Set([values.codingIds ?? []].flat().map(String));
    const segments = await codeSegments(db, evaluationId, code.id, request.user!.id);
    return reply.code(errors ? 400 : 200).view('qualitative/codebook/views/split.njk', {
      title: `Split ${code.name}`,
      code,
      values,
      errors,
      colourItems: colourItems(values.colour ?? code.colour),
      segmentItems: segments.map((s) => ({
        value: s.codingId,
        text: `${s.sourceName}: “${excerpt(s.text)}”`,
        hint: { text: `${s.valence}${s.coderName ? `, coded by ${s.coderName}` : ''}` },
        checked: chosen.has(s.codingId),
      })),
    });
  };

  app.get<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/split', researcher, (request, reply) => renderSplit(reply, request, request.params.code));

  app.post<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/split', researcher, async (request, reply) => {
    const code = await getCode(db, request.evaluation!.id, request.params.code);
    const result = await submitForm(splitInput, request.body, (data) => splitCode(db, request.user!.id, request.evaluation!.id, code.id, data));
    if (!result.ok) return renderSplit(reply, request, code.id, formValues(request.body), result.errors);
    return reply.redirect(evaluationPath(request, `/codebook/${result.value.created.id}?split=${result.value.codingsMoved}`), 303);
  });

  const renderDelete = async (reply: FastifyReply, request: FastifyRequest, codeId: string, errors?: FormErrors) => {
    const code = await getCode(db, request.evaluation!.id, codeId);
    return reply.code(errors ? 400 : 200).view('qualitative/codebook/views/delete.njk', {
      title: `Delete ${code.name}`,
      impact: await deletionImpact(db, request.evaluation!.id, code.id),
      errors,
    });
  };

  app.get<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/delete', researcher, (request, reply) => renderDelete(reply, request, request.params.code));

  app.post<{ Params: CodeParams }>('/evaluations/:evaluation/codebook/:code/delete', researcher, async (request, reply) => {
    const code = await getCode(db, request.evaluation!.id, request.params.code);
    const result = await submitForm(deleteForm, request.body, async (data) => {
      const confirm = 'Confirm that its codings are deleted too';
      if (code.codings > 0 && !data.withCodings) throw badRequest(confirm, [{ field: 'withCodings', message: confirm }]);
      return deleteCode(db, request.user!.id, request.evaluation!.id, code.id, data);
    });
    if (!result.ok) return renderDelete(reply, request, code.id, result.errors);
    return reply.redirect(evaluationPath(request, `/codebook?deleted=${result.value.codingsDeleted}`), 303);
  });
}
