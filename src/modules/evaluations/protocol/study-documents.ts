import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { optionalText, requiredText } from '../../shared-schemas.ts';
import { documentBlocks, type DocumentBlock } from './document-blocks.ts';
import * as store from './ethics-store.ts';
import { isUuid } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';

export const documentKinds = ['information-leaflet', 'consent-form', 'contact-sheet', 'interview-schedule', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentKindLabels: Record<DocumentKind, string> = {
  'information-leaflet': 'Participant information leaflet',
  'consent-form': 'Consent form',
  'contact-sheet': 'Contact sheet',
  'interview-schedule': 'Interview schedule',
  other: 'Other',
};

/** A template given to participants, kept in versions: each edit is a new version, none is changed. */
export interface StudyDocument {
  id: string;
  kind: DocumentKind;
  kindLabel: string;
  title: string;
  latestVersion: number;
  updatedAt: Date;
}

export interface DocumentVersion {
  number: number;
  title: string;
  body: string;
  blocks: DocumentBlock[];
  changeNote: string;
  createdAt: Date;
  createdBy: string;
}

const textFields = {
  title: requiredText('The title', 300),
  body: requiredText('The text of the document', 50000),
  changeNote: optionalText('What changed', 1000),
};

export const documentInput = z.object({ kind: z.enum(documentKinds, { error: 'Choose the kind of document' }), ...textFields });
export const versionInput = z.object(textFields);
export type DocumentInput = z.input<typeof documentInput>;
export type VersionInput = z.input<typeof versionInput>;

export async function listDocuments(db: Db, evaluationId: string): Promise<StudyDocument[]> {
  return (await store.listDocuments(db, evaluationId)).map((row) => {
    const kind = row.kind as DocumentKind;
    return { id: row.id, kind, kindLabel: documentKindLabels[kind], title: row.title, latestVersion: Number(row.latest), updatedAt: new Date(row.updated_at) };
  });
}

export async function getDocument(db: Db, evaluationId: string, documentId: string): Promise<StudyDocument> {
  const document = (await listDocuments(db, evaluationId)).find((d) => d.id === documentId);
  if (!document) throw notFound('Study document');
  return document;
}

/** Every version, oldest first. */
export async function listVersions(db: Db, evaluationId: string, documentId: string): Promise<DocumentVersion[]> {
  await getDocument(db, evaluationId, documentId);
  return (await store.listVersions(db, documentId)).map((row) => ({
    number: row.number,
    title: row.title,
    body: row.body,
    blocks: documentBlocks(row.body),
    changeNote: row.change_note,
    createdAt: row.created_at,
    createdBy: row.user_name ?? 'Formative',
  }));
}

export async function getVersion(db: Db, evaluationId: string, documentId: string, number: number): Promise<DocumentVersion> {
  const version = (await listVersions(db, evaluationId, documentId)).find((v) => v.number === number);
  if (!version) throw notFound('Version');
  return version;
}

export async function addDocument(db: Db, actorId: string | null, evaluationId: string, input: DocumentInput): Promise<StudyDocument> {
  const data = documentInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    const { id } = await store.insertDocument(trx, { evaluation_id: evaluationId, kind: data.kind, title: data.title });
    await store.insertVersion(trx, { document_id: id, number: 1, title: data.title, body: data.body, change_note: data.changeNote, created_by: actorId });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'study-document', entityId: id, detail: { kind: data.kind, title: data.title } });
    return id;
  });
  return getDocument(db, evaluationId, id);
}

/** Saves an edit as the next version; an edit that changes nothing is refused, so versions mean something. */
export async function reviseDocument(db: Db, actorId: string | null, evaluationId: string, documentId: string, input: VersionInput): Promise<StudyDocument> {
  const data = versionInput.parse(input);
  await inTransaction(db, async (trx) => {
    if (!isUuid(documentId) || !(await store.lockDocument(trx, evaluationId, documentId))) throw notFound('Study document');
    const latest = (await store.listVersions(trx, documentId)).at(-1)!;
    if (latest.title === data.title && latest.body === data.body) {
      throw badRequest('Nothing has changed', [{ field: 'body', message: `The title and text are the same as version ${latest.number}: change them to save a new version` }]);
    }
    const number = latest.number + 1;
    await store.insertVersion(trx, { document_id: documentId, number, title: data.title, body: data.body, change_note: data.changeNote, created_by: actorId });
    await store.renameDocument(trx, documentId, data.title);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'revise', entity: 'study-document', entityId: documentId, detail: { version: number, changeNote: data.changeNote } });
  });
  return getDocument(db, evaluationId, documentId);
}
