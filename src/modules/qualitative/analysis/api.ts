import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { valences } from '../service.ts';
import { frameworkMatrix, matrixCell, rowKinds, saveMatrixSummary } from './matrix.ts';
import { coOccurrence, coOccurringSegments, searchSources, segmentsOfCode } from './service.ts';

const tags = ['Qualitative queries'];
const base = '/api/v1/evaluations/:evaluation/qualitative';
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const coder = { access: member('coder') };

const text = z.union([z.string(), z.array(z.string())]);
/** The "who said it" filter, as every query here takes it; the services validate the values. */
const filterQuery = {
  attribute: text.optional().describe('name=value; repeat for several (all must hold)'),
  role: z.string().optional().describe('A role category, ignoring case'),
  wave: z.string().optional().describe('A wave id'),
  participant: z.string().optional().describe('A participant id'),
};

const speakerOut = {
  participantId: z.string().nullable(),
  participantLabel: z.string().nullable(),
  roleCategory: z.string().nullable(),
  waveId: z.string().nullable(),
  waveName: z.string().nullable(),
};
const segmentOut = z.object({
  ...speakerOut,
  codingId: z.string(),
  codeId: z.string(),
  codeName: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  start: z.number().describe('Code points from the start of the source, inclusive'),
  end: z.number().describe('Code points from the start of the source, exclusive'),
  valence: z.enum(valences),
  memo: z.string(),
  coderId: z.string().nullable(),
  needsReview: z.boolean(),
  before: z.string().describe('Context before the segment'),
  text: z.string(),
  after: z.string().describe('Context after the segment'),
});
const codeOut = z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable() });
const toCode = (c: { id: string; name: string; parentId: string | null }) => ({ id: c.id, name: c.name, parentId: c.parentId });

export async function registerAnalysisApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get(`${base}/segments`, {
    config: coder,
    schema: {
      tags,
      summary: 'All segments coded with a code, with context, filtered by who said them',
      params,
      querystring: z.object({
        code: z.string(),
        subcodes: z.enum(['yes', 'no']).optional().describe('yes to include the codes below it'),
        context: z.string().optional().describe('Characters of context either side, 0–300 (150)'),
        page: z.string().optional(),
        pageSize: z.coerce.number().int().min(1).max(5000).default(500),
        ...filterQuery,
      }),
      response: { 200: z.object({ code: codeOut, total: z.number(), page: z.number(), segments: z.array(segmentOut) }) },
    },
  }, async (request) => {
    const { pageSize, ...query } = request.query;
    const result = await segmentsOfCode(db, request.evaluation!.id, query, request.user!.id, pageSize);
    return { code: toCode(result.code), total: result.total, page: result.query.page, segments: result.segments };
  });

  app.get(`${base}/co-occurrence`, {
    config: coder,
    schema: {
      tags,
      summary: 'Pairs of codes (the children of a code, or the top-level codes) whose segments overlap in the same source',
      params,
      querystring: z.object({ parent: z.string().optional(), ...filterQuery }),
      response: {
        200: z.object({
          codes: z.array(codeOut),
          pairs: z.array(z.object({ codeA: z.string(), codeB: z.string(), overlaps: z.number(), sources: z.number() })),
        }),
      },
    },
  }, async (request) => {
    const result = await coOccurrence(db, request.evaluation!.id, request.query, request.user!.id);
    return { codes: result.codes.map(toCode), pairs: result.pairs.map((p) => ({ codeA: p.codeA.id, codeB: p.codeB.id, overlaps: p.overlaps, sources: p.sources })) };
  });

  app.get(`${base}/co-occurrence/:codeA/:codeB`, {
    config: coder,
    schema: {
      tags,
      summary: 'The overlapping segments of two codes, with the text they share',
      params: params.extend({ codeA: z.string(), codeB: z.string() }),
      querystring: z.object(filterQuery),
      response: { 200: z.object({ overlaps: z.array(z.object({ a: segmentOut, b: segmentOut, start: z.number(), end: z.number(), shared: z.string() })) }) },
    },
  }, async (request) => ({ overlaps: (await coOccurringSegments(db, request.evaluation!.id, request.params.codeA, request.params.codeB, request.query, request.user!.id)).overlaps }));

  app.get(`${base}/search`, {
    config: coder,
    schema: {
      tags,
      summary: 'Full-text search across the sources (web-search syntax: "phrases", or, -word), ranked, 20 a page, with snippets',
      params,
      querystring: z.object({ q: z.string(), page: z.string().optional(), ...filterQuery }),
      response: {
        200: z.object({
          total: z.number(),
          page: z.number(),
          results: z.array(z.object({
            ...speakerOut,
            sourceId: z.string(),
            name: z.string(),
            kind: z.string(),
            rank: z.number(),
            snippets: z.array(z.array(z.object({ text: z.string(), match: z.boolean() }))),
          })),
        }),
      },
    },
  }, async (request) => {
    const result = await searchSources(db, request.evaluation!.id, request.query);
    return { total: result.total, page: result.query.page, results: result.results };
  });

  const matrixQuery = { rows: z.enum(rowKinds).optional(), parent: z.string().optional(), ...filterQuery };

  app.get(`${base}/framework-matrix`, {
    config: coder,
    schema: {
      tags,
      summary: 'The framework matrix: rows (participants or role categories) by columns (the codes under a code), with segment counts and summaries',
      params,
      querystring: z.object(matrixQuery),
      response: {
        200: z.object({
          rows: z.array(z.object({ key: z.string(), label: z.string() })),
          columns: z.array(codeOut),
          cells: z.array(z.array(z.object({ segments: z.number(), summary: z.string() }))),
        }),
      },
    },
  }, async (request) => {
    const matrix = await frameworkMatrix(db, request.evaluation!.id, request.query, request.user!.id);
    return { rows: matrix.rows, columns: matrix.columns.map(toCode), cells: matrix.cells };
  });

  app.get(`${base}/framework-matrix/cell`, {
    config: coder,
    schema: {
      tags,
      summary: 'One cell of the framework matrix: its segments and summary',
      params,
      querystring: z.object({ ...matrixQuery, row: z.string().describe('A participant id or a role category'), column: z.string().describe('A code id'), context: z.string().optional() }),
      response: { 200: z.object({ summary: z.string(), segments: z.array(segmentOut) }) },
    },
  }, async (request) => {
    const cell = await matrixCell(db, request.evaluation!.id, request.query, request.user!.id);
    return { summary: cell.summary, segments: cell.segments };
  });

  app.put(`${base}/framework-matrix/summaries`, {
    config: coder,
    schema: {
      tags,
      summary: 'Write the summary of a matrix cell (an empty summary removes it)',
      params,
      body: z.object({ rows: z.enum(rowKinds), row: z.string(), column: z.string(), summary: z.string() }),
      response: { 200: z.object({ rows: z.enum(rowKinds), row: z.string(), column: z.string(), summary: z.string() }) },
    },
  }, async (request) => {
    const { rows, row, column, summary } = request.body;
    const saved = await saveMatrixSummary(db, request.user!.id, request.evaluation!.id, { rows, row, column }, { summary });
    return { rows, row: saved.row.key, column: saved.column.id, summary: saved.summary };
  });
}
