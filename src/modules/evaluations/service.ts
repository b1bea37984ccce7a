import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import type { Db } from '../../db/database.ts';
import type { EvaluationsTable } from '../../db/tables.ts';
import type { Selectable } from 'kysely';
import { roles, type Role } from '../../http/access.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { findUserByEmail } from '../accounts/service.ts';
import { endNotBeforeStart, optionalDate, optionalText, requiredText } from '../shared-schemas.ts';
import * as store from './store.ts';

export interface Evaluation {
  id: string;
  slug: string;
  title: string;
  commissioner: string;
  organisationName: string;
  summary: string;
  startsOn: string | null;
  endsOn: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Period {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  position: number;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Short name must be 2 to 40 lowercase letters, numbers or hyphens, starting with a letter or number');

export const evaluationInput = z
  .object({
    title: requiredText('Title'),
    slug: z.union([z.literal('').transform(() => undefined), slugSchema]).optional(),
    commissioner: optionalText('Commissioner', 300),
    organisationName: optionalText('Organisation evaluated', 300),
    summary: optionalText('Summary', 5000),
    startsOn: optionalDate('Start date'),
    endsOn: optionalDate('End date'),
  })
  .superRefine(endNotBeforeStart);
export type EvaluationInput = z.input<typeof evaluationInput>;

export const periodInput = z
  .object({ name: requiredText('Name', 100), startsOn: optionalDate('Start date'), endsOn: optionalDate('End date') })
  .superRefine(endNotBeforeStart);

export const memberInput = z.object({
  email: z.string().trim().toLowerCase().email('Enter the e-mail address of a Formative user'),
  role: z.enum(roles, { error: 'Choose a role' }),
});

export function toEvaluation(row: Selectable<EvaluationsTable>): Evaluation {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    commissioner: row.commissioner,
    organisationName: row.organisation_name,
    summary: row.summary,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The evaluation named by id or slug and the user's role in it, when the user is a member. */
export async function evaluationForMember(db: Db, ref: string, userId: string) {
  const row = await store.findEvaluationWithRole(db, ref, userId);
  if (!row) return undefined;
  return {
    evaluation: { id: row.id, slug: row.slug, title: row.title, archivedAt: row.archived_at },
    role: row.role as Role,
  };
}

export async function getEvaluation(db: Db, ref: string): Promise<Evaluation> {
  const row = await store.findEvaluation(db, ref);
  if (!row) throw notFound('Evaluation');
  return toEvaluation(row);
}

export async function listEvaluationsForUser(db: Db, userId: string) {
  const rows = await store.listEvaluationsForUser(db, userId);
  return rows.map((row) => ({ ...toEvaluation(row), role: row.role as Role }));
}

export async function listAllEvaluations(db: Db): Promise<Evaluation[]> {
  return (await store.listAllEvaluations(db)).map(toEvaluation);
}

async function freeSlug(db: Db, wanted: string | undefined, title: string): Promise<string> {
  if (wanted) {
    if (await store.slugTaken(db, wanted)) throw badRequest('That short name is already used', [{ field: 'slug', message: 'That short name is already used by another evaluation' }]);
    return wanted;
  }
  const base = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'evaluation';
  const stem = base.length < 2 ? `${base}-evaluation` : base;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    if (!(await store.slugTaken(db, candidate))) return candidate;
  }
}

/** Creates an evaluation with its creator as lead. */
export async function createEvaluation(db: Db, userId: string | null, input: EvaluationInput): Promise<Evaluation> {
  const data = evaluationInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertEvaluation(trx, {
      slug: await freeSlug(trx, data.slug, data.title),
      title: data.title,
      commissioner: data.commissioner,
      organisation_name: data.organisationName,
      summary: data.summary,
      starts_on: data.startsOn,
      ends_on: data.endsOn,
    });
    if (userId) await store.upsertMembership(trx, row.id, userId, 'lead');
    await recordAudit(trx, { evaluationId: row.id, userId, action: 'create', entity: 'evaluation', entityId: row.id, detail: { title: row.title } });
    return toEvaluation(row);
  });
}

