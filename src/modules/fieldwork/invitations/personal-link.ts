import { createHmac, hash } from 'node:crypto';

/**
 * A participant's personal link is /p/TOKEN. The token is 160 bits from an HMAC of the
 * participant's id under the server's secret, written in 32 lowercase base32 letters and digits:
 * unguessable, recomputable for a reminder without being stored, and, while the secret is kept out
 * of the database (FORMATIVE_SECRET), impossible to produce from the database alone. Only its
 * SHA-256 digest is stored, to find the participant when the link is opened.
 *
 * The response a personal link opens has a key derived from the token, so the same link finds the
 * same response again and nothing stored joins the two: in an anonymous survey, a participant row
 * and a response row share no value, and only someone holding the token can pass from one to the other.
 */

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';
const tokenPattern = /^[a-z2-7]{32}$/;

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32[(value << (5 - bits)) & 31];
  return out;
}

/** The token in a participant's personal link: the first 160 bits of HMAC-SHA256(secret, participant id). */
export function participantToken(secret: string, participantId: string): string {
  const mac = createHmac('sha256', secret).update(`participant:${participantId}`).digest();
  return toBase32(mac.subarray(0, 20));
}

/** Whether a string from an address can be a token at all, so a mistyped one costs no query. */
export function isParticipantToken(value: string): boolean {
  return tokenPattern.test(value);
}

/** The stored digest of a token (hex SHA-256). */
export function tokenDigest(token: string): string {
  return hash('sha256', `participant-token:${token}`, 'hex');
}

// The respondent module's resume-code alphabet (no 0/o, 1/l/i): see respondent/response-key.ts.
const codeAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * The key of the response a personal link opens, in the respondent module's form: 43 base64url
 * characters of secret and a 10-character resume code, both derived from the token. The key's
 * digest is all the database holds of it, as for any response.
 */
export function responseKeyForToken(token: string): { key: string; resumeCode: string } {
  const secret = hash('sha256', `response:${token}`, 'base64url');
  const codeBytes = Buffer.from(hash('sha256', `resume:${token}`, 'hex'), 'hex');
  let resumeCode = '';
  for (let i = 0; i < 10; i++) resumeCode += codeAlphabet[codeBytes[i]! % codeAlphabet.length];
  return { key: secret + resumeCode, resumeCode };
}

export function personalLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/p/${token}`;
}

export function optOutLink(publicUrl: string, token: string): string {
  return `${personalLink(publicUrl, token)}/opt-out`;
}

/** The cookie that carries the personal link's token to the response's submit, to mark the participant completed. */
export const participantCookie = 'formative_participant';
