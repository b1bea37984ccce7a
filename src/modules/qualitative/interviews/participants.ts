import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, conflict, HttpError, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { getPerson } from '../../organisation/service.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { requiredText, uuid } from '../../shared-schemas.ts';
import { everyDirectoryPerson } from './directory-people.ts';
import { listRoleCategories } from './role-categories.ts';
import * as store from './store.ts';

/**
 * Interview participants: a label the team uses (like "SM07"), a role category, whether they are
 * on the organisation's staff (optionally linked to their directory entry) or external, and
 * attributes (name = value) that queries filter by.
 */

export interface Attribute {
  name: string;
  value: string;
}

export interface Participant {
  id: string;
  label: string;
  roleCategory: string;
  external: boolean;
  personId: string | null;
  /** The directory name; personal data, shown only to those who may see the directory. */
  personName: string | null;
  attributes: Attribute[];
  interviews: number;
}

const attributeLine = /^([^=]+?)\s*=\s*(.*)$/;

/** Reads "name = value" lines; a line without "=" or a name given twice is an error naming the line. */
export function parseAttributes(text: string): { attributes: Attribute[]; problems: string[] } {
  const attributes: Attribute[] = [];
  const problems: string[] = [];
  text.replace(/\r\n?/g, '\n').split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match = attributeLine.exec(line);
    if (!match || !match[1]!.trim()) problems.push(`Line ${index + 1}: write each attribute as name = value, like "programme = Mental health"`);
    else if (attributes.some((a) => a.name.toLowerCase() === match[1]!.trim().toLowerCase())) problems.push(`Line ${index + 1}: "${match[1]!.trim()}" is given twice`);
    else if (match[1]!.length > 100 || match[2]!.length > 500) problems.push(`Line ${index + 1}: names must be 100 characters or fewer and values 500 or fewer`);
    else attributes.push({ name: match[1]!.trim(), value: match[2]!.trim() });
  });
  return { attributes, problems };
}

export const formatAttributes = (attributes: Attribute[]) => attributes.map((a) => `${a.name} = ${a.value}`).join('\n');

const attributeList = z.array(z.object({ name: z.string().trim().min(1, 'Attribute names cannot be blank').max(100), value: z.string().trim().max(500) }));

/** Attributes as a list (API), or as "name = value" lines (form), each bad line reported by number. */
const attributesField = z
  .union([attributeList, z.string()])
  .default([])
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    const { attributes, problems } = parseAttributes(value);
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
    return attributes;
  });

export const participantInput = z
  .object({
    label: requiredText('A label', 50),
    roleCategory: z.string({ error: 'Choose a role category' }).trim().min(1, 'Choose a role category'),
    external: z.union([z.boolean(), z.literal('true').transform(() => true), z.literal('').transform(() => false)]).default(false),
    personId: z.union([z.literal('').transform(() => null), uuid]).nullish().transform((v) => v ?? null),
    attributes: attributesField,
  })
  .superRefine((value, ctx) => {
    if (value.external && value.personId) ctx.addIssue({ code: 'custom', path: ['personId'], message: 'An external participant cannot be linked to someone in the staff directory' });
  });
export type ParticipantInput = z.input<typeof participantInput>;
type ParticipantData = z.output<typeof participantInput>;

export interface ParticipantSearch {
  q?: string | undefined;
  role?: string | undefined;
  external?: boolean | undefined;
}

type ParticipantRow = Awaited<ReturnType<typeof store.listParticipants>>[number];

/** Directory names of the people some participants are linked to. */
async function directoryNames(db: Db, evaluationId: string, personIds: string[]): Promise<Map<string, string>> {
  if (!personIds.length) return new Map();
  // A few are looked up one by one; for more, one read of the whole directory is cheaper.
  if (personIds.length <= 5) return new Map(await Promise.all(personIds.map(async (id) => [id, (await getPerson(db, evaluationId, id)).name] as const)));
  return new Map((await everyDirectoryPerson(db, evaluationId)).map((p) => [p.id, p.name]));
}

