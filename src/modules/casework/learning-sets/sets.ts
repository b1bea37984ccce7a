import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { getPerson } from '../../organisation/service.ts';
import { optionalId } from '../../evaluations/protocol/schemas.ts';
import { optionalText, requiredText, uuid } from '../../shared-schemas.ts';
import { setKindLabels, setKinds, type SetKind } from './labels.ts';

/** Learning sets and their members. Sessions are in sessions.ts, feedback in feedback.ts. */

export const setInput = z.object({
  name: requiredText('The name of the learning set', 200),
  kind: z.enum(setKinds, { error: 'Choose the kind of learning set' }),
  description: optionalText('Description', 2000),
});
export type SetInput = z.input<typeof setInput>;

/** A member is named as the team knows them, or taken from the staff directory. */
export const memberInput = z
  .object({
    name: optionalText('Name', 200),
    role: optionalText('Role', 200),
    organisation: optionalText('Organisation or unit', 200),
    personId: optionalId('Choose a person from the staff directory'),
  })
  .superRefine((value, ctx) => {
    if (value.name === '' && value.personId === null) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter the member’s name, or choose them from the staff directory' });
  });
export type MemberInput = z.input<typeof memberInput>;

export interface LearningSet {
  id: string;
  name: string;
  kind: SetKind;
  kindLabel: string;
  description: string;
}

export interface Member {
  id: string;
  name: string;
  role: string;
  organisation: string;
  personId: string | null;
}

function toSet(row: { id: string; name: string; kind: string; description: string }): LearningSet {
  const kind = row.kind as SetKind;
  return { id: row.id, name: row.name, kind, kindLabel: setKindLabels[kind], description: row.description };
}

export async function getSet(db: Db, evaluationId: string, setId: string): Promise<LearningSet> {
  const row = uuid.safeParse(setId).success
    ? await db.selectFrom('learning_sets').select(['id', 'name', 'kind', 'description']).where('evaluation_id', '=', evaluationId).where('id', '=', setId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Learning set');
  return toSet(row);
}

export async function listSets(db: Db, evaluationId: string): Promise<LearningSet[]> {
  const rows = await db.selectFrom('learning_sets').select(['id', 'name', 'kind', 'description']).where('evaluation_id', '=', evaluationId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toSet);
}

export async function createSet(db: Db, actorId: string | null, evaluationId: string, input: SetInput): Promise<LearningSet> {
  const data = setInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('learning_sets')
      .values({ evaluation_id: evaluationId, name: data.name, kind: data.kind, description: data.description, created_by: actorId })
      .returning(['id', 'name', 'kind', 'description'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'learning-set', entityId: row.id, detail: { name: row.name, kind: row.kind } });
    return toSet(row);
  });
}

export async function updateSet(db: Db, actorId: string | null, evaluationId: string, setId: string, input: SetInput): Promise<LearningSet> {
  const data = setInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getSet(trx, evaluationId, setId);
    await trx.updateTable('learning_sets').set({ name: data.name, kind: data.kind, description: data.description }).where('id', '=', before.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'learning-set', entityId: before.id, detail: { name: { from: before.name, to: data.name }, kind: { from: before.kind, to: data.kind } } });
    return getSet(trx, evaluationId, before.id);
  });
}

export async function deleteSet(db: Db, actorId: string | null, evaluationId: string, setId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await getSet(trx, evaluationId, setId);
    await trx.deleteFrom('learning_sets').where('id', '=', before.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'learning-set', entityId: before.id, detail: { name: before.name } });
  });
}

export async function listMembers(db: Db, setId: string): Promise<Member[]> {
  const rows = await db.selectFrom('learning_set_members').select(['id', 'name', 'role', 'organisation', 'person_id']).where('learning_set_id', '=', setId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, organisation: r.organisation, personId: r.person_id }));
}

/**
 * Adds a member. A person chosen from the directory fills whatever the form left blank: their
 * name, job title and unit.
 */
export async function addMember(db: Db, actorId: string | null, evaluationId: string, setId: string, input: MemberInput): Promise<Member> {
  const data = memberInput.parse(input);
  return inTransaction(db, async (trx) => {
    const set = await getSet(trx, evaluationId, setId);
    const person = data.personId ? await getPerson(trx, evaluationId, data.personId) : null;
    const row = await trx
      .insertInto('learning_set_members')
      .values({
        learning_set_id: set.id,
        name: data.name || person?.name || '',
        role: data.role || person?.jobTitle || '',
        organisation: data.organisation || person?.unitName || '',
        person_id: person?.id ?? null,
      })
      .returning(['id', 'name', 'role', 'organisation', 'person_id'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'learning-set-member', entityId: row.id, detail: { setId: set.id, role: row.role } });
    return { id: row.id, name: row.name, role: row.role, organisation: row.organisation, personId: row.person_id };
  });
}

export async function removeMember(db: Db, actorId: string | null, evaluationId: string, setId: string, memberId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const set = await getSet(trx, evaluationId, setId);
    const member = uuid.safeParse(memberId).success
      ? await trx.selectFrom('learning_set_members').select('id').where('learning_set_id', '=', set.id).where('id', '=', memberId).executeTakeFirst()
      : undefined;
    if (!member) throw notFound('Member');
    await trx.deleteFrom('learning_set_members').where('id', '=', member.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'learning-set-member', entityId: member.id, detail: { setId: set.id } });
  });
}
