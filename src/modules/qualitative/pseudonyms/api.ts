import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as pseudonyms from './service.ts';

/** The JSON API for pseudonymisation terms, pseudonymising text and the pre-release check. */

const tags = ['Pseudonymisation'];
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const termParams = params.extend({ term: z.string() });

const termOut = z.object({
  id: z.string(),
  kind: z.enum(pseudonyms.termKinds),
  term: z.string(),
  variants: z.array(z.string()),
  replacement: z.string(),
  seededFrom: z.enum(['', 'unit', 'directory']),
});
const termBody = z.object({
  kind: z.enum(pseudonyms.termKinds),
  term: z.string(),
  variants: z.array(z.string()).optional().describe('Other spellings and short forms, replaced the same way'),
  replacement: z.string().optional().describe('Blank or absent: the usual one for the kind, like "[name of programme]"'),
});
const findingOut = z.object({ source: z.enum(['term', 'directory']), kind: z.string(), term: z.string(), found: z.string(), at: z.number().describe('Code-point position in the text') });

export async function registerPseudonymApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const base = '/api/v1/evaluations/:evaluation/pseudonym-terms';

  app.get(base, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'List the names that pseudonymisation replaces', params, response: { 200: z.object({ items: z.array(termOut) }) } },
  }, async (request) => ({ items: await pseudonyms.listTerms(db, request.evaluation!.id) }));

  app.post(base, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a name to replace', params, body: termBody, response: { 201: termOut } },
  }, async (request, reply) => reply.code(201).send(await pseudonyms.addTerm(db, request.user!.id, request.evaluation!.id, request.body)));

  app.put(`${base}/:term`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change a name to replace', params: termParams, body: termBody, response: { 200: termOut } },
  }, async (request) => pseudonyms.updateTerm(db, request.user!.id, request.evaluation!.id, request.params.term, request.body));

  app.delete(`${base}/:term`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a name from the list', params: termParams },
  }, async (request, reply) => {
    await pseudonyms.deleteTerm(db, request.user!.id, request.evaluation!.id, request.params.term);
    return reply.code(204).send();
  });

  app.post(`${base}/seed`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: "Add the programmes, regions and staff directory names not yet listed",
      params,
      response: { 200: z.object({ fromUnits: z.number(), fromDirectory: z.number() }) },
    },
  }, async (request) => pseudonyms.seedTerms(db, request.user!.id, request.evaluation!.id));

  app.post('/api/v1/evaluations/:evaluation/pseudonymise', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Replace every listed name in a text', params, body: z.object({ text: z.string().max(1_000_000) }), response: { 200: z.object({ text: z.string() }) } },
  }, async (request) => ({ text: await pseudonyms.pseudonymise(db, request.evaluation!.id, request.body.text) }));

  app.post('/api/v1/evaluations/:evaluation/prerelease-check', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'List every listed name and staff directory name still in each text',
      params,
      body: z.object({ texts: z.array(z.object({ id: z.string(), text: z.string() })).max(10_000) }),
      response: { 200: z.object({ results: z.array(z.object({ id: z.string(), clear: z.boolean(), findings: z.array(findingOut) })) }) },
    },
  }, async (request) => ({ results: await pseudonyms.prereleaseCheck(db, request.evaluation!.id, request.body.texts) }));
}
