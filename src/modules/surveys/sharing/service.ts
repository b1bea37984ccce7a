import { createHmac, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { requiredText, uuid } from '../../shared-schemas.ts';
import { getSurvey } from '../service.ts';
import { presentSharedStatistics, type SharedStatistics } from './statistics.ts';
import * as store from './store.ts';
import { refreshFigures, storedFigures } from './stored.ts';

/**
 * Shared statistics pages: a password-protected, read-only page of one survey's results that the
 * lead gives to the funder or the organisation, logged at every access and revocable.
 */

export interface StatisticsShare {
  id: string;
  evaluationId: string;
  surveyId: string;
  label: string;
  threshold: number;
  createdAt: Date;
  createdByName: string | null;
  revokedAt: Date | null;
  granted: number;
  refused: number;
}

export const shareInput = z.object({
  label: requiredText('A label saying who the page is for', 200),
  password: z.string({ error: 'Enter a password' }).min(12, 'The password must be at least 12 characters').max(200, 'The password must be 200 characters or fewer'),
  threshold: z.coerce.number({ error: 'Enter the smallest group that may be shown, as a whole number' }).int('Enter a whole number').min(2, 'The smallest group shown must be at least 2').max(100, 'The smallest group shown must be 100 or fewer').default(5),
});
export type ShareInput = z.input<typeof shareInput>;

/** How long a correct password lets a browser see the page before it is asked again. */
export const accessMinutes = 30;

export async function createShare(db: Db, actorId: string, evaluationId: string, surveyId: string, input: ShareInput, now: Date = new Date()): Promise<StatisticsShare> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const data = shareInput.parse(input);
  const passwordHash = await hash(data.password);
  const created = await inTransaction(db, async (trx) => {
    const row = await store.insertShare(trx, { evaluation_id: evaluationId, survey_id: survey.id, label: data.label, password_hash: passwordHash, threshold: data.threshold, created_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'statistics-share', entityId: row.id, detail: { survey: survey.id, label: data.label, threshold: data.threshold } });
    return { id: row.id, evaluationId, surveyId: survey.id, label: row.label, threshold: row.threshold, createdAt: row.created_at, createdByName: null, revokedAt: null, granted: 0, refused: 0 };
  });
  // Counted now, so the first visitor is served stored figures rather than waiting for the count.
  await refreshFigures(db, survey, now);
  return created;
}

export async function listShares(db: Db, evaluationId: string, surveyId: string): Promise<StatisticsShare[]> {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const rows = await store.listShares(db, survey.id);
  return rows.map((r) => ({
    id: r.id,
    evaluationId: r.evaluation_id,
    surveyId: r.survey_id,
    label: r.label,
    threshold: r.threshold,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    revokedAt: r.revoked_at,
    granted: Number(r.granted ?? 0),
    refused: Number(r.refused ?? 0),
  }));
}

async function shareOfSurvey(db: Db, evaluationId: string, surveyId: string, shareId: string) {
  const survey = await getSurvey(db, evaluationId, surveyId);
  const row = uuid.safeParse(shareId).success ? await store.findShare(db, shareId) : undefined;
  if (!row || row.survey_id !== survey.id) throw notFound('Shared statistics page');
  return row;
}

export async function revokeShare(db: Db, actorId: string, evaluationId: string, surveyId: string, shareId: string, now: Date): Promise<void> {
  const row = await shareOfSurvey(db, evaluationId, surveyId, shareId);
  await inTransaction(db, async (trx) => {
    const revoked = await store.revokeShare(trx, row.id, now);
    if (revoked) await recordAudit(trx, { evaluationId, userId: actorId, action: 'revoke', entity: 'statistics-share', entityId: row.id, detail: { label: row.label } });
  });
}

export async function accessLog(db: Db, evaluationId: string, surveyId: string, shareId: string, limit = 100) {
  const row = await shareOfSurvey(db, evaluationId, surveyId, shareId);
  const entries = await store.listAccesses(db, row.id, limit);
  return entries.map((e) => ({ at: e.at, outcome: e.outcome as 'granted' | 'wrong_password' | 'revoked' }));
}

/** A share as the public route finds it: unknown ids and malformed ids alike are not found. */
export async function findPublicShare(db: Db, shareId: string) {
  const row = uuid.safeParse(shareId).success ? await store.findShare(db, shareId) : undefined;
  if (!row) throw notFound('Shared statistics page');
  return row;
}

/**
 * The pass a correct password earns: an expiry and an HMAC of the share id and expiry keyed by the
 * share's password digest. The digest never leaves the server, so the pass cannot be forged; a
 * new password (or a revoked share, checked separately) ends it; and any Formative process behind
 * a load balancer can check it without a shared secret in the configuration.
 */
export function issuePass(share: { id: string; password_hash: string }, now: Date): { value: string; expires: Date } {
  const expires = new Date(now.getTime() + accessMinutes * 60_000);
  return { value: `${expires.getTime()}.${sign(share, expires.getTime())}`, expires };
}

function sign(share: { id: string; password_hash: string }, expiresMs: number): string {
  return createHmac('sha256', share.password_hash).update(`${share.id}.${expiresMs}`).digest('base64url');
}

export function checkPass(share: { id: string; password_hash: string }, pass: string | undefined, now: Date): boolean {
  const match = /^(\d{10,16})\.([A-Za-z0-9_-]{43})$/.exec(pass ?? '');
  if (!match) return false;
  const expiresMs = Number(match[1]);
  if (expiresMs <= now.getTime()) return false;
  const expected = Buffer.from(sign(share, expiresMs));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Checks a password typed on the public page, and logs the attempt either way. */
export async function tryPassword(db: Db, share: { id: string; password_hash: string }, password: string, now: Date): Promise<boolean> {
  const ok = await verify(share.password_hash, password).catch(() => false);
  await store.insertAccess(db, share.id, ok ? 'granted' : 'wrong_password', now);
  return ok;
}

export async function logRefusedAsRevoked(db: Db, shareId: string, now: Date): Promise<void> {
  await store.insertAccess(db, shareId, 'revoked', now);
}

export async function logView(db: Db, shareId: string, now: Date): Promise<void> {
  await store.insertAccess(db, shareId, 'granted', now);
}

// Presenting fifty tables for a threshold takes a little time, and the routes render each set of
// statistics once (keyed by the object), so the presented statistics are kept per stored set of
// figures and threshold. A stored set never changes under its key, so nothing here goes stale;
// the map only bounds how many are kept.
const presentedSize = 100;
const presented = new Map<string, SharedStatistics>();

function present(key: string, figures: Parameters<typeof presentSharedStatistics>[0], threshold: number): SharedStatistics {
  const name = `${key}:${threshold}`;
  const kept = presented.get(name);
  if (kept) return kept;
  const statistics = presentSharedStatistics(figures, threshold);
  if (presented.size >= presentedSize) presented.delete(presented.keys().next().value!);
  presented.set(name, statistics);
  return statistics;
}

/**
 * The statistics a share shows: the survey's stored figures with the share's smallest group applied.
 * `counted` says when and from how many responses they were counted; `current` is false when
 * responses have changed since and the refresh job has not counted them again yet.
 */
export async function sharedStatistics(db: Db, share: { evaluation_id: string; survey_id: string; threshold: number }, now: Date) {
  const survey = await getSurvey(db, share.evaluation_id, share.survey_id);
  const stored = await storedFigures(db, survey, now);
  const statistics = present(stored.key, stored.figures, share.threshold);
  return { survey, statistics, counted: { at: stored.countedAt, responses: stored.responses, current: stored.current } };
}
