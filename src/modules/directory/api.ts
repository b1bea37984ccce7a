import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { badRequest } from '../../http/errors.ts';
import { findingKinds } from './checks.ts';
import { checkDirectory, decideFinding, decisions, findingsQueue, findingStatuses, getFinding } from './cleaning-service.ts';
import { maxDirectoryBytes } from './file-reading.ts';
import { commitStagedImport, getStagedImport, mapStagedImport, previewStagedImport, stageDirectoryFile, type StagedImport } from './import-service.ts';
import { directoryFields } from './mapping.ts';

/**
 * The directory import and cleaning as JSON, step for step as the pages: send the file, send the
 * mapping (the answer is the preview), commit; run the checks, list the findings, decide.
 */

const tags = ['Directory'];
export const rawDirectoryTypes = [
  'text/csv',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const uploadParams = evaluationParams.extend({ upload: z.string().describe('The id of the uploaded directory') });
const findingParams = evaluationParams.extend({ finding: z.string().describe('The finding id') });

const fieldEnum = z.enum(directoryFields);
const mappingOut = z.record(z.string(), z.string()).describe('Directory field → the column of the file that holds it');
const stagedOut = z.object({
  id: z.string(),
  filename: z.string(),
  format: z.enum(['csv', 'xlsx']),
  readAs: z.string().describe('How the file was read, like "UTF-8 text separated by semicolons"'),
  columns: z.array(z.string()),
  rowCount: z.number(),
  sample: z.array(z.array(z.string())).describe('The first rows as they are in the file'),
  mapping: mappingOut.describe('The mapping sent, or the first guess from the header row'),
  mapped: z.boolean(),
});
const previewOut = z.object({
  rows: z.number(),
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  notInFile: z.number(),
  changes: z.array(z.object({ line: z.number(), name: z.string(), matchedBy: z.string(), changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })) })),
  firstRows: z.array(z.object({ line: z.number(), status: z.enum(['new', 'changed', 'unchanged']), values: z.record(z.string(), z.string()) })),
  notInFileNames: z.array(z.string()),
  mappedFields: z.array(fieldEnum),
});
const kindCounts = z.object({ double: z.number(), missing: z.number(), 'out-of-date': z.number() });
const cleaningOut = z.object({ entries: z.number(), found: kindCounts, open: kindCounts, asOf: z.string(), staleMonths: z.number() });
const resultOut = z.object({ rows: z.number(), added: z.number(), changed: z.number(), unchanged: z.number(), notInFile: z.number(), cleaning: cleaningOut });
const entryOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  unitName: z.string().nullable(),
  jobTitle: z.string(),
  leftOn: z.string().nullable(),
  lastVerifiedOn: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
});
const findingOut = z.object({
  id: z.string(),
  kind: z.enum(findingKinds),
  status: z.enum(findingStatuses),
  score: z.number().nullable(),
  reasons: z.array(z.string()),
  foundAt: z.date(),
  person: entryOut,
  other: entryOut.nullable(),
});
const findingDetailOut = findingOut.extend({
  decisions: z.array(z.object({ id: z.string(), decision: z.enum(decisions), personId: z.string().nullable(), mergedPersonId: z.string().nullable(), reason: z.string(), decidedAt: z.date(), decidedBy: z.string() })),
});

const withColumnNames = (staged: StagedImport) => ({
  ...staged,
  mapping: Object.fromEntries(Object.entries(staged.mapping).map(([field, column]) => [field, staged.columns[column] ?? ''])),
});

function rawFile(request: FastifyRequest): Buffer {
  if (Buffer.isBuffer(request.body)) return request.body;
  throw badRequest(`Send the directory file itself as the body, with Content-Type text/csv or ${rawDirectoryTypes[4]}`, [{ field: 'body', message: 'Send the file as the body' }]);
}

