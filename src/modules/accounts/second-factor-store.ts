import type { Db } from '../../db/database.ts';

/** SQL for the second factor's tables (migration 022). */

export function findFactor(db: Db, userId: string) {
  return db.selectFrom('second_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function insertPendingFactor(db: Db, userId: string, secretEncrypted: string) {
  return db.insertInto('second_factors').values({ user_id: userId, secret_encrypted: secretEncrypted }).onConflict((c) => c.column('user_id').doNothing()).execute();
}

export function enableFactor(db: Db, userId: string, step: number, now: Date) {
  return db
    .updateTable('second_factors')
    .set({ enabled_at: now, last_used_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is', null)
    .executeTakeFirst();
}

/** Records a code's step only when it is later than any used before; no row changed means a replay. */
export function useStep(db: Db, userId: string, step: number) {
  return db
    .updateTable('second_factors')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
}

export function deleteFactor(db: Db, userId: string) {
  return db.deleteFrom('second_factors').where('user_id', '=', userId).executeTakeFirst();
}

export function countEnabledFactors(db: Db) {
  return db.selectFrom('second_factors').select((eb) => eb.fn.countAll<string>().as('n')).where('enabled_at', 'is not', null).executeTakeFirstOrThrow();
}

/** Call inside a transaction: the old codes go and the new ones come together. */
export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[]) {
  await db.deleteFrom('second_factor_recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('second_factor_recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash }))).execute();
}

export function deleteRecoveryCodes(db: Db, userId: string) {
  return db.deleteFrom('second_factor_recovery_codes').where('user_id', '=', userId).execute();
}

/** Marks a recovery code used; no row changed means it was wrong or used before. */
export function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date) {
  return db
    .updateTable('second_factor_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
}

export function countUnusedRecoveryCodes(db: Db, userId: string) {
  return db
    .selectFrom('second_factor_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
}

export function insertChallenge(db: Db, values: { token_hash: string; user_id: string; next_path: string; expires_at: Date }) {
  return db.insertInto('second_factor_challenges').values(values).execute();
}

export function findChallenge(db: Db, tokenHash: string, now: Date) {
  return db.selectFrom('second_factor_challenges').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
}

export function countFailedAttempt(db: Db, tokenHash: string) {
  return db
    .updateTable('second_factor_challenges')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .returning('failed_attempts')
    .executeTakeFirst();
}

/** Deleting is how a challenge is used up: of two requests racing with one token, one deletes it. */
export function deleteChallenge(db: Db, tokenHash: string) {
  return db.deleteFrom('second_factor_challenges').where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function deleteChallengesOf(db: Db, userId: string) {
  return db.deleteFrom('second_factor_challenges').where('user_id', '=', userId).execute();
}

export function deleteExpiredChallenges(db: Db, now: Date) {
  return db.deleteFrom('second_factor_challenges').where('expires_at', '<=', now).execute();
}
