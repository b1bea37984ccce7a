import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';

/**
 * Runs `fn` in one database transaction, handing it a `Db` on which the services' own
 * `db.transaction().execute(...)` calls run inline in that same transaction.
 *
 * Why: the demo is built by many service calls, each opening its own transaction, and Kysely
 * refuses to open a transaction inside another. Running the inner ones inline makes the whole demo
 * commit or roll back as one, so a failed load leaves nothing half-made behind. An inner failure
 * still throws, which rolls back everything.
 */
export function inOneTransaction<T>(database: Database, fn: (db: Db) => Promise<T>): Promise<T> {
  return database.db.transaction().execute((trx) => fn(nestingInline(trx)));
}

function nestingInline(trx: Transaction<Tables>): Db {
  const builder = {
    execute: <R>(inner: (db: Db) => Promise<R>) => inner(inline),
    // Isolation and access mode are set once by the outer transaction.
    setIsolationLevel: () => builder,
    setAccessMode: () => builder,
  };
  const inline: Db = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') return () => builder;
      // Kysely keeps its state in private fields, which only the real object can read.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return inline;
}
