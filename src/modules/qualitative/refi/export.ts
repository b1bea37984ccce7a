import type { Db } from '../../../db/database.ts';
import { badRequest } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listUsers } from '../../accounts/service.ts';
import { getEvaluation, listMembers } from '../../evaluations/service.ts';
import { listCodes, type Valence } from '../service.ts';
import { writeQdpx } from './archive.ts';
import { buildCodebook } from './codebook.ts';
import { buildProject, type ExportProject, type ExportUser } from './project-builder.ts';
import * as store from './store.ts';

/**
 * Exports an evaluation's qualitative work as REFI-QDA: the whole project as a .qdpx archive, or
 * the codebook alone as a .qdc file, for NVivo, ATLAS.ti, MAXQDA, QualCoder and others.
 */

export const origin = 'Formative';

export interface ExchangeFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  /** What the file holds, counted: codes, sources, codings … */
  counts: Record<string, number>;
}

/** The team members the project names: everyone who coded or wrote a memo, members or not. */
async function usersNamed(db: Db, evaluationId: string, ids: Set<string>): Promise<ExportUser[]> {
  if (!ids.size) return [];
  const members = await listMembers(db, evaluationId);
  const found = new Map<string, ExportUser>(members.filter((m) => ids.has(m.userId)).map((m) => [m.userId, { id: m.userId, name: m.name, email: m.email }]));
  if (found.size < ids.size) {
    for (const u of await listUsers(db)) if (ids.has(u.id) && !found.has(u.id)) found.set(u.id, { id: u.id, name: u.name, email: u.email });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Everything the export writes, read in one go. */
export async function readProject(db: Db, evaluationId: string, exportedAt: Date): Promise<ExportProject> {
  const evaluation = await getEvaluation(db, evaluationId);
  const [codes, participants, attributes, sources, codings, memos] = await Promise.all([
    listCodes(db, evaluationId),
    store.participantsOfEvaluation(db, evaluationId),
    store.attributesOfEvaluation(db, evaluationId),
    store.sourcesWithContent(db, evaluationId),
    store.codingsOfEvaluation(db, evaluationId),
    store.memosOfEvaluation(db, evaluationId),
  ]);
  const people = new Set([...codings.map((c) => c.coder_id), ...memos.map((m) => m.author_id)].filter((id): id is string => id !== null));
  return {
    evaluationId,
    title: evaluation.title,
    origin,
    exportedAt,
    users: await usersNamed(db, evaluationId, people),
    codes: codes.map((c) => ({ id: c.id, parentId: c.parentId, name: c.name, description: c.description, colour: c.colour })),
    participants: participants.map((p) => ({
      id: p.id,
      label: p.label,
      roleCategory: p.role_category,
      attributes: attributes.filter((a) => a.participant_id === p.id).map((a) => ({ name: a.name, value: a.value })),
    })),
    sources: sources.map((s) => ({ id: s.id, name: s.name, kind: s.kind, participantId: s.participant_id, content: s.content, createdAt: s.created_at, updatedAt: s.updated_at })),
    codings: codings.map((c) => ({
      id: c.id,
      sourceId: c.source_id,
      codeId: c.code_id,
      start: c.start_offset,
      end: c.end_offset,
      valence: c.valence as Valence,
      memo: c.memo,
      coderId: c.coder_id,
      createdAt: c.created_at,
    })),
    memos: memos.map((m) => ({ id: m.id, subject: m.subject, subjectId: m.subject_id, title: m.title, body: m.body, authorId: m.author_id, createdAt: m.created_at, updatedAt: m.updated_at })),
  };
}

/** The whole project as a .qdpx archive: project.qde and one UTF-8 text file per source. */
export async function exportQdpx(db: Db, actorId: string | null, evaluationId: string, now: Date): Promise<ExchangeFile> {
  const project = await readProject(db, evaluationId, now);
  const { xml, texts } = buildProject(project);
  const body = await writeQdpx(xml, texts, now);
  const { slug } = await getEvaluation(db, evaluationId);
  const counts = { codes: project.codes.length, participants: project.participants.length, sources: project.sources.length, codings: project.codings.length, memos: project.memos.length };
  await recordAudit(db, { evaluationId, userId: actorId, action: 'export', entity: 'qdpx', detail: counts });
  return { fileName: `${slug}-project.qdpx`, contentType: 'application/zip', body, counts };
}

/** The codebook alone as a .qdc file. REFI-QDA cannot express an empty codebook, so one is refused. */
export async function exportCodebook(db: Db, actorId: string | null, evaluationId: string): Promise<ExchangeFile> {
  const codes = await listCodes(db, evaluationId);
  if (!codes.length) throw badRequest('There are no codes to export yet: add codes to the codebook first');
  const { slug } = await getEvaluation(db, evaluationId);
  const xml = buildCodebook(codes.map((c) => ({ id: c.id, parentId: c.parentId, name: c.name, description: c.description, colour: c.colour })), origin);
  await recordAudit(db, { evaluationId, userId: actorId, action: 'export', entity: 'qdc', detail: { codes: codes.length } });
  return { fileName: `${slug}-codebook.qdc`, contentType: 'application/xml; charset=utf-8', body: Buffer.from(xml, 'utf8'), counts: { codes: codes.length } };
}
