import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { registerPrivacyApi } from './api.ts';
import { registerConsentPages } from './consent-routes.ts';
import { registerRetentionPages } from './retention-routes.ts';
import { registerSubjectPages } from './subject-routes.ts';
import { registerWithdrawalPages } from './withdrawal-routes.ts';

/** Privacy: consent records, withdrawals with erasure, retention, subject access. */
export async function registerPrivacy(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerSubjectPages(app, deps);
  registerConsentPages(app, deps);
  registerWithdrawalPages(app, deps);
  registerRetentionPages(app, deps);
  await registerPrivacyApi(app, deps);
}
