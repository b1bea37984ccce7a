import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { evidenceMap, factorsTable, listFindings } from './service.ts';
import type { Params } from './page-helpers.ts';

/** The evidence map: constructs × methods with a verdict in words, and the facilitating and inhibiting factors. */
export function registerMapPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  app.get<{ Params: Params }>('/evaluations/:evaluation/findings/map', { config: { access: member('coder') } }, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const [map, findings] = await Promise.all([evidenceMap(db, evaluationId), listFindings(db, evaluationId)]);
    return reply.view('findings/views/map.njk', { title: 'Evidence map', map, factors: factorsTable(findings), findingCount: findings.length });
  });
}
