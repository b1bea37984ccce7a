import type { Db } from './database.ts';

/**
 * Runs `fn` in a transaction, or in the caller's when it already holds one. Kysely cannot open a
 * transaction inside another, and callers such as the demo builder or an import wrap many service
 * calls, each transactional on its own, in one transaction of their own.
 */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** PostgreSQL's code for a row still referred to by a foreign key. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';
}
