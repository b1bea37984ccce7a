import type { Db } from '../../db/database.ts';

/**
 * Runs `fn` in a transaction, or in the caller's when it already holds one, so the demo builder
 * can wrap many of this module's changes in a single transaction of its own.
 */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** PostgreSQL's code for a row still referred to by a foreign key. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';
}
