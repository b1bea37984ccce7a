import { ConfigError } from '../../config.ts';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Second-factor secrets are kept encrypted with AES-256-GCM under a key derived from
 * FORMATIVE_SECRET, so a copy of the database (or a backup) alone cannot produce anyone's codes.
 * The user's id is bound in as associated data: a ciphertext copied to another account fails.
 */

const version = 'v1';

export class SecondFactorKeyError extends ConfigError {}

export const missingKeyMessage =
  'FORMATIVE_SECRET is not set, and second-factor secrets are encrypted with a key derived from it. Set it to the value used when they were set up, or reset each account with: formative user second-factor reset EMAIL';

/** A key of its own for this use (HKDF-SHA-256), so it never equals the one personal links are made with. */
export function secondFactorKey(serverSecret: string | undefined): Buffer {
  if (!serverSecret) throw new SecondFactorKeyError(missingKeyMessage);
  return Buffer.from(hkdfSync('sha256', serverSecret, 'formative', 'second-factor secret encryption v1', 32));
}

export function encryptSecret(key: Buffer, userId: string, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(userId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [version, nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecret(key: Buffer, userId: string, stored: string): string {
  const [tag, nonce, authTag, ciphertext] = stored.split('.');
  if (tag !== version || !nonce || !authTag || ciphertext === undefined) {
    throw new SecondFactorKeyError('The stored second-factor secret is not in a form this version of Formative reads');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecondFactorKeyError(
      'A second-factor secret cannot be decrypted with the FORMATIVE_SECRET set now: it was set up under a different one. Set the earlier value again, or reset the account with: formative user second-factor reset EMAIL',
    );
  }
}
