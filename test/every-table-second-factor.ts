import type { Db } from '../src/db/database.ts';

/** Fills the second factor's tables (migration 022): an encrypted secret, a used and an unused recovery code, a waiting sign-in. */
export async function fillSecondFactorTables(db: Db, _evaluation: string, user: string): Promise<void> {
  await db.insertInto('second_factors').values({
    user_id: user, secret_encrypted: 'v1.bm9uY2U.dGFn.Y2lwaGVy', last_used_step: 59_000_001, created_at: '2024-03-01 10:00:00.000001+00', enabled_at: new Date('2024-03-01T10:01:00.5Z'),
  }).execute();
  await db.insertInto('second_factor_recovery_codes').values([
    { user_id: user, code_hash: 'c'.repeat(64), used_at: null },
    { user_id: user, code_hash: 'd'.repeat(64), used_at: new Date('2024-04-01T08:00:00Z') },
  ]).execute();
  await db.insertInto('second_factor_challenges').values({ token_hash: 'e'.repeat(64), user_id: user, next_path: '/evaluations/partnership?tab="a b"', failed_attempts: 2, expires_at: '2024-03-02 10:10:00.123456+00' }).execute();
}
