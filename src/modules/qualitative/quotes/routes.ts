import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { hasRole, member } from '../../../http/access.ts';
import { HttpError, notFound } from '../../../http/errors.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { codeChoices } from '../analysis/service.ts';
import { registerQuoteApi } from './api.ts';
import {
  addQuote,
  attributionRules,
  editQuote,
  getQuote,
  listQuotes,
  partByWords,
  quotableCoding,
  quoteEdit,
  quotePrereleaseCheck,
  removeQuote,
  rulesInput,
  saveAttributionRules,
} from './service.ts';

type Params = { evaluation: string };
type QuoteParams = Params & { quote: string };

// The quote bank holds pseudonymised text the team picks for reports: coders and above.
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

const uuid = z.string().uuid();
const newQuoteForm = z.object({
  codingId: uuid,
  from: z.string().max(500).default(''),
  to: z.string().max(500).default(''),
  note: z.string().max(2000, 'Notes must be 2,000 characters or fewer').default(''),
});

export async function registerQuotePages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/quotes`;

  app.get<{ Params: Params; Querystring: { code?: string } }>('/evaluations/:evaluation/quotes', { config: coder }, async (request, reply) => {
    const code = uuid.safeParse(request.query.code).success ? request.query.code : undefined;
    const [quotes, codes] = await Promise.all([listQuotes(db, request.evaluation!.id, code), codeChoices(db, request.evaluation!.id)]);
    return reply.view('qualitative/quotes/views/quotes.njk', { title: 'Quote bank', quotes, codes, code: code ?? '', mayEditRules: hasRole(request.role!, 'researcher') });
  });

  const renderNew = async (request: FastifyRequest, reply: FastifyReply, codingId: string, values: Record<string, unknown> = {}, errors?: FormErrors) => {
    const coding = await quotableCoding(db, request.evaluation!.id, codingId, request.user!.id).catch((error: unknown) => {
      // A refused coding (no consent) is shown as the page's error, not as an error page.
      if (error instanceof HttpError && error.status === 400) return { refused: error.message };
      throw error;
    });
    if ('refused' in coding) return reply.code(400).view('qualitative/quotes/views/new.njk', { title: 'Add a quote', refused: coding.refused, errors: { list: [{ text: coding.refused, href: '#main-content' }], byField: {} } });
    return reply.code(errors ? 400 : 200).view('qualitative/quotes/views/new.njk', { title: 'Add a quote', coding, values, errors });
  };

  app.get<{ Params: Params; Querystring: { coding?: string } }>('/evaluations/:evaluation/quotes/new', { config: coder }, async (request, reply) => {
    if (!uuid.safeParse(request.query.coding).success) throw notFound('Coding');
    return renderNew(request, reply, request.query.coding!);
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/quotes', { config: coder }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!uuid.safeParse(body.codingId).success) throw notFound('Coding');
    const result = await submitForm(newQuoteForm, body, async (data) => {
      const coding = await quotableCoding(db, request.evaluation!.id, data.codingId, request.user!.id);
      const part = partByWords(coding, data.from, data.to);
      return addQuote(db, request.user!.id, request.evaluation!.id, { codingId: data.codingId, ...part, note: data.note });
    });
    if (!result.ok) return renderNew(request, reply, String(body.codingId), body, result.errors);
    return reply.redirect(`${base(request)}#quote-${result.value.id}`, 303);
  });

  const renderEdit = async (request: FastifyRequest<{ Params: QuoteParams }>, reply: FastifyReply, values?: Record<string, unknown>, errors?: FormErrors) => {
    const quote = await getQuote(db, request.evaluation!.id, request.params.quote);
    return reply.code(errors ? 400 : 200).view('qualitative/quotes/views/edit.njk', { title: 'Edit a quote', quote, values: values ?? { text: quote.text, note: quote.note }, errors });
  };

  app.get<{ Params: QuoteParams }>('/evaluations/:evaluation/quotes/:quote/edit', { config: coder }, (request, reply) => renderEdit(request, reply));

  app.post<{ Params: QuoteParams }>('/evaluations/:evaluation/quotes/:quote/edit', { config: coder }, async (request, reply) => {
    await getQuote(db, request.evaluation!.id, request.params.quote);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await submitForm(quoteEdit, body, (data) => editQuote(db, request.user!.id, request.evaluation!.id, request.params.quote, data));
    if (!result.ok) return renderEdit(request, reply, body, result.errors);
    return reply.redirect(`${base(request)}#quote-${request.params.quote}`, 303);
  });

  app.post<{ Params: QuoteParams }>('/evaluations/:evaluation/quotes/:quote/remove', { config: coder }, async (request, reply) => {
    await removeQuote(db, request.user!.id, request.evaluation!.id, request.params.quote);
    return reply.redirect(base(request), 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/quotes/check', { config: coder }, async (request, reply) => {
    const check = await quotePrereleaseCheck(db, request.evaluation!.id);
    return reply.view('qualitative/quotes/views/check.njk', { title: 'Check quotes before release', check });
  });

  const renderRules = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).view('qualitative/quotes/views/attribution.njk', { title: 'Attribution rules', rules: await attributionRules(db, request.evaluation!.id), errors });

  app.get<{ Params: Params }>('/evaluations/:evaluation/quotes/attribution', { config: researcher }, (request, reply) => renderRules(request, reply));

  app.post<{ Params: Params }>('/evaluations/:evaluation/quotes/attribution', { config: researcher }, async (request, reply) => {
    // The form posts role-0 / attribution-0, role-1 / attribution-1, …
    const body = (request.body ?? {}) as Record<string, unknown>;
    const rules = Object.keys(body)
      .filter((key) => /^role-\d+$/.test(key))
      .map((key) => ({ roleCategory: String(body[key] ?? ''), attribution: String(body[`attribution-${key.slice(5)}`] ?? '') }));
    const result = await submitForm(rulesInput, { rules }, (data) => saveAttributionRules(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderRules(request, reply, result.errors);
    return reply.redirect(base(request), 303);
  });
}

/** Quote bank pages and API, registered together from the modules list. */
export async function registerQuoteBank(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerQuotePages(app, deps);
  await registerQuoteApi(app, deps);
}
