import type { FastifyInstance } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { ModuleDeps } from '../../http/app.ts';
import { registerDirectoryApi } from './api.ts';
import { registerCleaningPages } from './cleaning-routes.ts';
import { maxDirectoryBytes } from './file-reading.ts';
import { readUpload, registerImportPages } from './import-routes.ts';

/**
 * Directory import and cleaning: pages and API. Multipart uploads and raw file bodies are parsed
 * only inside this plugin, so no other form or endpoint accepts them.
 */
export async function registerDirectory(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      onFile: readUpload,
      limits: { fileSize: maxDirectoryBytes, files: 1, fields: 5, fieldSize: 10_000, parts: 6 },
    });
    registerImportPages(scope, deps);
    registerCleaningPages(scope, deps);
    await registerDirectoryApi(scope, deps);
  });
}
