import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { getSource } from '../service.ts';
import { evaluationPath, formValues, valenceItems, type FormValues, type Params } from '../codebook/page-helpers.ts';
import { changeCoding, codingChange, getCoding, markChecked, mayChangeCoding, removeCoding } from './service.ts';

type CodingParams = Params & { source: string; coding: string };

/** Changing one coding's valence or memo, removing it, and checking it after an edit of the text. */
export async function registerCodingChangePages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const actor = (request: FastifyRequest) => ({ id: request.user!.id, role: request.role! });
  const back = (request: FastifyRequest<{ Params: CodingParams }>, done: string, anchor = '') =>
    evaluationPath(request, `/sources/${request.params.source}/code?done=${done}${anchor}`);

  const render = async (reply: FastifyReply, request: FastifyRequest<{ Params: CodingParams }>, values?: FormValues, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const source = await getSource(db, evaluationId, request.params.source);
    const coding = await getCoding(db, evaluationId, source.id, request.params.coding, request.user!.id);
    const shown = values ?? { valence: coding.valence, memo: coding.memo };
    return reply.code(errors ? 400 : 200).view('qualitative/coding/views/coding-change.njk', {
      title: 'Change a coding',
      source,
      coding,
      canChange: mayChangeCoding(coding, actor(request)),
      values: shown,
      valenceItems: valenceItems(shown.valence),
      errors,
    });
  };

  app.get<{ Params: CodingParams }>('/evaluations/:evaluation/sources/:source/codings/:coding', coder, (request, reply) => render(reply, request));

  app.post<{ Params: CodingParams }>('/evaluations/:evaluation/sources/:source/codings/:coding', coder, async (request, reply) => {
    const result = await submitForm(codingChange, request.body, (data) =>
      changeCoding(db, actor(request), request.evaluation!.id, request.params.source, request.params.coding, data),
    );
    if (!result.ok) return render(reply, request, formValues(request.body), result.errors);
    return reply.redirect(back(request, 'changed', `#coding-${result.value.id}`), 303);
  });

  app.post<{ Params: CodingParams }>('/evaluations/:evaluation/sources/:source/codings/:coding/remove', coder, async (request, reply) => {
    await removeCoding(db, actor(request), request.evaluation!.id, request.params.source, request.params.coding);
    return reply.redirect(back(request, 'removed'), 303);
  });

  app.post<{ Params: CodingParams }>('/evaluations/:evaluation/sources/:source/codings/:coding/checked', coder, async (request, reply) => {
    const coding = await markChecked(db, actor(request), request.evaluation!.id, request.params.source, request.params.coding);
    return reply.redirect(back(request, 'checked', `#coding-${coding.id}`), 303);
  });
}
