import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { hasRole, type Role } from '../../../http/access.ts';
import { badRequest, forbidden, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import * as core from '../store.ts';
import * as store from './memo-store.ts';

/**
 * Memos: what the team thinks as it codes, written about the whole project, one code or one
 * source. Anyone who codes may write one; its author, a researcher or the lead may change it.
 */

export const memoSubjects = ['project', 'code', 'source'] as const;
export type MemoSubject = (typeof memoSubjects)[number];

export interface Memo {
  id: string;
  subject: MemoSubject | 'coding';
  subjectId: string | null;
  /** The code's or source's name; empty for the project. */
  subjectName: string;
  title: string;
  body: string;
  authorId: string | null;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Actor {
  id: string;
  role: Role;
}

const uuid = z.string().uuid();
const memoText = {
  title: z.string().trim().max(200, 'The title must be 200 characters or fewer').default(''),
  body: z.string().trim().min(1, 'Write the memo').max(20_000, 'A memo must be 20,000 characters or fewer'),
};

export const memoInput = z
  .object({
    subject: z.enum(memoSubjects, { error: 'Choose what the memo is about' }),
    subjectId: z.preprocess((v) => (v === '' ? null : v), uuid.nullish()),
    ...memoText,
  })
  .refine((m) => (m.subject === 'project') === !m.subjectId, { message: 'A memo about a code or a source must name it', path: ['subjectId'] });

export const memoChange = z.object(memoText);

type Row = Awaited<ReturnType<typeof store.listMemos>>[number];

function toMemo(r: Row): Memo {
  return {
    id: r.id,
    subject: r.subject as Memo['subject'],
    subjectId: r.subject_id,
    subjectName: r.code_name ?? r.source_name ?? '',
    title: r.title,
    body: r.body,
    authorId: r.author_id,
    authorName: r.author_name ?? '',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every memo of the evaluation, or those about one subject (`subjectId` null for the project). */
export async function listMemos(db: Db, evaluationId: string, about?: { subject: MemoSubject; subjectId: string | null }): Promise<Memo[]> {
  return (await store.listMemos(db, evaluationId, about)).map(toMemo);
}

export async function getMemo(db: Db, evaluationId: string, memoId: string): Promise<Memo> {
  if (!uuid.safeParse(memoId).success) throw notFound('Memo');
  const row = await store.findMemo(db, evaluationId, memoId);
  if (!row) throw notFound('Memo');
  return toMemo(row);
}

/** Whether this person may change or delete the memo. */
export function mayChangeMemo(memo: Pick<Memo, 'authorId'>, actor: Actor): boolean {
  return memo.authorId === actor.id || hasRole(actor.role, 'researcher');
}

/** The name of what a memo would be about, checking it belongs to the evaluation. */
export async function memoSubjectName(db: Db, evaluationId: string, subject: MemoSubject, subjectId: string | null | undefined): Promise<string> {
  if (subject === 'project') return '';
  if (!subjectId || !uuid.safeParse(subjectId).success) throw badRequest('Choose what the memo is about', [{ field: 'subjectId', message: 'Choose what the memo is about' }]);
  const found = subject === 'code' ? await core.findCode(db, evaluationId, subjectId) : await core.findSource(db, evaluationId, subjectId);
  if (!found) throw badRequest(`The ${subject} is not in this evaluation`, [{ field: 'subjectId', message: `Choose a ${subject} from this evaluation` }]);
  return found.name;
}

export async function createMemo(db: Db, actor: Actor, evaluationId: string, input: z.input<typeof memoInput>): Promise<Memo> {
  const data = memoInput.parse(input);
  await memoSubjectName(db, evaluationId, data.subject, data.subjectId);
  const { id } = await store.insertMemo(db, {
    evaluation_id: evaluationId,
    subject: data.subject,
    subject_id: data.subject === 'project' ? null : (data.subjectId ?? null),
    title: data.title,
    body: data.body,
    author_id: actor.id,
  });
  await recordAudit(db, { evaluationId, userId: actor.id, action: 'create', entity: 'memo', entityId: id, detail: { subject: data.subject } });
  return getMemo(db, evaluationId, id);
}

export async function changeMemo(db: Db, actor: Actor, evaluationId: string, memoId: string, input: z.input<typeof memoChange>, now: Date): Promise<Memo> {
  const memo = await getMemo(db, evaluationId, memoId);
  if (!mayChangeMemo(memo, actor)) throw forbidden('Only the memo’s author, a researcher or the lead can change it');
  const data = memoChange.parse(input);
  await store.updateMemo(db, evaluationId, memoId, { title: data.title, body: data.body, updated_at: now });
  await recordAudit(db, { evaluationId, userId: actor.id, action: 'update', entity: 'memo', entityId: memoId, detail: { subject: memo.subject } });
  return getMemo(db, evaluationId, memoId);
}

export async function deleteMemo(db: Db, actor: Actor, evaluationId: string, memoId: string): Promise<void> {
  const memo = await getMemo(db, evaluationId, memoId);
  if (!mayChangeMemo(memo, actor)) throw forbidden('Only the memo’s author, a researcher or the lead can delete it');
  await store.deleteMemo(db, evaluationId, memoId);
  await recordAudit(db, { evaluationId, userId: actor.id, action: 'delete', entity: 'memo', entityId: memoId, detail: { subject: memo.subject } });
}
