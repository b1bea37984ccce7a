import QRCode from 'qrcode';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, conflict } from '../../http/errors.ts';
import { recordAudit } from './audit.ts';
import { checkPassword, digest, findUserByEmail, newSecret, type User } from './service.ts';
import { decryptSecret, encryptSecret, missingKeyMessage, secondFactorKey, SecondFactorKeyError } from './second-factor-key.ts';
import * as store from './second-factor-store.ts';
import { looksLikeRecoveryCode, matchingStep, newRecoveryCode, newTotpSecret, normaliseRecoveryCode, otpauthUri } from './totp.ts';

/**
 * The optional second factor for team members: a code from an authenticator app, asked for after
 * the password, or one of ten one-time recovery codes. API tokens are not affected: a token is
 * already a second, separate credential that its owner created while signed in.
 */

/** FORMATIVE_SECRET, from which the key the secrets are encrypted with is derived. */
export type ServerSecret = string | undefined;

export const recoveryCodeCount = 10;
/** How long the code page waits after a right password, and how many wrong codes it takes. */
export const challengeMinutes = 10;
export const challengeAttempts = 5;

export type SecondFactorState = { state: 'off' } | { state: 'setting-up' } | { state: 'on'; since: Date; recoveryCodesLeft: number };

export function secondFactorAvailable(serverSecret: ServerSecret): boolean {
  return Boolean(serverSecret);
}

export async function secondFactorState(db: Db, userId: string): Promise<SecondFactorState> {
  const row = await store.findFactor(db, userId);
  if (!row) return { state: 'off' };
  if (!row.enabled_at) return { state: 'setting-up' };
  const left = await store.countUnusedRecoveryCodes(db, userId);
  return { state: 'on', since: row.enabled_at, recoveryCodesLeft: Number(left.n) };
}

export async function secondFactorOn(db: Db, userId: string): Promise<boolean> {
  return Boolean((await store.findFactor(db, userId))?.enabled_at);
}

/**
 * Refuses to start a server that could not check the codes of accounts that have them: with
 * FORMATIVE_SECRET unset, their secrets cannot be decrypted.
 */
export async function checkSecondFactorKey(db: Db, serverSecret: ServerSecret): Promise<void> {
  if (serverSecret) return;
  const count = Number((await store.countEnabledFactors(db)).n);
  if (count > 0) throw new SecondFactorKeyError(`${count} ${count === 1 ? 'account has' : 'accounts have'} a second factor, but ${missingKeyMessage}`);
}

export interface Enrolment {
  /** The base32 secret, shown as text for typing into an app. */
  secret: string;
  uri: string;
  /** The otpauth:// address as a QR code, an SVG image in a data: address. */
  qrCode: string;
}

/**
 * The secret being set up, made on the first visit and kept (encrypted) until confirmed, so
 * reloading the page does not invalidate what the app has already scanned.
 */
