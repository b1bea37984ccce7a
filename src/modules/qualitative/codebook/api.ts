import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member, signedIn } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { createCode, listCodes, type Code } from '../service.ts';
import type { Framework } from './framework.ts';
import { getFramework, listFrameworks } from './frameworks.ts';
import { loadFramework } from './load-framework.ts';
import { changeCode, codeSegments, deleteCode, getCode, mergeCode, splitCode } from './service.ts';

const tags = ['Codebook'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const codeParams = evaluationParams.extend({ code: z.string().describe('The code id') });
const valence = z.enum(['facilitating', 'inhibiting', 'mixed', 'neutral']);

const codeOut = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  colour: z.string().describe('#rrggbb'),
  frameworkRef: z.string().nullable().describe('framework-id/construct-id when the code stands for a framework construct'),
  position: z.number(),
  codings: z.number().describe('How many codings use this code (not counting its sub-codes)'),
});
const segmentOut = z.object({
  codingId: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  start: z.number().describe('Code points from the start of the text'),
  end: z.number().describe('Code points, end exclusive'),
  text: z.string(),
  valence,
  memo: z.string(),
  coderName: z.string(),
});
const codeBody = z.object({
  name: z.string(),
  description: z.string().optional(),
  colour: z.string().optional().describe('#rrggbb, lowercase'),
  parentId: z.string().nullable().optional().describe('The code to put it under; absent or null for the top level'),
});
const constructOut = z.object({
  id: z.string(),
  name: z.string(),
  definition: z.string(),
  group: z.string().nullable(),
  subconstructs: z.array(z.object({ id: z.string(), name: z.string(), definition: z.string() })),
});
const frameworkOut = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  version: z.string(),
  citation: z.string(),
  componentTerm: z.enum(['component', 'domain']),
  components: z.array(z.object({ id: z.string(), name: z.string(), definition: z.string(), colour: z.string(), constructs: z.array(constructOut) })),
});

const toApi = (c: Code): z.infer<typeof codeOut> => ({ ...c });

function frameworkToApi(f: Framework): z.infer<typeof frameworkOut> {
  return {
    id: f.id,
    name: f.name,
    shortName: f.shortName,
    version: f.version,
    citation: f.citation,
    componentTerm: f.componentTerm,
    components: f.components.map((c) => ({
      id: c.id,
      name: c.name,
      definition: c.definition,
      colour: c.colour,
      constructs: c.constructs.map((k) => ({ id: k.id, name: k.name, definition: k.definition, group: k.group ?? null, subconstructs: k.subconstructs.map((s) => ({ ...s })) })),
    })),
  };
}

export async function registerCodebookApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get('/api/v1/frameworks', {
    config: { access: signedIn },
    schema: { tags, summary: 'The framework codebooks shipped with Formative, with their constructs', response: { 200: z.object({ frameworks: z.array(frameworkOut) }) } },
  }, async () => ({ frameworks: listFrameworks().map(frameworkToApi) }));

  app.get('/api/v1/frameworks/:framework', {
    config: { access: signedIn },
    schema: { tags, summary: 'One framework codebook', params: z.object({ framework: z.string() }), response: { 200: frameworkOut } },
  }, async (request) => {
    const framework = getFramework(request.params.framework);
    if (!framework) throw notFound('Framework');
    return frameworkToApi(framework);
  });

  app.post('/api/v1/evaluations/:evaluation/frameworks/:framework/load', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Load a framework into the codebook: components or domains as top-level codes, constructs under them. Codes already loaded are skipped.',
      params: evaluationParams.extend({ framework: z.string() }),
      response: { 200: z.object({ created: z.number(), skipped: z.number() }) },
    },
  }, async (request) => loadFramework(db, request.user!.id, request.evaluation!.id, request.params.framework));

  app.get('/api/v1/evaluations/:evaluation/codes', {
    config: { access: member('coder') },
    schema: { tags, summary: 'Every code of the codebook, in tree order within each parent', params: evaluationParams, response: { 200: z.object({ codes: z.array(codeOut) }) } },
  }, async (request) => ({ codes: (await listCodes(db, request.evaluation!.id)).map(toApi) }));

  app.post('/api/v1/evaluations/:evaluation/codes', {
    config: { access: member('coder') },
    schema: { tags, summary: 'Add a code, anywhere in the tree', params: evaluationParams, body: codeBody, response: { 201: codeOut } },
  }, async (request, reply) => reply.code(201).send(toApi(await createCode(db, request.user!.id, request.evaluation!.id, request.body))));

  app.get('/api/v1/evaluations/:evaluation/codes/:code', {
    config: { access: member('coder') },
    schema: { tags, summary: 'One code with its coded segments', params: codeParams, response: { 200: codeOut.extend({ segments: z.array(segmentOut) }) } },
  }, async (request) => {
    const code = await getCode(db, request.evaluation!.id, request.params.code);
    const segments = await codeSegments(db, request.evaluation!.id, code.id, request.user!.id);
    return { ...toApi(code), segments: segments.map((s) => ({ ...s, valence: valence.parse(s.valence) })) };
  });

  app.patch('/api/v1/evaluations/:evaluation/codes/:code', {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Rename, describe, recolour or move a code (parentId; null for the top level). A move under itself or its own sub-code is refused.', params: codeParams, body: codeBody.partial(), response: { 200: codeOut } },
  }, async (request) => toApi(await changeCode(db, request.user!.id, request.evaluation!.id, request.params.code, request.body)));

  app.delete('/api/v1/evaluations/:evaluation/codes/:code', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Delete a code; its sub-codes move up a level. A code with codings is deleted only with withCodings=true (409 otherwise).',
      params: codeParams,
      querystring: z.object({ withCodings: z.enum(['true', 'false']).default('false') }),
    },
  }, async (request, reply) => {
    await getCode(db, request.evaluation!.id, request.params.code);
    await deleteCode(db, request.user!.id, request.evaluation!.id, request.params.code, { withCodings: request.query.withCodings === 'true' });
    return reply.code(204).send();
  });

  app.post('/api/v1/evaluations/:evaluation/codes/:code/merge', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Merge this code into another: its codings, sub-codes and memos move there and it is deleted',
      params: codeParams,
      body: z.object({ into: z.string().describe('The id of the code that remains') }),
      response: { 200: z.object({ into: codeOut, codingsMoved: z.number(), subCodesMoved: z.number(), memosMoved: z.number() }) },
    },
  }, async (request) => {
    const result = await mergeCode(db, request.user!.id, request.evaluation!.id, request.params.code, request.body.into);
    return { ...result, into: toApi(result.into) };
  });

  app.post('/api/v1/evaluations/:evaluation/codes/:code/split', {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Split a code: a new code beside it takes the named codings',
      params: codeParams,
      body: z.object({ name: z.string(), description: z.string().optional(), colour: z.string().optional(), codingIds: z.array(z.string()) }),
      response: { 201: z.object({ original: codeOut, created: codeOut, codingsMoved: z.number() }) },
    },
  }, async (request, reply) => {
    const result = await splitCode(db, request.user!.id, request.evaluation!.id, request.params.code, request.body);
    return reply.code(201).send({ original: toApi(result.original), created: toApi(result.created), codingsMoved: result.codingsMoved });
  });
}
