import { z } from 'zod';
import { inTransaction } from '../../../db/transaction.ts';
import type { Db } from '../../../db/database.ts';
import { badRequest, conflict, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { createCode, listCodes, type Code } from '../service.ts';
import * as core from '../store.ts';
import * as store from './store.ts';
import { descendantIds } from './tree.ts';

/**
 * Reshaping a codebook without losing work: every operation keeps the codings (and memos) of the
 * codes it touches, or deletes them only when told to, and is recorded in the audit log.
 */

const uuid = z.string().uuid();
const colour = z.string().regex(/^#[0-9a-f]{6}$/, 'Choose a colour');
const name = z.string().trim().min(1, 'Enter a name for the code').max(200, 'Code names must be 200 characters or fewer');
const description = z.string().trim().max(5000, 'The description must be 5,000 characters or fewer');
const parentId = z.preprocess((v) => (v === '' ? null : v), uuid.nullable());

export const codeChangeInput = z.object({
  name: name.optional(),
  description: description.optional(),
  colour: colour.optional(),
  /** null moves the code to the top level; absent leaves it where it is. */
  parentId: parentId.optional(),
});

export const splitInput = z.object({
  name,
  description: description.default(''),
  colour: colour.optional(),
  codingIds: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(uuid).min(1, 'Choose at least one segment to move to the new code')),
});

/** One code with its number of codings; 404 when it is not in the evaluation. */
export async function getCode(db: Db, evaluationId: string, codeId: string): Promise<Code> {
  if (!uuid.safeParse(codeId).success) throw notFound('Code');
  const code = (await listCodes(db, evaluationId)).find((c) => c.id === codeId);
  if (!code) throw notFound('Code');
  return code;
}

/** Locks the code for the transaction; 404 when it is not in the evaluation. */
async function lockedCode(trx: Db, evaluationId: string, codeId: string) {
  if (!uuid.safeParse(codeId).success) throw notFound('Code');
  const row = await store.lockCode(trx, evaluationId, codeId);
  if (!row) throw notFound('Code');
  return row;
}

/** Checks that `parentId` can hold `codeId`: in the evaluation, not the code itself, not below it. */
async function checkParent(trx: Db, evaluationId: string, codeId: string, parentId: string): Promise<void> {
  const codes = await listCodes(trx, evaluationId);
  if (!codes.some((c) => c.id === parentId)) throw badRequest('The parent code is not in this evaluation', [{ field: 'parentId', message: 'Choose a parent code from this evaluation' }]);
  if (parentId === codeId || descendantIds(codes, codeId).has(parentId)) {
    throw badRequest('A code cannot be moved under itself or under one of its own sub-codes', [{ field: 'parentId', message: 'Choose a parent that is not this code or one of its sub-codes' }]);
  }
}

/** Renames, describes, recolours or moves a code (a change of parent); a move that would make a cycle is refused. */
export async function changeCode(db: Db, actorId: string | null, evaluationId: string, codeId: string, input: z.input<typeof codeChangeInput>): Promise<Code> {
  const data = codeChangeInput.parse(input);
  await inTransaction(db, async (trx) => {
    const current = await lockedCode(trx, evaluationId, codeId);
    const values: Parameters<typeof store.updateCode>[3] = {};
    if (data.name !== undefined && data.name !== current.name) values.name = data.name;
    if (data.description !== undefined && data.description !== current.description) values.description = data.description;
    if (data.colour !== undefined && data.colour !== current.colour) values.colour = data.colour;
    if (data.parentId !== undefined && data.parentId !== current.parent_id) {
      if (data.parentId) await checkParent(trx, evaluationId, codeId, data.parentId);
      values.parent_id = data.parentId;
      values.position = Number((await core.nextCodePosition(trx, evaluationId, data.parentId)).max) + 1;
    }
    if (!Object.keys(values).length) return;
    await store.updateCode(trx, evaluationId, codeId, values);
    const detail: Record<string, unknown> = { name: values.name ?? current.name };
    if ('parent_id' in values) detail.movedFrom = current.parent_id;
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'parent_id' in values ? 'move' : 'update', entity: 'code', entityId: codeId, detail: { ...detail, changed: Object.keys(values).filter((k) => k !== 'position') } });
  });
  return getCode(db, evaluationId, codeId);
}

export interface MergeResult {
  into: Code;
  codingsMoved: number;
  subCodesMoved: number;
  memosMoved: number;
}