export async function beginEnrolment(db: Db, serverSecret: ServerSecret, user: User): Promise<Enrolment> {
  const key = secondFactorKey(serverSecret);
  const row = await store.findFactor(db, user.id);
  if (row?.enabled_at) throw conflict('Your account already has a second factor');
  let secret = row && readablePendingSecret(key, user.id, row.secret_encrypted);
  if (!secret) {
    // None yet, or one begun under an earlier FORMATIVE_SECRET that nobody can confirm any more.
    if (row) await store.deleteFactor(db, user.id);
    await store.insertPendingFactor(db, user.id, encryptSecret(key, user.id, newTotpSecret()));
    secret = decryptSecret(key, user.id, (await store.findFactor(db, user.id))!.secret_encrypted);
  }
  const uri = otpauthUri(secret, user.email);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

function readablePendingSecret(key: Buffer, userId: string, stored: string): string | undefined {
  try {
    return decryptSecret(key, userId, stored);
  } catch (error) {
    if (error instanceof SecondFactorKeyError) return undefined;
    throw error;
  }
}

/** Turns the factor on once a first code proves the app holds the secret; gives the recovery codes, once. */
export async function confirmEnrolment(db: Db, serverSecret: ServerSecret, user: User, typed: string, now: Date): Promise<string[]> {
  const key = secondFactorKey(serverSecret);
  const row = await store.findFactor(db, user.id);
  if (!row) throw badRequest('Start setting up again', [{ field: 'code', message: 'Start setting up again: the secret was not found' }]);
  if (row.enabled_at) throw conflict('Your account already has a second factor');
  const step = matchingStep(decryptSecret(key, user.id, row.secret_encrypted), typed, now);
  if (step === undefined) throw badRequest('Wrong code', [{ field: 'code', message: 'Enter the 6-digit code your app shows now' }]);
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  await inTransaction(db, async (trx) => {
    const enabled = await store.enableFactor(trx, user.id, step, now);
    if (Number(enabled.numUpdatedRows) !== 1) throw conflict('Your account already has a second factor');
    await store.replaceRecoveryCodes(trx, user.id, codes.map((code) => digest(normaliseRecoveryCode(code))));
    await recordAudit(trx, { evaluationId: null, userId: user.id, action: 'second-factor-on', entity: 'user', entityId: user.id });
  });
  return codes;
}

/** Throws away a secret being set up, so the next visit makes a new one. */
export async function cancelEnrolment(db: Db, userId: string): Promise<void> {
  const row = await store.findFactor(db, userId);
  if (row && !row.enabled_at) await store.deleteFactor(db, userId);
}

type CodeCheck = { ok: true; method: 'app' | 'recovery-code' } | { ok: false; method: 'app' | 'recovery-code'; reason: 'wrong-code' | 'used-before' };

/** Checks a code from the app or a recovery code, and uses it up: neither is accepted twice. */
async function useCode(db: Db, serverSecret: ServerSecret, userId: string, typed: string, now: Date, allowRecovery: boolean): Promise<CodeCheck> {
  const row = await store.findFactor(db, userId);
  if (!row?.enabled_at) return { ok: false, method: 'app', reason: 'wrong-code' };
  if (allowRecovery && looksLikeRecoveryCode(typed)) {
    const used = await store.useRecoveryCode(db, userId, digest(normaliseRecoveryCode(typed)), now);
    return Number(used.numUpdatedRows) === 1 ? { ok: true, method: 'recovery-code' } : { ok: false, method: 'recovery-code', reason: 'wrong-code' };
  }
  const step = matchingStep(decryptSecret(secondFactorKey(serverSecret), userId, row.secret_encrypted), typed, now);
  if (step === undefined) return { ok: false, method: 'app', reason: 'wrong-code' };
  const used = await store.useStep(db, userId, step);
  return Number(used.numUpdatedRows) === 1 ? { ok: true, method: 'app' } : { ok: false, method: 'app', reason: 'used-before' };
}

/**
 * After a right password: a token for the browser to hold while it asks for the code. Only its
 * digest is stored, and it grants nothing else: no session exists until the code is right.
 */
export async function startChallenge(db: Db, userId: string, nextPath: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  await store.deleteExpiredChallenges(db, now);
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + challengeMinutes * 60_000);
  await store.insertChallenge(db, { token_hash: digest(token), user_id: userId, next_path: nextPath, expires_at: expiresAt });
  return { token, expiresAt };
}

export async function challengeExists(db: Db, token: string | undefined, now: Date): Promise<boolean> {
  return Boolean(token && (await store.findChallenge(db, digest(token), now)));
}

export type ChallengeAnswer =
  | { outcome: 'signed-in'; userId: string; nextPath: string }
  | { outcome: 'wrong-code'; reason: 'wrong-code' | 'used-before' }
  | { outcome: 'start-again' };

