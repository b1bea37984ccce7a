import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { registerAccessControl, type DeclaredRoute } from './access.ts';
import { registerAuthentication } from './auth.ts';
import { registerErrorHandling } from './errors.ts';
import { loggerOptions } from './logger.ts';
import { registerOpenApi, registerOpenApiRoute } from './openapi.ts';
import { registerSecurity } from './security.ts';
import { registerViews } from './views.ts';
import { modules } from '../modules/index.ts';
import { evaluationForMember } from '../modules/evaluations/service.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  /** The time, injectable so tests can move it. */
  clock?: () => Date;
  /** Where logs go (standard output by default); tests read them to check nothing secret is logged. */
  logStream?: NodeJS.WritableStream;
}

export interface ModuleDeps {
  config: Config;
  database: Database;
  clock: () => Date;
}

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route with the access rule it declared: the access test is generated from this list. */
  routes: DeclaredRoute[];
}

/** The composition root: the same app in production, the demo and the tests. */
export async function buildApp({ config, database, clock = () => new Date(), logStream }: AppDeps): Promise<BuiltApp> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { ...loggerOptions(config.logLevel), ...(logStream ? { stream: logStream } : {}) },
    trustProxy: config.env === 'production',
    bodyLimit: 1_048_576,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await registerSecurity(app, config);
  await registerViews(app);
  await registerOpenApi(app);
  registerAuthentication(app, database.db, clock);

  const routes: DeclaredRoute[] = [];
  const deps: ModuleDeps = { config, database, clock };
  await app.register(async (scope) => {
    registerAccessControl(scope, (ref, userId) => evaluationForMember(database.db, ref, userId), routes);
    registerOpenApiRoute(scope, app);
    for (const register of modules) await register(scope, deps);
  });
  await app.ready();
  return { app, routes };
}
