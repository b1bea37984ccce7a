import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { addQuote, attributionRules, editQuote, getQuote, listQuotes, quotePrereleaseCheck, removeQuote, saveAttributionRules } from './service.ts';

const tags = ['Quote bank'];
const base = '/api/v1/evaluations/:evaluation/qualitative';
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const quoteParams = params.extend({ quote: z.string() });
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

const quoteOut = z.object({
  id: z.string(),
  codingId: z.string().nullable(),
  codeId: z.string().nullable(),
  codeName: z.string(),
  sourceId: z.string(),
  sourceName: z.string().describe('For the team only: reports get quotesForCodes, without it'),
  start: z.number(),
  end: z.number(),
  valence: z.string(),
  originalText: z.string().describe('The pseudonymised text as first taken'),
  text: z.string(),
  edited: z.boolean(),
  note: z.string(),
  attribution: z.string(),
  mayQuote: z.boolean().describe('False when consent to quotation was withdrawn after the quote was taken'),
});
const ruleOut = z.object({ roleCategory: z.string(), label: z.string(), attribution: z.string() });

export async function registerQuoteApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get(`${base}/quotes`, {
    config: coder,
    schema: { tags, summary: 'The quote bank, optionally the quotes of one code', params, querystring: z.object({ code: z.string().uuid().optional() }), response: { 200: z.object({ quotes: z.array(quoteOut) }) } },
  }, async (request) => ({ quotes: await listQuotes(db, request.evaluation!.id, request.query.code) }));

  app.post(`${base}/quotes`, {
    config: coder,
    schema: {
      tags,
      summary: 'Take a quote from a coding (optionally a range inside it, in code points of the source); refused without consent to quotation',
      params,
      body: z.object({ codingId: z.string(), start: z.number().int().optional(), end: z.number().int().optional(), note: z.string().optional() }),
      response: { 201: quoteOut },
    },
  }, async (request, reply) => reply.code(201).send(await addQuote(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${base}/quotes/:quote`, {
    config: coder,
    schema: { tags, summary: 'One quote', params: quoteParams, response: { 200: quoteOut } },
  }, async (request) => getQuote(db, request.evaluation!.id, request.params.quote));

  app.patch(`${base}/quotes/:quote`, {
    config: coder,
    schema: { tags, summary: 'Change a quote’s text (pseudonymised again; the original is kept) or note', params: quoteParams, body: z.object({ text: z.string().optional(), note: z.string().optional() }), response: { 200: quoteOut } },
  }, async (request) => {
    const current = await getQuote(db, request.evaluation!.id, request.params.quote);
    return editQuote(db, request.user!.id, request.evaluation!.id, current.id, { text: request.body.text ?? current.text, note: request.body.note ?? current.note });
  });

  app.delete(`${base}/quotes/:quote`, {
    config: coder,
    schema: { tags, summary: 'Remove a quote', params: quoteParams },
  }, async (request, reply) => {
    await removeQuote(db, request.user!.id, request.evaluation!.id, request.params.quote);
    return reply.code(204).send();
  });

  app.get(`${base}/quotes-check`, {
    config: coder,
    schema: {
      tags,
      summary: 'Pre-release check: the quotes whose text or attribution still holds a staff directory name or a listed term',
      params,
      response: { 200: z.object({ checked: z.number(), problems: z.array(z.object({ quote: quoteOut, findings: z.array(z.object({ in: z.enum(['text', 'attribution']), source: z.enum(['term', 'directory']), kind: z.string(), term: z.string(), found: z.string(), at: z.number() })) })) }) },
    },
  }, async (request) => quotePrereleaseCheck(db, request.evaluation!.id));

  app.get(`${base}/attribution-rules`, {
    config: coder,
    schema: { tags, summary: 'How quotes are attributed, by role category ("*" for every role without a rule)', params, response: { 200: z.object({ rules: z.array(ruleOut) }) } },
  }, async (request) => ({ rules: await attributionRules(db, request.evaluation!.id) }));

  app.put(`${base}/attribution-rules`, {
    config: researcher,
    schema: {
      tags,
      summary: 'Replace the attribution rules (a blank attribution removes a rule)',
      params,
      body: z.object({ rules: z.array(z.object({ roleCategory: z.string(), attribution: z.string() })) }),
      response: { 200: z.object({ rules: z.array(ruleOut) }) },
    },
  }, async (request) => ({ rules: await saveAttributionRules(db, request.user!.id, request.evaluation!.id, request.body) }));
}
