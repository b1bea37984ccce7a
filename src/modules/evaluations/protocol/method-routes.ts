import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { parseForm, submitForm, type FormErrors } from '../../../http/forms.ts';
import { directionInput, listQuestions } from './aims.ts';
import * as methods from './methods.ts';
import { canChange, checkItems, formValues, kindOptions, protocolPath, type FormValues, type Params } from './page-helpers.ts';

type MethodParams = Params & { method: string };

/** Pages for the methods and for the method-by-question matrix. */
export async function registerMethodPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/methods', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('evaluations/protocol/views/methods.njk', { title: 'Methods', methods: await methods.listMethods(db, request.evaluation!.id), canChange: canChange(request) }),
  );

  const renderMethodForm = (reply: FastifyReply, request: FastifyRequest, form: { method?: methods.Method; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/method-form.njk', {
      title: form.method ? `Change ${form.method.name}` : 'Add a method',
      method: form.method,
      values: form.values,
      errors: form.errors,
      kindItems: checkItems(kindOptions(methods.methodKindLabels), form.values.kind),
      action: form.method ? protocolPath(request, `/methods/${form.method.id}/edit`) : protocolPath(request, '/methods'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/methods/new', researcher, (request, reply) => renderMethodForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/methods', researcher, async (request, reply) => {
    const result = await submitForm(methods.methodInput, request.body, (data) => methods.addMethod(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderMethodForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/methods'), 303);
  });

  app.get<{ Params: MethodParams }>('/evaluations/:evaluation/protocol/methods/:method/edit', researcher, async (request, reply) => {
    const method = await methods.getMethod(db, request.evaluation!.id, request.params.method);
    return renderMethodForm(reply, request, { method, values: { ...method, hasData: method.hasData ? 'yes' : '' } });
  });

  app.post<{ Params: MethodParams }>('/evaluations/:evaluation/protocol/methods/:method/edit', researcher, async (request, reply) => {
    const method = await methods.getMethod(db, request.evaluation!.id, request.params.method);
    const result = await submitForm(methods.methodInput, request.body, (data) => methods.updateMethod(db, request.user!.id, request.evaluation!.id, method.id, data));
    if (!result.ok) return renderMethodForm(reply, request, { method, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/methods'), 303);
  });

  app.post<{ Params: MethodParams }>('/evaluations/:evaluation/protocol/methods/:method/delete', researcher, async (request, reply) => {
    await methods.deleteMethod(db, request.user!.id, request.evaluation!.id, request.params.method);
    return reply.redirect(protocolPath(request, '/methods'), 303);
  });

  app.post<{ Params: MethodParams }>('/evaluations/:evaluation/protocol/methods/:method/move', researcher, async (request, reply) => {
    const parsed = directionInput.safeParse(request.body);
    if (parsed.success) await methods.moveMethod(db, request.evaluation!.id, request.params.method, parsed.data.direction);
    return reply.redirect(protocolPath(request, '/methods'), 303);
  });

  const renderMatrix = async (reply: FastifyReply, request: FastifyRequest, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const ticked = new Set((await methods.listMatrix(db, evaluationId)).map((c) => `${c.methodId}:${c.questionId}`));
    return reply.code(errors ? 400 : 200).view('evaluations/protocol/views/matrix.njk', {
      title: 'Which method answers which question',
      methods: await methods.listMethods(db, evaluationId),
      questions: await listQuestions(db, evaluationId),
      ticked: Object.fromEntries([...ticked].map((cell) => [cell, true])),
      canChange: canChange(request),
      saved: (request.query as { saved?: string }).saved === '1',
      errors,
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/matrix', { config: { access: member('coder') } }, (request, reply) => renderMatrix(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/matrix', researcher, async (request, reply) => {
    const form = parseForm(methods.matrixFormInput, request.body);
    if (!form.ok) return renderMatrix(reply, request, form.errors);
    const result = await submitForm(methods.matrixInput, form.data, (data) => methods.saveMatrix(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderMatrix(reply, request, result.errors);
    return reply.redirect(protocolPath(request, '/matrix?saved=1'), 303);
  });
}
