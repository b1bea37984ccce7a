import type { FastifyInstance } from 'fastify';
import { anyone } from './access.ts';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The API's OpenAPI document, generated from the zod schemas its routes validate with. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Formative API',
        version: '1',
        description:
          'The JSON API of Formative. Authenticate with a personal API token (create one on your account page) sent as `Authorization: Bearer <token>`. Errors are problem documents (RFC 9457).',
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      security: [{ token: [] }],
    },
    transform: (input) => {
      if (!input.url.startsWith('/api/v1/')) return { schema: { ...input.schema, hide: true }, url: input.url };
      return jsonSchemaTransform(input);
    },
  });
}

/** Serves the document; registered inside the access-checked scope like every other route. */
export function registerOpenApiRoute(scope: FastifyInstance, root: FastifyInstance): void {
  scope.get('/api/openapi.json', { config: { access: anyone }, schema: { hide: true } }, async () => root.swagger());
}
