import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { formErrors, submitForm, type FormErrors } from '../../http/forms.ts';
import { HttpError } from '../../http/errors.ts';
import { listCodes } from '../qualitative/service.ts';
import { sitesForMethod } from '../casework/case-studies/method-sites.ts';
import * as methods from './methods.ts';
import { statusLabels } from './plans.ts';
import { checkedList, formValues, methodsBase, type FormValues, type Params } from './page-helpers.ts';

type MethodParams = Params & { method: string };

/** The catalogue of improvement methods, each with where it was used and the coded evidence about it. */
export function registerMethodPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/methods', coder, async (request, reply) =>
    reply.view('plans/views/methods.njk', { title: 'Improvement methods', methods: await methods.listMethods(db, request.evaluation!.id), added: request.query.added }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/methods/common', researcher, async (request, reply) => {
    const added = await methods.addCommonMethods(db, request.user!.id, request.evaluation!.id);
    return reply.redirect(`${methodsBase(request)}?added=${added}`, 303);
  });

  const renderForm = (reply: FastifyReply, request: FastifyRequest, form: { methodId?: string; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('plans/views/method-form.njk', {
      title: form.methodId ? 'Change an improvement method' : 'Add an improvement method',
      ...form,
      action: form.methodId ? `${methodsBase(request)}/${form.methodId}/edit` : methodsBase(request),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/methods/new', researcher, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/methods', researcher, async (request, reply) => {
    const result = await submitForm(methods.methodInput, request.body, (data) => methods.createMethod(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${methodsBase(request)}/${result.value.id}`, 303);
  });

  const renderMethod = async (reply: FastifyReply, request: FastifyRequest, methodId: string, errors?: FormErrors) => {
    const method = await methods.getMethod(db, request.evaluation!.id, methodId);
    const codes = await listCodes(db, request.evaluation!.id);
    const linked = method.codes.map((c) => c.id);
    return reply.code(errors ? 400 : 200).view('plans/views/method.njk', {
      title: method.name,
      method,
      statusLabels,
      codeItems: codes.map((c) => ({ value: c.id, text: c.name, checked: linked.includes(c.id) })),
      sites: await sitesForMethod(db, request.evaluation!.id, method.id),
      errors,
    });
  };

  app.get<{ Params: MethodParams }>('/evaluations/:evaluation/methods/:method', coder, (request, reply) => renderMethod(reply, request, request.params.method));

  app.post<{ Params: MethodParams }>('/evaluations/:evaluation/methods/:method/codes', researcher, async (request, reply) => {
    try {
      await methods.setMethodCodes(db, request.user!.id, request.evaluation!.id, request.params.method, checkedList((request.body as FormValues | undefined)?.codeIds));
    } catch (error) {
      if (error instanceof HttpError && error.status === 400) return renderMethod(reply, request, request.params.method, formErrors(error.fields));
      throw error;
    }
    return reply.redirect(`${methodsBase(request)}/${request.params.method}`, 303);
  });

  app.get<{ Params: MethodParams }>('/evaluations/:evaluation/methods/:method/edit', researcher, async (request, reply) => {
    const method = await methods.getMethod(db, request.evaluation!.id, request.params.method);
    return renderForm(reply, request, { methodId: method.id, values: { name: method.name, description: method.description } });
  });

  app.post<{ Params: MethodParams }>('/evaluations/:evaluation/methods/:method/edit', researcher, async (request, reply) => {
    const method = await methods.getMethod(db, request.evaluation!.id, request.params.method);
    const result = await submitForm(methods.methodInput, request.body, (data) => methods.updateMethod(db, request.user!.id, request.evaluation!.id, method.id, data));
    if (!result.ok) return renderForm(reply, request, { methodId: method.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${methodsBase(request)}/${method.id}`, 303);
  });

  app.post<{ Params: MethodParams }>('/evaluations/:evaluation/methods/:method/delete', researcher, async (request, reply) => {
    await methods.deleteMethod(db, request.user!.id, request.evaluation!.id, request.params.method);
    return reply.redirect(methodsBase(request), 303);
  });
}
