import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, conflict, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { requiredText, uuid } from '../../shared-schemas.ts';
import * as store from './store.ts';

/**
 * The evaluation's own list of participant role categories. Quotes are attributed by category,
 * so the list is the team's to shape; a new evaluation starts with the usual senior roles.
 */

export const defaultRoleCategories = ['Chief executive', 'Programme lead', 'Regional director', 'External stakeholder'];

export interface RoleCategory {
  id: string;
  name: string;
  position: number;
}

export const roleCategoryInput = z.object({ name: requiredText('The name of the role category', 100) });

const toCategory = (row: { id: string; name: string; position: number }): RoleCategory => ({ id: row.id, name: row.name, position: row.position });

/** The categories in order; the defaults are stored the first time an evaluation's list is read. */
export async function listRoleCategories(db: Db, evaluationId: string): Promise<RoleCategory[]> {
  const rows = await store.listRoleCategories(db, evaluationId);
  if (rows.length) return rows.map(toCategory);
  await store.insertRoleCategories(db, evaluationId, defaultRoleCategories, 1);
  return (await store.listRoleCategories(db, evaluationId)).map(toCategory);
}

async function findCategory(db: Db, evaluationId: string, categoryId: string): Promise<RoleCategory> {
  const found = uuid.safeParse(categoryId).success ? (await listRoleCategories(db, evaluationId)).find((c) => c.id === categoryId) : undefined;
  if (!found) throw notFound('Role category');
  return found;
}

function nameTaken(categories: RoleCategory[], name: string, exceptId: string | null): boolean {
  return categories.some((c) => c.id !== exceptId && c.name.toLowerCase() === name.toLowerCase());
}

const takenError = (name: string) => badRequest(`There is already a role category called "${name}"`, [{ field: 'name', message: `There is already a role category called "${name}"` }]);

export async function addRoleCategory(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof roleCategoryInput>): Promise<RoleCategory> {
  const data = roleCategoryInput.parse(input);
  return inTransaction(db, async (trx) => {
    const categories = await listRoleCategories(trx, evaluationId);
    if (nameTaken(categories, data.name, null)) throw takenError(data.name);
    const [row] = await store.insertRoleCategories(trx, evaluationId, [data.name], Math.max(0, ...categories.map((c) => c.position)) + 1);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'role-category', entityId: row!.id, detail: { name: data.name } });
    return toCategory(row!);
  });
}

/** Renames a category and, in the same transaction, every participant's copy of its name. */
export async function renameRoleCategory(db: Db, actorId: string | null, evaluationId: string, categoryId: string, input: z.input<typeof roleCategoryInput>): Promise<RoleCategory> {
  const data = roleCategoryInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await findCategory(trx, evaluationId, categoryId);
    if (nameTaken(await listRoleCategories(trx, evaluationId), data.name, categoryId)) throw takenError(data.name);
    const row = await store.updateRoleCategory(trx, evaluationId, categoryId, data.name);
    await store.renameParticipantsRole(trx, evaluationId, before.name, data.name);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'role-category', entityId: categoryId, detail: { name: { from: before.name, to: data.name } } });
    return toCategory(row!);
  });
}

/** Deletes a category no participant holds; one in use would leave participants without a role. */
export async function deleteRoleCategory(db: Db, actorId: string | null, evaluationId: string, categoryId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const category = await findCategory(trx, evaluationId, categoryId);
    const holders = await store.countParticipantsWithRole(trx, evaluationId, category.name);
    if (holders) {
      throw conflict(`"${category.name}" cannot be deleted: ${holders} participant${holders === 1 ? ' has' : 's have'} it. Give ${holders === 1 ? 'that participant' : 'them'} another role category first.`);
    }
    await store.deleteRoleCategory(trx, evaluationId, categoryId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'role-category', entityId: categoryId, detail: { name: category.name } });
  });
}