async function withDetails(db: Db, evaluationId: string, rows: ParticipantRow[]): Promise<Participant[]> {
  const attributes = await store.listAttributes(db, rows.map((r) => r.id));
  const names = await directoryNames(db, evaluationId, [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))]);
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    roleCategory: row.role_category,
    external: row.external,
    personId: row.person_id,
    personName: row.person_id ? (names.get(row.person_id) ?? null) : null,
    attributes: attributes.filter((a) => a.participant_id === row.id).map((a) => ({ name: a.name, value: a.value })),
    interviews: Number(row.interviews ?? 0),
  }));
}

export async function listParticipants(db: Db, evaluationId: string, search: ParticipantSearch = {}): Promise<Participant[]> {
  const rows = await store.listParticipants(db, evaluationId, { search: search.q?.trim() || undefined, role: search.role || undefined, external: search.external });
  return withDetails(db, evaluationId, rows);
}

export async function getParticipant(db: Db, evaluationId: string, participantId: string): Promise<Participant> {
  const rows = uuid.safeParse(participantId).success ? await store.listParticipants(db, evaluationId, { id: participantId }) : [];
  if (!rows.length) throw notFound('Participant');
  return (await withDetails(db, evaluationId, rows))[0]!;
}

/** The label must be free, the role one of the evaluation's, the person in its directory. */
async function checkParticipant(db: Db, evaluationId: string, data: ParticipantData, exceptId: string | null): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  if (await store.labelTaken(db, evaluationId, data.label, exceptId)) problems.push({ field: 'label', message: `Another participant is already labelled "${data.label}"` });
  if (!(await listRoleCategories(db, evaluationId)).some((c) => c.name === data.roleCategory)) {
    problems.push({ field: 'roleCategory', message: "Choose one of this evaluation's role categories" });
  }
  if (data.personId) {
    try {
      await getPerson(db, evaluationId, data.personId);
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 404)) throw error;
      problems.push({ field: 'personId', message: "Choose someone from this evaluation's staff directory" });
    }
  }
  if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
}

const auditDetail = (data: ParticipantData) => ({ label: data.label, roleCategory: data.roleCategory, external: data.external, linkedToDirectory: !!data.personId, attributes: data.attributes.map((a) => a.name) });

export async function createParticipant(db: Db, actorId: string | null, evaluationId: string, input: ParticipantInput): Promise<Participant> {
  const data = participantInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    await checkParticipant(trx, evaluationId, data, null);
    const row = await store.insertParticipant(trx, { evaluation_id: evaluationId, label: data.label, role_category: data.roleCategory, external: data.external, person_id: data.personId });
    await store.replaceAttributes(trx, row.id, data.attributes);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'participant', entityId: row.id, detail: auditDetail(data) });
    return row.id;
  });
  return getParticipant(db, evaluationId, id);
}

export async function updateParticipant(db: Db, actorId: string | null, evaluationId: string, participantId: string, input: ParticipantInput): Promise<Participant> {
  const data = participantInput.parse(input);
  await inTransaction(db, async (trx) => {
    await getParticipant(trx, evaluationId, participantId);
    await checkParticipant(trx, evaluationId, data, participantId);
    await store.updateParticipant(trx, evaluationId, participantId, { label: data.label, role_category: data.roleCategory, external: data.external, person_id: data.personId });
    await store.replaceAttributes(trx, participantId, data.attributes);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'participant', entityId: participantId, detail: auditDetail(data) });
  });
  return getParticipant(db, evaluationId, participantId);
}

/** Deletes a participant with no interviews; interviews hold consent records that must not vanish. */
export async function deleteParticipant(db: Db, actorId: string | null, evaluationId: string, participantId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const participant = await getParticipant(trx, evaluationId, participantId);
    if (participant.interviews) {
      throw conflict(`${participant.label} cannot be deleted: ${participant.interviews} interview${participant.interviews === 1 ? ' is' : 's are'} recorded with them. Delete the interviews first.`);
    }
    await store.deleteParticipant(trx, evaluationId, participantId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'participant', entityId: participantId, detail: { label: participant.label } });
  });
}