export async function registerDirectoryApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation/directory';
  app.addContentTypeParser(rawDirectoryTypes, { parseAs: 'buffer', bodyLimit: maxDirectoryBytes }, (_request, body, done) => done(null, body));

  app.post(`${path}/imports`, {
    config: { access: member('researcher') },
    bodyLimit: maxDirectoryBytes,
    schema: {
      tags,
      summary: 'Upload a directory file (CSV or .xlsx) for mapping; nothing in the directory changes yet',
      description: 'The body is the file itself. The answer lists its columns, its first rows and a first guess at the mapping. The upload is kept for a day, for the user who sent it only.',
      params: evaluationParams,
      querystring: z.object({ filename: z.string().optional() }),
      response: { 201: stagedOut },
    },
  }, async (request, reply) => {
    const staged = await stageDirectoryFile(db, request.user!.id, request.evaluation!.id, { filename: request.query.filename ?? 'directory', content: rawFile(request) });
    return reply.code(201).send(withColumnNames(staged));
  });

  app.get(`${path}/imports/:upload`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'An uploaded directory waiting to be mapped and imported', params: uploadParams, response: { 200: stagedOut } },
  }, async (request) => withColumnNames(await getStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload)));

  app.put(`${path}/imports/:upload/mapping`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Say which column holds what; the answer is the preview',
      description: `The body maps directory fields (${directoryFields.join(', ')}) to column names; name is required. Any row with a bad value answers 400 naming the row and column.`,
      params: uploadParams,
      body: z.record(z.string(), z.string().nullable()),
      response: { 200: previewOut },
    },
  }, async (request) => mapStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload, request.body));

  app.get(`${path}/imports/:upload/preview`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'What importing the mapped file would add and change', params: uploadParams, response: { 200: previewOut } },
  }, async (request) => previewStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload));

  app.post(`${path}/imports/:upload/commit`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Import the mapped file in one transaction, then run the cleaning checks', params: uploadParams, response: { 200: resultOut } },
  }, async (request) => commitStagedImport(db, request.user!.id, request.evaluation!.id, request.params.upload));

  app.post(`${path}/checks`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Run the cleaning checks and bring the review queue up to date',
      params: evaluationParams,
      body: z.object({ asOf: z.string().optional().describe('yyyy-mm-dd; the last run\'s day when absent'), staleMonths: z.number().int().optional() }).optional(),
      response: { 200: cleaningOut },
    },
  }, async (request) => checkDirectory(db, request.user!.id, request.evaluation!.id, request.body ?? {}));

  app.get(`${path}/findings`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'The review queue: findings of one status (open by default), optionally of one kind, 25 a page',
      params: evaluationParams,
      querystring: z.object({ kind: z.enum(findingKinds).optional(), status: z.enum(findingStatuses).optional(), page: z.coerce.number().int().min(1).optional() }),
      response: {
        200: z.object({
          items: z.array(findingOut),
          counts: z.record(z.string(), z.record(z.string(), z.number())).describe('Findings by kind, then by status'),
          total: z.number(),
          page: z.number(),
          pages: z.number(),
        }),
      },
    },
  }, async (request) => {
    const queue = await findingsQueue(db, request.evaluation!.id, request.query);
    return { items: queue.findings, counts: queue.counts, total: queue.total, page: queue.page, pages: queue.pages };
  });

  app.get(`${path}/findings/:finding`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One finding with the decisions taken on it', params: findingParams, response: { 200: findingDetailOut } },
  }, async (request) => getFinding(db, request.evaluation!.id, request.params.finding));

  app.post(`${path}/findings/:finding/decisions`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: 'Decide an open finding: merge (double entries), left or keep, with a reason',
      description: 'personId: for merge the entry kept, for left the entry of the person who left (optional when the finding has one entry). leftOn (yyyy-mm-dd) only for left.',
      params: findingParams,
      body: z.object({ decision: z.enum(decisions), reason: z.string(), personId: z.string().optional(), leftOn: z.string().optional() }),
      response: { 201: findingDetailOut },
    },
  }, async (request, reply) => reply.code(201).send(await decideFinding(db, request.user!.id, request.evaluation!.id, request.params.finding, request.body)));
}
