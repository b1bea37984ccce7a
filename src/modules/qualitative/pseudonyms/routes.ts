import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { evaluationBase, formValues, idParam, type FormValues, type Params } from '../interviews/page-helpers.ts';
import { registerPseudonymApi } from './api.ts';
import * as pseudonyms from './service.ts';

/**
 * Pages for pseudonymisation: the list of terms, adding, changing and deleting one, seeding the
 * list from the organisation's units and staff directory, and a check of any text. Terms hold
 * real names, so only researchers and leads see them, as with the staff directory.
 */

type TermParams = Params & { term: string };

const checkForm = z.object({ text: z.string().trim().min(1, 'Paste the text to check').max(200_000, 'Check 200,000 characters or fewer at a time') });

const kindItems = (selected: unknown) => pseudonyms.termKinds.map((k) => ({ value: k, text: `${pseudonyms.kindLabels[k]} (replaced by ${pseudonyms.defaultReplacements[k]} unless you say otherwise)`, checked: k === selected }));

function termFormValues(t: pseudonyms.PseudonymTerm): FormValues {
  return { kind: t.kind, term: t.term, variants: t.variants.join('\n'), replacement: t.replacement };
}

export async function registerPseudonyms(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const db = deps.database.db;
  const termsBase = (request: FastifyRequest) => `${evaluationBase(request)}/pseudonyms`;

  const renderList = async (reply: FastifyReply, request: FastifyRequest, seeded?: pseudonyms.SeedOutcome) =>
    reply.view('qualitative/pseudonyms/views/terms.njk', { title: 'Pseudonymisation', terms: await pseudonyms.listTerms(db, request.evaluation!.id), kindLabels: pseudonyms.kindLabels, seeded });

  app.get<{ Params: Params }>('/evaluations/:evaluation/pseudonyms', { config: { access: member('researcher') } }, (request, reply) => renderList(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/pseudonyms/seed', { config: { access: member('researcher') } }, async (request, reply) =>
    renderList(reply, request, await pseudonyms.seedTerms(db, request.user!.id, request.evaluation!.id)),
  );

  const renderForm = (reply: FastifyReply, request: FastifyRequest, form: { term?: pseudonyms.PseudonymTerm; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('qualitative/pseudonyms/views/term-form.njk', {
      title: form.term ? `Change "${form.term.term}"` : 'Add a name to replace',
      term: form.term,
      values: form.values,
      errors: form.errors,
      kindItems: kindItems(form.values.kind),
      action: form.term ? `${termsBase(request)}/${form.term.id}/edit` : termsBase(request),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/pseudonyms/new', { config: { access: member('researcher') } }, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/pseudonyms', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(pseudonyms.termInput, body, (data) => pseudonyms.addTerm(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: body, errors: result.errors });
    return reply.redirect(termsBase(request), 303);
  });

  app.get<{ Params: TermParams }>('/evaluations/:evaluation/pseudonyms/:term/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const term = await pseudonyms.getTerm(db, request.evaluation!.id, idParam(request.params.term, 'Term'));
    return renderForm(reply, request, { term, values: termFormValues(term) });
  });

  app.post<{ Params: TermParams }>('/evaluations/:evaluation/pseudonyms/:term/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const term = await pseudonyms.getTerm(db, request.evaluation!.id, idParam(request.params.term, 'Term'));
    const body = formValues(request.body);
    const result = await submitForm(pseudonyms.termInput, body, (data) => pseudonyms.updateTerm(db, request.user!.id, request.evaluation!.id, term.id, data));
    if (!result.ok) return renderForm(reply, request, { term, values: body, errors: result.errors });
    return reply.redirect(termsBase(request), 303);
  });

  app.post<{ Params: TermParams }>('/evaluations/:evaluation/pseudonyms/:term/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    await pseudonyms.deleteTerm(db, request.user!.id, request.evaluation!.id, idParam(request.params.term, 'Term'));
    return reply.redirect(termsBase(request), 303);
  });

  const renderCheck = (reply: FastifyReply, values: FormValues, result?: { pseudonymised: string; original: pseudonyms.PrereleaseResult; after: pseudonyms.PrereleaseResult }, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('qualitative/pseudonyms/views/check.njk', { title: 'Check text before release', values, result, errors, kindLabels: pseudonyms.kindLabels });

  app.get<{ Params: Params }>('/evaluations/:evaluation/pseudonyms/check', { config: { access: member('researcher') } }, (_request, reply) => renderCheck(reply, {}));

  app.post<{ Params: Params }>('/evaluations/:evaluation/pseudonyms/check', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = formValues(request.body);
    const evaluationId = request.evaluation!.id;
    const result = await submitForm(checkForm, body, async ({ text }) => {
      const pseudonymised = await pseudonyms.pseudonymise(db, evaluationId, text);
      const [original, after] = await pseudonyms.prereleaseCheck(db, evaluationId, [{ id: 'original', text }, { id: 'pseudonymised', text: pseudonymised }]);
      return { pseudonymised, original: original!, after: after! };
    });
    if (!result.ok) return renderCheck(reply, body, undefined, result.errors);
    return renderCheck(reply, body, result.value);
  });

  await registerPseudonymApi(app, deps);
}
