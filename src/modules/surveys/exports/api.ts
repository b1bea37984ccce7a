import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { sendExportFile } from './download.ts';
import { exportFormats, exportQuery } from './options.ts';
import { exportFile, planExport, recordExport } from './service.ts';

const params = z.object({
  evaluation: z.string().describe('The evaluation id or short name (slug)'),
  survey: z.string().describe('The survey id, or the code in its public link'),
});

const query = exportQuery.extend({
  format: exportQuery.shape.format.describe(`One of ${exportFormats.join(', ')}. spss and r are ZIP files of a script and its data CSV; codebook is a CSV`),
  labels: exportQuery.shape.labels.describe('true (or "labels") for answer labels instead of codes; CSV and XLSX only'),
  partial: exportQuery.shape.partial.describe('true to include partial responses'),
  pretest: exportQuery.shape.pretest.describe('true to include pre-test responses'),
  bom: exportQuery.shape.bom.describe('true to start CSV files with a UTF-8 byte-order mark, for Excel'),
});

export async function registerExportApi(root: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  // Researchers and the lead only: the file holds every raw answer.
  app.get('/api/v1/evaluations/:evaluation/surveys/:survey/export', {
    config: { access: member('researcher') },
    schema: {
      tags: ['Surveys'],
      summary: 'Download a survey\'s responses or codebook as a file (streamed)',
      description: 'The current version\'s variables; responses to earlier versions are mapped by question id, left empty where a question was not asked or was coded differently. Complete pilot and main responses unless partial or pretest is true.',
      params,
      querystring: query,
    },
  }, async (request, reply) => {
    const plan = await planExport(db, request.evaluation!.id, request.params.survey, request.query, clock());
    await recordExport(db, request.user!.id, plan);
    return sendExportFile(reply, exportFile(db, plan));
  });
}
