import type { FastifyReply } from 'fastify';
import type { ExportFile } from './service.ts';

/**
 * Streams an export to the browser or API client as a download under its own name. Raw answers
 * must not linger in shared caches, hence no-store.
 */
export function sendExportFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .type(file.contentType)
    .send(file.body);
}
