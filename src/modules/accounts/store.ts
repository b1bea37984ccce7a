import type { Db } from '../../db/database.ts';

export function insertUser(db: Db, values: { email: string; name: string; password_hash: string }) {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function listUsers(db: Db) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'disabled_at']).orderBy((eb) => eb.fn('lower', ['name'])).orderBy('email').execute();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updatePasswordHash(db: Db, id: string, passwordHash: string) {
  return db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export function insertSession(db: Db, values: { id_hash: string; user_id: string; expires_at: Date }) {
  return db.insertInto('sessions').values(values).execute();
}

export function findSessionUser(db: Db, idHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function deleteSession(db: Db, idHash: string) {
  return db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export function deleteExpiredSessions(db: Db, now: Date) {
  return db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export function insertApiToken(db: Db, values: { user_id: string; name: string; token_hash: string }) {
  return db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

export function listApiTokens(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export function revokeApiToken(db: Db, userId: string, tokenId: string, now: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function findApiTokenUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'users.id', 'users.email', 'users.name'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function touchApiToken(db: Db, tokenId: string, now: Date) {
  return db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export function insertAudit(
  db: Db,
  values: { evaluation_id: string | null; user_id: string | null; action: string; entity: string; entity_id: string | null; detail: string },
) {
  return db.insertInto('audit_log').values(values).execute();
}

export function listAudit(db: Db, evaluationId: string, limit: number, offset: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.detail', 'users.name as user_name'])
    .where('audit_log.evaluation_id', '=', evaluationId)
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
