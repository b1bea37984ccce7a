import type { Generated } from 'kysely';
import type { RequiredTimestamp, Timestamp } from './column-types.ts';

/** Row types of the second factor's tables (migration 022); see tables.ts for the whole database. */

export interface SecondFactorsTable {
  user_id: string;
  /** `v1.` then the nonce, the tag and the ciphertext of the base32 secret, each in base64url. */
  secret_encrypted: string;
  last_used_step: number | null;
  created_at: Timestamp;
  enabled_at: Date | null;
}

export interface SecondFactorRecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface SecondFactorChallengesTable {
  token_hash: string;
  user_id: string;
  next_path: Generated<string>;
  failed_attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
}
