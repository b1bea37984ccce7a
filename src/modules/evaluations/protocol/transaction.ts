import type { Db } from '../../../db/database.ts';

/**
 * Runs `fn` in a transaction, or in the caller's when it already holds one: the demo builder wraps
 * the whole protocol in its own transaction, and Kysely cannot open one inside another.
 */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
