import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { registerCaseStudyApi } from './api.ts';
import { registerCaseFilePages } from './case-file-routes.ts';
import { registerSetupPages } from './setup-routes.ts';
import { registerSitePages } from './site-routes.ts';

/** Case studies: sites and their selection, stakeholders, case files, extraction and service careers. */
export async function registerCaseStudies(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerSitePages(app, deps);
  registerSetupPages(app, deps);
  registerCaseFilePages(app, deps);
  await registerCaseStudyApi(app, deps);
}