/** Checks the code for a waiting sign-in; every failure is audited, never with the code. */
export async function answerChallenge(db: Db, serverSecret: ServerSecret, token: string | undefined, typed: string, now: Date): Promise<ChallengeAnswer> {
  if (!token) return { outcome: 'start-again' };
  const tokenHash = digest(token);
  const challenge = await store.findChallenge(db, tokenHash, now);
  if (!challenge) return { outcome: 'start-again' };
  const check = await useCode(db, serverSecret, challenge.user_id, typed, now, true);
  if (check.ok) {
    // Of two requests racing with one token, only the one that deletes it signs in.
    const taken = await store.deleteChallenge(db, tokenHash);
    if (Number(taken.numDeletedRows) !== 1) return { outcome: 'start-again' };
    await recordAudit(db, { evaluationId: null, userId: challenge.user_id, action: 'sign-in-second-factor', entity: 'user', entityId: challenge.user_id, detail: { method: check.method } });
    return { outcome: 'signed-in', userId: challenge.user_id, nextPath: challenge.next_path };
  }
  const counted = await store.countFailedAttempt(db, tokenHash);
  const tooMany = (counted?.failed_attempts ?? challengeAttempts) >= challengeAttempts;
  if (tooMany) await store.deleteChallenge(db, tokenHash);
  await recordAudit(db, {
    evaluationId: null, userId: challenge.user_id, action: 'second-factor-failed', entity: 'user', entityId: challenge.user_id,
    detail: { step: 'sign-in', method: check.method, reason: check.reason, ...(tooMany ? { signInEnded: true } : {}) },
  });
  return tooMany ? { outcome: 'start-again' } : { outcome: 'wrong-code', reason: check.reason };
}

/** Ends a waiting sign-in (the user went back to the password page). */
export async function dropChallenge(db: Db, token: string | undefined): Promise<void> {
  if (token) await store.deleteChallenge(db, digest(token));
}

/** Turns the factor off for oneself: the password and a current code from the app, both right. */
export async function disableSecondFactor(db: Db, serverSecret: ServerSecret, user: User, password: string, typed: string, now: Date): Promise<void> {
  const check: CodeCheck | { ok: false; reason: 'wrong-password' } = (await checkPassword(db, user.email, password))
    ? await useCode(db, serverSecret, user.id, typed, now, false)
    : { ok: false, reason: 'wrong-password' };
  if (!check.ok) {
    await recordAudit(db, { evaluationId: null, userId: user.id, action: 'second-factor-failed', entity: 'user', entityId: user.id, detail: { step: 'turn-off', reason: check.reason } });
    const messages = {
      'wrong-password': { field: 'password', message: 'Enter your correct password' },
      'wrong-code': { field: 'code', message: 'Enter the 6-digit code your app shows now' },
      'used-before': { field: 'code', message: 'That code has been used already: wait for the next one' },
    };
    throw badRequest('Not turned off', [messages[check.reason]]);
  }
  await removeFactor(db, user.id, { evaluationId: null, userId: user.id, action: 'second-factor-off', entity: 'user', entityId: user.id });
}

/**
 * For the person who runs Formative, when a member has lost their phone and their recovery codes:
 * removes the factor so the password alone signs in again, until they set up a new one.
 */
export async function resetSecondFactor(db: Db, email: string): Promise<{ user: User; hadFactor: boolean }> {
  const user = await findUserByEmail(db, email);
  if (!user) throw badRequest(`No account has the e-mail ${email}`);
  const hadFactor = Boolean(await store.findFactor(db, user.id));
  if (hadFactor) {
    await removeFactor(db, user.id, { evaluationId: null, userId: null, action: 'second-factor-reset', entity: 'user', entityId: user.id, detail: { by: 'command line' } });
  }
  return { user, hadFactor };
}

async function removeFactor(db: Db, userId: string, audit: Parameters<typeof recordAudit>[1]): Promise<void> {
  await inTransaction(db, async (trx) => {
    await store.deleteFactor(trx, userId);
    await store.deleteRecoveryCodes(trx, userId);
    await store.deleteChallengesOf(trx, userId);
    await recordAudit(trx, audit);
  });
}
