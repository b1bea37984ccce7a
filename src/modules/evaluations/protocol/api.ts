import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { registerAdvisoryApi } from './advisory-api.ts';
import { registerAimsApi } from './aims-api.ts';
import { registerContextApi } from './context-api.ts';
import { registerDocumentsApi } from './documents-api.ts';
import { registerPlanApi } from './plan-api.ts';
import { registerTasksApi } from './tasks-api.ts';

/** The protocol and context timeline API, under /api/v1/evaluations/:evaluation/… */
export async function registerProtocolApi(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerAimsApi(app, deps);
  await registerTasksApi(app, deps);
  await registerPlanApi(app, deps);
  await registerAdvisoryApi(app, deps);
  await registerDocumentsApi(app, deps);
  await registerContextApi(app, deps);
}