export async function updateEvaluation(db: Db, userId: string, evaluationId: string, input: EvaluationInput): Promise<Evaluation> {
  const data = evaluationInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await store.findEvaluation(trx, evaluationId);
    if (!before) throw notFound('Evaluation');
    const slug = data.slug && data.slug !== before.slug ? await freeSlug(trx, data.slug, data.title) : before.slug;
    const row = await store.updateEvaluation(trx, evaluationId, {
      slug,
      title: data.title,
      commissioner: data.commissioner,
      organisation_name: data.organisationName,
      summary: data.summary,
      starts_on: data.startsOn,
      ends_on: data.endsOn,
      updated_at: new Date(),
    });
    const changed = Object.fromEntries(
      (['slug', 'title', 'commissioner', 'organisation_name', 'summary', 'starts_on', 'ends_on'] as const)
        .filter((key) => before[key] !== row[key])
        .map((key) => [key, { from: before[key], to: row[key] }]),
    );
    await recordAudit(trx, { evaluationId, userId, action: 'update', entity: 'evaluation', entityId: evaluationId, detail: changed });
    return toEvaluation(row);
  });
}

export async function setArchived(db: Db, userId: string, evaluationId: string, archived: boolean, now: Date): Promise<Evaluation> {
  return inTransaction(db, async (trx) => {
    const row = await store.updateEvaluation(trx, evaluationId, { archived_at: archived ? now : null, updated_at: now });
    await recordAudit(trx, { evaluationId, userId, action: archived ? 'archive' : 'restore', entity: 'evaluation', entityId: evaluationId });
    return toEvaluation(row);
  });
}

export async function listPeriods(db: Db, kind: store.PeriodKind, evaluationId: string): Promise<Period[]> {
  const rows = await store.listPeriods(db, kind, evaluationId);
  return rows.map((r) => ({ id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, position: r.position }));
}

export async function addPeriod(db: Db, userId: string | null, kind: store.PeriodKind, evaluationId: string, input: z.input<typeof periodInput>): Promise<Period> {
  const data = periodInput.parse(input);
  return inTransaction(db, async (trx) => {
    const { max } = await store.nextPeriodPosition(trx, kind, evaluationId);
    const row = await store.insertPeriod(trx, kind, {
      evaluation_id: evaluationId,
      name: data.name,
      starts_on: data.startsOn,
      ends_on: data.endsOn,
      position: Number(max) + 1,
    });
    await recordAudit(trx, { evaluationId, userId, action: 'create', entity: kind === 'phases' ? 'phase' : 'wave', entityId: row.id, detail: { name: row.name } });
    return { id: row.id, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on, position: row.position };
  });
}

export async function removePeriod(db: Db, userId: string, kind: store.PeriodKind, evaluationId: string, periodId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await store.deletePeriod(trx, kind, evaluationId, periodId);
    if (!row) throw notFound(kind === 'phases' ? 'Phase' : 'Wave');
    await recordAudit(trx, { evaluationId, userId, action: 'delete', entity: kind === 'phases' ? 'phase' : 'wave', entityId: periodId, detail: { name: row.name } });
  });
}

export async function listMembers(db: Db, evaluationId: string): Promise<Member[]> {
  const rows = await store.listMembers(db, evaluationId);
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email, role: r.role as Role }));
}

/** Adds a member or changes the role of one; an evaluation always keeps at least one lead. */
export async function setMember(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof memberInput>): Promise<Member> {
  const data = memberInput.parse(input);
  const user = await findUserByEmail(db, data.email);
  if (!user) throw badRequest('No Formative user has that e-mail address', [{ field: 'email', message: 'No Formative user has that e-mail address: ask them to be added with "formative user add"' }]);
  return inTransaction(db, async (trx) => {
    const existing = await store.findMembership(trx, evaluationId, user.id);
    if (existing?.role === 'lead' && data.role !== 'lead' && (await store.countLeads(trx, evaluationId)) <= 1) {
      throw conflict('An evaluation needs at least one lead: make someone else lead first');
    }
    await store.upsertMembership(trx, evaluationId, user.id, data.role);
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: existing ? 'change-role' : 'add-member',
      entity: 'membership',
      entityId: user.id,
      detail: { role: data.role, ...(existing ? { previousRole: existing.role } : {}) },
    });
    return { userId: user.id, name: user.name, email: user.email, role: data.role };
  });
}

export async function removeMember(db: Db, actorId: string, evaluationId: string, userId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const existing = await store.findMembership(trx, evaluationId, userId);
    if (!existing) throw notFound('Member');
    if (existing.role === 'lead' && (await store.countLeads(trx, evaluationId)) <= 1) {
      throw conflict('An evaluation needs at least one lead: make someone else lead first');
    }
    await store.deleteMembership(trx, evaluationId, userId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'remove-member', entity: 'membership', entityId: userId, detail: { role: existing.role } });
  });
}
