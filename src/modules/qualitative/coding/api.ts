import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { conflict } from '../../../http/errors.ts';
import { blindRoundFor } from '../agreement/blind.ts';
import { getSource, valences } from '../service.ts';
import { changeMemo, createMemo, deleteMemo, getMemo, listMemos, memoSubjects, type Memo } from './memos.ts';
import { applyCodes, changeCoding, getCoding, listSourceCodings, markChecked, removeCoding, type CodingView } from './service.ts';

const tags = ['Coding'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const sourceParams = evaluationParams.extend({ source: z.string().describe('The source id') });
const codingParams = sourceParams.extend({ coding: z.string().describe('The coding id') });
const memoParams = evaluationParams.extend({ memo: z.string().describe('The memo id') });

const codingOut = z.object({
  id: z.string(),
  codeId: z.string(),
  codeName: z.string(),
  start: z.number().describe('Code points from the start of the text'),
  end: z.number().describe('Code points, end exclusive'),
  text: z.string(),
  valence: z.enum(valences),
  memo: z.string(),
  coderId: z.string().nullable(),
  coderName: z.string(),
  needsReview: z.boolean(),
  reviewNote: z.string(),
});
const memoOut = z.object({
  id: z.string(),
  subject: z.enum(['project', 'code', 'source', 'coding']),
  subjectId: z.string().nullable(),
  subjectName: z.string(),
  title: z.string(),
  body: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const codingToApi = (c: CodingView): z.infer<typeof codingOut> => ({
  id: c.id, codeId: c.codeId, codeName: c.codeName, start: c.start, end: c.end, text: c.text, valence: c.valence,
  memo: c.memo, coderId: c.coderId, coderName: c.coderName, needsReview: c.needsReview, reviewNote: c.reviewNote,
});
const memoToApi = (m: Memo): z.infer<typeof memoOut> => ({ ...m, createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString() });

export async function registerCodingApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const actor = (request: FastifyRequest) => ({ id: request.user!.id, role: request.role! });

  app.get('/api/v1/evaluations/:evaluation/sources/:source/codings', {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'The codings of a source in reading order, each with the text it covers; only your own while you code the source blind in an open agreement round',
      params: sourceParams,
      response: { 200: z.object({ codings: z.array(codingOut), blindRound: z.object({ id: z.string(), name: z.string() }).nullable() }) },
    },
  }, async (request) => {
    const evaluationId = request.evaluation!.id;
    const source = await getSource(db, evaluationId, request.params.source);
    const blind = await blindRoundFor(db, evaluationId, source.id, request.user!.id);
    return { codings: (await listSourceCodings(db, evaluationId, source.id, blind?.onlyCoderId)).map(codingToApi), blindRound: blind ? { id: blind.roundId, name: blind.roundName } : null };
  });

  app.post('/api/v1/evaluations/:evaluation/sources/:source/codings', {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'Apply one or more codes to a range of a source. Positions count Unicode code points (not UTF-16 units), end exclusive. The same code on the same range by the same coder is stored once.',
      params: sourceParams,
      body: z.object({
        codeIds: z.array(z.string()).default([]),
        newCodeName: z.string().optional().describe('A new emergent code to create and apply as well'),
        start: z.number().int(),
        end: z.number().int(),
        valence: z.enum(valences).optional(),
        memo: z.string().optional(),
        revision: z.number().int().optional().describe('The revision of the text the positions refer to; refused with 409 when the text has changed since'),
      }),
      response: { 201: z.object({ codings: z.array(codingOut) }) },
    },
  }, async (request, reply) => {
    const { start, end, revision, ...input } = request.body;
    const source = await getSource(db, request.evaluation!.id, request.params.source);
    if (revision !== undefined && revision !== source.revision) throw conflict(`The text is at revision ${source.revision}, not ${revision}: fetch it again and recompute the positions`);
    const codings = await applyCodes(db, request.user!.id, request.evaluation!.id, source.id, { start, end }, input);
    return reply.code(201).send({ codings: codings.map(codingToApi) });
  });

  app.patch('/api/v1/evaluations/:evaluation/sources/:source/codings/:coding', {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'Change a coding’s valence or memo, or mark it checked after an edit of the text (your own codings; researchers and leads any)',
      params: codingParams,
      body: z.object({ valence: z.enum(valences).optional(), memo: z.string().optional(), checked: z.literal(true).optional() }),
      response: { 200: codingOut },
    },
  }, async (request) => {
    const { checked, ...change } = request.body;
    const { evaluation, params } = { evaluation: request.evaluation!.id, params: request.params };
    await getCoding(db, evaluation, params.source, params.coding, request.user!.id);
    let coding = await changeCoding(db, actor(request), evaluation, params.source, params.coding, change);
    if (checked) coding = await markChecked(db, actor(request), evaluation, params.source, params.coding);
    return codingToApi(coding);
  });

  app.delete('/api/v1/evaluations/:evaluation/sources/:source/codings/:coding', {
    config: { access: member('coder') },
    schema: { tags, summary: 'Remove a coding (your own; researchers and leads any)', params: codingParams },
  }, async (request, reply) => {
    await removeCoding(db, actor(request), request.evaluation!.id, request.params.source, request.params.coding);
    return reply.code(204).send();
  });

  app.get('/api/v1/evaluations/:evaluation/memos', {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'Memos about the project, codes and sources; filter by subject (and subjectId)',
      params: evaluationParams,
      querystring: z.object({ subject: z.enum(memoSubjects).optional(), subjectId: z.string().uuid().optional() }),
      response: { 200: z.object({ memos: z.array(memoOut) }) },
    },
  }, async (request) => {
    const { subject, subjectId } = request.query;
    const memos = await listMemos(db, request.evaluation!.id, subject ? { subject, subjectId: subject === 'project' ? null : (subjectId ?? null) } : undefined);
    return { memos: memos.map(memoToApi) };
  });

  app.post('/api/v1/evaluations/:evaluation/memos', {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'Write a memo about the project, a code or a source',
      params: evaluationParams,
      body: z.object({ subject: z.enum(memoSubjects), subjectId: z.string().nullable().optional(), title: z.string().optional(), body: z.string() }),
      response: { 201: memoOut },
    },
  }, async (request, reply) => reply.code(201).send(memoToApi(await createMemo(db, actor(request), request.evaluation!.id, request.body))));

  app.get('/api/v1/evaluations/:evaluation/memos/:memo', {
    config: { access: member('coder') },
    schema: { tags, summary: 'One memo', params: memoParams, response: { 200: memoOut } },
  }, async (request) => memoToApi(await getMemo(db, request.evaluation!.id, request.params.memo)));

  app.patch('/api/v1/evaluations/:evaluation/memos/:memo', {
    config: { access: member('coder') },
    schema: { tags, summary: 'Change a memo (its author, researchers and leads)', params: memoParams, body: z.object({ title: z.string().optional(), body: z.string().optional() }), response: { 200: memoOut } },
  }, async (request) => {
    const current = await getMemo(db, request.evaluation!.id, request.params.memo);
    const change = { title: request.body.title ?? current.title, body: request.body.body ?? current.body };
    return memoToApi(await changeMemo(db, actor(request), request.evaluation!.id, current.id, change, clock()));
  });

  app.delete('/api/v1/evaluations/:evaluation/memos/:memo', {
    config: { access: member('coder') },
    schema: { tags, summary: 'Delete a memo (its author, researchers and leads)', params: memoParams },
  }, async (request, reply) => {
    await deleteMemo(db, actor(request), request.evaluation!.id, request.params.memo);
    return reply.code(204).send();
  });
}
