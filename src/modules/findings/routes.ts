import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { registerFindingApi } from './api.ts';
import { registerEvidencePages } from './evidence-routes.ts';
import { registerFindingPages } from './finding-routes.ts';
import { registerMapPages } from './map-routes.ts';
import { registerRecommendationPages } from './recommendation-routes.ts';

/** Findings with their evidence, the evidence map and recommendations: pages for the team and the JSON API. */
export async function registerFindings(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerFindingPages(app, deps);
  registerEvidencePages(app, deps);
  registerMapPages(app, deps);
  registerRecommendationPages(app, deps);
  await registerFindingApi(app, deps);
}
