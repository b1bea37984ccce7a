import { hash, timingSafeEqual } from 'node:crypto';
import { newSecret } from '../../accounts/service.ts';
import { randomCode } from '../service.ts';

/**
 * A respondent holds one secret: the response key in the address of every page (/r/KEY/…).
 * The key is 43 random base64url characters (256 bits) followed by the 10-character resume code.
 * Only digests of the key and of the code are stored, so the database alone cannot open a response.
 *
 * The resume code travels inside the key so every page can show it without storing it. Resuming by
 * code issues a new key that ends with the same code: the code a respondent wrote down keeps working,
 * and the old address (say, in a shared computer's history) stops working.
 */

const secretLength = 43;
const codeLength = 10;
// The alphabet of randomCode (no 0/o, 1/l/i), so a code read aloud or from paper is typed right.
const keyPattern = /^[A-Za-z0-9_-]{43}[a-hjkmnp-z2-9]{10}$/;
const codePattern = /^[a-hjkmnp-z2-9]{10}$/;

export interface ResponseKey {
  key: string;
  resumeCode: string;
}

export function newResumeCode(): string {
  return randomCode(codeLength);
}

/** A new key carrying `resumeCode`: for a new response, or a new address for a resumed one. */
export function newResponseKey(resumeCode: string = newResumeCode()): ResponseKey {
  return { key: newSecret() + resumeCode, resumeCode };
}

/** Whether a string from an address can be a key at all, so a malformed one costs no query. */
export function isResponseKey(key: string): boolean {
  return key.length === secretLength + codeLength && keyPattern.test(key);
}

export function resumeCodeOf(key: string): string {
  return key.slice(secretLength);
}

/**
 * The stored digest of a key: SHA-256 in hex, the same as accounts' digest() for session and API
 * tokens, computed with the one-shot hash because it runs on every respondent request.
 */
export function keyDigest(key: string): string {
  return hash('sha256', key, 'hex');
}

/** The code as typed (any case, with dashes or spaces) in its stored form, or undefined if it cannot be one. */
export function normaliseResumeCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '').toLowerCase();
  return codePattern.test(code) ? code : undefined;
}

/** ABCD-EFGH-JK: grouped so it can be read out and copied without losing one's place. */
export function formatResumeCode(code: string): string {
  const upper = code.toUpperCase();
  return `${upper.slice(0, 4)}-${upper.slice(4, 8)}-${upper.slice(8)}`;
}

/** Salted with the survey's public code, so one code digest says nothing about another survey's codes. */
export function resumeDigest(surveyCode: string, code: string): string {
  return hash('sha256', `resume:${surveyCode}:${code}`, 'hex');
}

/*
 * The form token on respondent pages.
 *
 * Cross-site request forgery rides on credentials the browser adds by itself (cookies). Respondents
 * have none: no session, no sign-in. What authorises a post is the response key in its address, an
 * unguessable 256-bit capability; a forging site would have to know it, and whoever knows it can
 * post directly, so forgery through a respondent's browser gains nothing. The cookie-based token the
 * team's pages use would add a cookie a respondent's browser must keep, and a page posted after that
 * cookie is lost (browser restarted, cookies blocked) would be refused: an answered page lost.
 *
 * So respondent forms carry a token derived from the key, checked on every post before anything is
 * read or stored. It keeps the rule "every form carries a token the server checks", and it binds a
 * form to its response: a form saved from one response's page cannot be posted into another. A
 * server secret would add nothing here (anyone able to forge with the key can read the token from the
 * page) and would break every open form whenever it changed or differed between processes. The
 * token is a hash of a fixed label and the key: unpredictable without the key, and unlike the
 * stored digest, so the database does not hold it.
 */
const tokenLabel = 'formative respondent form\n';

export function formToken(key: string): string {
  return hash('sha256', tokenLabel + key, 'base64url');
}

export function isFormTokenValid(key: string, posted: unknown): boolean {
  if (typeof posted !== 'string') return false;
  const expected = Buffer.from(formToken(key));
  const given = Buffer.from(posted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
