import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { badRequest, fromZodError } from '../../../http/errors.ts';
import { anonymityModes, accessModes, purposes } from '../service.ts';
import { maxImportBytes } from './report.ts';
import { importKinds, importSurvey, kindFromFilename, type ImportKind } from './service.ts';

/**
 * POST /api/v1/evaluations/:evaluation/surveys/import takes the file itself as the body
 * (Content-Type application/xml for a .lss, text/csv for a REDCap dictionary) with settings in
 * the query string, or a JSON document { kind, content, title?, purpose?, filename? }.
 */

const tags = ['Surveys'];
const rawTypes = ['application/xml', 'text/xml', 'text/csv', 'application/csv', 'application/octet-stream'];

const importQuery = z.object({
  kind: z.enum(importKinds).optional().describe('lss or redcap; for a raw body, found from the Content-Type or the filename when absent'),
  title: z.string().optional().describe('The survey title; the title in the file (or the filename) when absent'),
  purpose: z.enum(purposes).optional().describe('pretest, pilot or main (the default)'),
  filename: z.string().optional(),
});

const jsonBody = z.object({
  kind: z.enum(importKinds, { error: 'kind must be lss or redcap' }),
  content: z.string({ error: 'content must be the text of the file' }),
  title: z.string().optional(),
  purpose: z.enum(purposes).optional(),
  filename: z.string().optional(),
});

const reportOut = z.object({
  imported: z.object({
    pages: z.number(),
    questions: z.number(),
    formats: z.record(z.string(), z.number()).describe('Questions by response format'),
    conditions: z.number(),
    introTexts: z.number().describe('Display texts that became page introductions'),
  }),
  notImported: z.array(z.object({ element: z.string(), name: z.string(), reason: z.string() })).describe('Every part of the file that was left out, with the reason'),
});

const surveyOut = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.enum(purposes),
  anonymity: z.enum(anonymityModes),
  access: z.enum(accessModes),
  status: z.string(),
  publicCode: z.string(),
});

function kindOfRaw(request: FastifyRequest, query: z.infer<typeof importQuery>): ImportKind {
  if (query.kind) return query.kind;
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('xml')) return 'lss';
  if (type.includes('csv')) return 'redcap';
  const fromName = query.filename ? kindFromFilename(query.filename) : undefined;
  if (fromName) return fromName;
  throw badRequest('Say what the file is: add ?kind=lss or ?kind=redcap, or send it as application/xml or text/csv', [{ field: 'kind', message: 'Give kind=lss or kind=redcap' }]);
}

/** The import's input from either body shape. */
function importInput(request: FastifyRequest, query: z.infer<typeof importQuery>) {
  const body = request.body;
  if (Buffer.isBuffer(body) || typeof body === 'string') return { ...query, kind: kindOfRaw(request, query), content: body };
  const parsed = jsonBody.safeParse(request.body ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  return { ...query, ...parsed.data };
}

export async function registerSurveyImportApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  // The file arrives as it is, up to the import limit; the route's own limit leaves room for JSON quoting.
  app.addContentTypeParser(rawTypes, { parseAs: 'buffer', bodyLimit: maxImportBytes }, (_request, body, done) => done(null, body));

  app.post('/api/v1/evaluations/:evaluation/surveys/import', {
    config: { access: member('researcher') },
    bodyLimit: maxImportBytes + 2 * 1024 * 1024,
    schema: {
      tags,
      summary: 'Import a LimeSurvey survey structure (.lss) or a REDCap data dictionary (CSV) as a new draft survey',
      description: 'Send the file as the body (Content-Type application/xml or text/csv, settings in the query string), or JSON { kind, content, title, purpose, filename }. The answer lists what was imported and every element that was not. A file that cannot be read creates nothing and answers 400 naming what and where.',
      params: z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') }),
      querystring: importQuery,
      response: { 201: z.object({ survey: surveyOut, report: reportOut }) },
    },
  }, async (request, reply) => {
    const input = importInput(request, request.query);
    const { survey, report } = await importSurvey(db, request.user!.id, request.evaluation!.id, input);
    return reply.code(201).send({
      survey: { id: survey.id, title: survey.title, purpose: survey.purpose, anonymity: survey.anonymity, access: survey.access, status: survey.status, publicCode: survey.publicCode },
      report,
    });
  });
}
