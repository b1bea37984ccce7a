import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { registerPlanAnalysisPages } from './analysis-routes.ts';
import { registerPlanApi } from './api.ts';
import { registerPlanImports } from './import-routes.ts';
import { registerMethodPages } from './method-routes.ts';
import { registerPlanPages } from './plan-routes.ts';

/** Plans, workstreams and deliverables, their import and analysis, and the improvement methods. */
export async function registerPlans(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerPlanPages(app, deps);
  registerPlanAnalysisPages(app, deps);
  registerMethodPages(app, deps);
  await registerPlanImports(app, deps);
  await registerPlanApi(app, deps);
}
