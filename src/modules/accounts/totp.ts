import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time codes (RFC 6238) as authenticator apps expect them: HMAC-SHA-1, six digits,
 * a new code every 30 seconds. Pure: the time is always given.
 */

const period = 30;
const issuer = 'Formative';

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret of 160 bits (the size RFC 4226 recommends), in base32 as apps take it typed. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an app reads from the QR code: it names Formative and the account. */
export function otpauthUri(secretBase32: string, accountName: string): string {
  return totp(secretBase32, accountName).toString();
}

/** The base32 secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The 30-second step a time falls in. */
export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / period);
}

/** The code an app shows at a time: for tests and the demo, never sent anywhere. */
export function codeAt(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

/** Spaces and dashes people type between digits are ignored. */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/**
 * The step whose code was typed, when it is the current step or the one just before or after
 * (a phone's clock a little out, or a code typed as it changed); undefined otherwise.
 */
export function matchingStep(secretBase32: string, typed: string, now: Date): number | undefined {
  const code = normaliseCode(typed);
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : stepAt(now) + delta;
}

// Letters and digits that cannot be mistaken for one another when read from paper.
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A recovery code: 16 characters from a 31-letter alphabet (about 79 bits), in four groups. Long
 * and random enough that a plain SHA-256 digest, like an API token's, keeps it safe at rest.
 */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => recoveryAlphabet[randomInt(recoveryAlphabet.length)]);
  return chars.join('').replace(/(.{4})(?=.)/g, '$1-');
}

/** A recovery code as typed, in the form it was stored: lower case, no spaces or dashes. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '');
}

/** Whether what was typed has the shape of a recovery code rather than an app's code. */
export function looksLikeRecoveryCode(typed: string): boolean {
  return new RegExp(`^[${recoveryAlphabet}]{16}$`).test(normaliseRecoveryCode(typed));
}
