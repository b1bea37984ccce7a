import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { conflict } from '../../http/errors.ts';
import * as store from './store.ts';

export interface User {
  id: string;
  email: string;
  name: string;
}

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter an e-mail address in the correct format, like name@example.org'),
  name: z.string().trim().min(1, 'Enter a name').max(200, 'Name must be 200 characters or fewer'),
  password: z.string().min(12, 'Password must be at least 12 characters').max(200, 'Password must be 200 characters or fewer'),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** Secrets are stored only as SHA-256 digests: they are long and random, so no slow hash is needed. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

// A fixed hash so a sign-in for an unknown e-mail costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const data = newUserSchema.parse(input);
  if (await store.findUserByEmail(db, data.email)) throw conflict(`A user with the e-mail ${data.email} already exists`);
  const row = await store.insertUser(db, { email: data.email, name: data.name, password_hash: await hash(data.password) });
  return { id: row.id, email: row.email, name: row.name };
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await store.findUserByEmail(db, email);
  return row && { id: row.id, email: row.email, name: row.name };
}

/** Every account, by name, with whether it can still sign in. */
export async function listUsers(db: Db): Promise<(User & { disabled: boolean })[]> {
  const rows = await store.listUsers(db);
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, disabled: r.disabled_at !== null }));
}

/** The user whose e-mail and password match, or undefined; never says which of the two was wrong. */
export async function checkPassword(db: Db, email: string, password: string): Promise<User | undefined> {
  const row = await store.findUserByEmail(db, email.trim());
  if (!row || row.disabled_at) {
    decoyHash ??= hash('decoy password for timing');
    await verify(await decoyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  return ok ? { id: row.id, email: row.email, name: row.name } : undefined;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await store.updatePasswordHash(db, userId, await hash(newUserSchema.shape.password.parse(password)));
}

export async function startSession(db: Db, userId: string, now: Date, days: number): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = newSecret();
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  await store.insertSession(db, { id_hash: digest(sessionId), user_id: userId, expires_at: expiresAt });
  return { sessionId, expiresAt };
}

export async function userForSession(db: Db, sessionId: string, now: Date): Promise<User | undefined> {
  return store.findSessionUser(db, digest(sessionId), now);
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await store.deleteSession(db, digest(sessionId));
}

export const apiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token, like "R scripts"').max(100, 'Name must be 100 characters or fewer'),
});

/** Creates a personal API token; the secret is returned once and only its digest is kept. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `fmt_${newSecret()}`;
  const row = await store.insertApiToken(db, { user_id: userId, name: apiTokenSchema.shape.name.parse(name), token_hash: digest(token) });
  return { id: row.id, token };
}

export async function userForApiToken(db: Db, token: string, now: Date): Promise<User | undefined> {
  const row = await store.findApiTokenUser(db, digest(token));
  if (!row) return undefined;
  await store.touchApiToken(db, row.token_id, now);
  return { id: row.id, email: row.email, name: row.name };
}

export async function listApiTokens(db: Db, userId: string) {
  const rows = await store.listApiTokens(db, userId);
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await store.revokeApiToken(db, userId, tokenId, now);
  return Number(result.numUpdatedRows) > 0;
}