/** Merges code A into code B: A's codings, sub-codes and memos go to B, then A is deleted. */
export async function mergeCode(db: Db, actorId: string | null, evaluationId: string, fromId: string, intoId: string): Promise<MergeResult> {
  const moved = await inTransaction(db, async (trx) => {
    const from = await lockedCode(trx, evaluationId, fromId);
    if (!uuid.safeParse(intoId).success) throw badRequest('Choose the code to merge into', [{ field: 'into', message: 'Choose the code to merge into' }]);
    const into = await store.lockCode(trx, evaluationId, intoId);
    if (!into) throw badRequest('The code to merge into is not in this evaluation', [{ field: 'into', message: 'Choose a code from this evaluation' }]);
    if (into.id === from.id) throw badRequest('A code cannot be merged into itself', [{ field: 'into', message: 'Choose a different code to merge into' }]);
    if (descendantIds(await listCodes(trx, evaluationId), from.id).has(into.id)) {
      throw badRequest(`"${into.name}" is a sub-code of "${from.name}": move it out first, or merge the other way round`, [{ field: 'into', message: 'Choose a code that is not one of its sub-codes' }]);
    }
    const codingsMoved = await store.moveAllCodings(trx, evaluationId, from.id, into.id);
    const subCodesMoved = await store.reparentChildren(trx, evaluationId, from.id, into.id);
    const memosMoved = await store.moveCodeMemos(trx, evaluationId, from.id, into.id);
    await store.deleteCode(trx, evaluationId, from.id);
    await recordAudit(trx, {
      evaluationId, userId: actorId, action: 'merge', entity: 'code', entityId: from.id,
      detail: { name: from.name, into: into.id, intoName: into.name, codingsMoved, subCodesMoved, memosMoved },
    });
    return { codingsMoved, subCodesMoved, memosMoved };
  });
  return { into: await getCode(db, evaluationId, intoId), ...moved };
}

/** Splits a code in two: a new code beside it takes the chosen codings; the rest stay. */
export async function splitCode(db: Db, actorId: string | null, evaluationId: string, codeId: string, input: z.input<typeof splitInput>): Promise<{ original: Code; created: Code; codingsMoved: number }> {
  const data = splitInput.parse(input);
  const result = await inTransaction(db, async (trx) => {
    const original = await lockedCode(trx, evaluationId, codeId);
    const own = new Set((await store.codingIdsOfCode(trx, evaluationId, codeId)).map((r) => r.id));
    const strangers = data.codingIds.filter((id) => !own.has(id));
    if (strangers.length) throw badRequest('Some of the chosen segments are not coded with this code', [{ field: 'codingIds', message: 'Choose segments of this code only' }]);
    const created = await createCode(trx, actorId, evaluationId, { name: data.name, description: data.description, colour: data.colour ?? original.colour, parentId: original.parent_id });
    const codingsMoved = await store.moveCodings(trx, evaluationId, codeId, data.codingIds, created.id);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'split', entity: 'code', entityId: codeId, detail: { name: original.name, into: created.id, intoName: created.name, codingsMoved } });
    return { createdId: created.id, codingsMoved };
  });
  return { original: await getCode(db, evaluationId, codeId), created: await getCode(db, evaluationId, result.createdId), codingsMoved: result.codingsMoved };
}

/** What deleting a code would take with it, for the confirmation page. */
export async function deletionImpact(db: Db, evaluationId: string, codeId: string) {
  const codes = await listCodes(db, evaluationId);
  const code = codes.find((c) => c.id === codeId);
  if (!code) throw notFound('Code');
  return { code, codings: code.codings, subCodes: codes.filter((c) => c.parentId === codeId).length };
}

/**
 * Deletes a code. Its sub-codes move up to its parent. A code with codings is deleted only when
 * `withCodings` confirms that they go too; its memos go with it.
 */
export async function deleteCode(db: Db, actorId: string | null, evaluationId: string, codeId: string, { withCodings }: { withCodings: boolean }): Promise<{ codingsDeleted: number; subCodesMoved: number }> {
  return inTransaction(db, async (trx) => {
    const code = await lockedCode(trx, evaluationId, codeId);
    const codings = await store.countCodingsOfCode(trx, evaluationId, codeId);
    if (codings > 0 && !withCodings) {
      throw conflict(`"${code.name}" has ${codings} ${codings === 1 ? 'coding' : 'codings'}: confirm that ${codings === 1 ? 'it goes' : 'they go'} too, or merge the code into another to keep them`);
    }
    const codingsDeleted = await store.deleteCodingsOfCode(trx, evaluationId, codeId);
    const subCodesMoved = await store.reparentChildren(trx, evaluationId, codeId, code.parent_id);
    const memosDeleted = await store.deleteCodeMemos(trx, evaluationId, codeId);
    await store.deleteCode(trx, evaluationId, codeId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'code', entityId: codeId, detail: { name: code.name, codingsDeleted, subCodesMoved, memosDeleted } });
    return { codingsDeleted, subCodesMoved };
  });
}

/** The segments of a code with their text, for the code's page and for choosing what to split off. */
export async function codeSegments(db: Db, evaluationId: string, codeId: string, viewerId: string | null = null) {
  const rows = await store.segmentsOfCode(db, evaluationId, codeId, viewerId);
  return rows.map((r) => ({
    codingId: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    start: r.start_offset,
    end: r.end_offset,
    text: r.text,
    valence: r.valence,
    memo: r.memo,
    coderName: r.coder_name ?? '',
  }));
}
