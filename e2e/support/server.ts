import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import type { User } from '../../src/modules/accounts/service.ts';
import type { TestBackend } from '../../test/databases.ts';
import { addUser, testConfig } from '../../test/app.ts';

export interface ServerFixture {
  /** Where the server listens, like http://127.0.0.1:41234, with no trailing slash. */
  readonly baseUrl: string;
  readonly database: Database;
  /** A new account with the test password, for one test to sign in with. */
  addUser(name?: string): Promise<User>;
}

/**
 * A real Formative server on a free port over a fresh database of the given back end, started
 * before the tests of the enclosing describe block and stopped after them.
 */
export function useServer(backend: TestBackend): ServerFixture {
  let running: { app: FastifyInstance; database: Database; baseUrl: string } | undefined;

  beforeAll(async () => {
    const database = await backend.open();
    const { app } = await buildApp({ config: testConfig(), database });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    running = { app, database, baseUrl: address.replace(/\/$/, '') };
  });

  afterAll(async () => {
    await running?.app.close();
    await running?.database.close();
  });

  const started = () => {
    if (!running) throw new Error(`The ${backend.name} server starts in beforeAll: use it inside a test`);
    return running;
  };

  return {
    get baseUrl() {
      return started().baseUrl;
    },
    get database() {
      return started().database;
    },
    addUser: (name) => addUser(started().database, name),
  };
}
