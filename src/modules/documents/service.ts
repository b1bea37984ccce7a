import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { createSource } from '../qualitative/service.ts';
import { DocumentFileError, extractText } from './extraction.ts';

/**
 * The register of the organisation's documents: what each is, who issued it and when, where it was
 * found, and (when uploaded) the file itself with its text. A document is coded with the
 * evaluation's codebooks by turning its text into a qualitative source of kind "document".
 */

export const documentKinds = ['business-plan', 'management-plan', 'leaflet', 'poster', 'web-page', 'report', 'minutes', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const documentKindLabels: Record<DocumentKind, string> = {
  'business-plan': 'Business plan',
  'management-plan': 'Management plan',
  leaflet: 'Leaflet',
  poster: 'Poster',
  'web-page': 'Web page',
  report: 'Report',
  minutes: 'Minutes',
  other: 'Other',
};

const isoDate = (label: string) =>
  z
    .union([z.literal('').transform(() => null), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)])
    .nullish()
    .transform((v) => v ?? null)
    .refine((v) => v === null || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `${label} must be a real date`);

export const documentInput = z.object({
  kind: z.enum(documentKinds, { error: 'Choose what kind of document it is' }),
  title: z.string({ error: 'Enter the title' }).trim().min(1, 'Enter the title').max(500, 'The title must be 500 characters or fewer'),
  issuer: z.string().trim().max(300, 'The issuer must be 300 characters or fewer').default(''),
  issuedOn: isoDate('Date issued'),
  address: z
    .string()
    .trim()
    .max(2000, 'The address must be 2,000 characters or fewer')
    .refine((v) => v === '' || /^https?:\/\/\S+$/i.test(v), 'Enter a web address starting with http:// or https://')
    .default(''),
  accessedOn: isoDate('Date accessed'),
  notes: z.string().trim().max(10_000, 'Notes must be 10,000 characters or fewer').default(''),
  /** Text typed or pasted for an entry without a file (a poster's words, say). */
  text: z.string().max(5_000_000, 'The text is longer than 5 million characters').optional(),
});
export type DocumentInput = z.input<typeof documentInput>;

export interface DocumentFile {
  fileName: string;
  content: Buffer;
}

export interface DocumentEntry {
  id: string;
  kind: DocumentKind;
  kindLabel: string;
  title: string;
  issuer: string;
  issuedOn: string | null;
  address: string;
  accessedOn: string | null;
  notes: string;
  fileName: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  hasText: boolean;
  sourceId: string | null;
  createdAt: Date;
}

const uuid = z.string().uuid();
const columns = ['id', 'kind', 'title', 'issuer', 'issued_on', 'address', 'accessed_on', 'notes', 'file_name', 'media_type', 'size_bytes', 'sha256', 'source_id', 'created_at'] as const;

type Row = { [K in (typeof columns)[number]]: unknown } & { has_text: boolean };

function toEntry(r: Row): DocumentEntry {
  const kind = r.kind as DocumentKind;
  return {
    id: r.id as string,
    kind,
    kindLabel: documentKindLabels[kind] ?? String(kind),
    title: r.title as string,
    issuer: r.issuer as string,
    issuedOn: r.issued_on as string | null,
    address: r.address as string,
    accessedOn: r.accessed_on as string | null,
    notes: r.notes as string,
    fileName: r.file_name as string | null,
    mediaType: r.media_type as string | null,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    sha256: r.sha256 as string | null,
    hasText: Boolean(r.has_text),
    sourceId: r.source_id as string | null,
    createdAt: r.created_at as Date,
  };
}

function selectEntries(db: Db, evaluationId: string) {
  return db
    .selectFrom('documents')
    .select([...columns])
    .select((eb) => eb.and([eb('extracted_text', 'is not', null), eb('extracted_text', '<>', '')]).as('has_text'))
    .where('evaluation_id', '=', evaluationId);
}

export async function listDocuments(db: Db, evaluationId: string): Promise<DocumentEntry[]> {
  const rows = await selectEntries(db, evaluationId).orderBy('kind').orderBy('issued_on', 'desc').orderBy('title').execute();
  return rows.map((r) => toEntry(r as Row));
}

export async function getDocument(db: Db, evaluationId: string, documentId: string): Promise<DocumentEntry> {
  const row = uuid.safeParse(documentId).success ? await selectEntries(db, evaluationId).where('id', '=', documentId).executeTakeFirst() : undefined;
  if (!row) throw notFound('Document');
  return toEntry(row as Row);
}

export async function documentText(db: Db, evaluationId: string, documentId: string): Promise<string> {
  const entry = await getDocument(db, evaluationId, documentId);
  const row = await db.selectFrom('documents').select('extracted_text').where('id', '=', entry.id).executeTakeFirstOrThrow();
  return row.extracted_text ?? '';
}

export async function documentFile(db: Db, evaluationId: string, documentId: string): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const entry = await getDocument(db, evaluationId, documentId);
  const row = await db.selectFrom('documents').select(['content']).where('id', '=', entry.id).executeTakeFirstOrThrow();
  if (!row.content || !entry.fileName) throw notFound('File');
  return { fileName: entry.fileName, mediaType: entry.mediaType ?? 'application/octet-stream', content: Buffer.from(row.content) };
}

/** The file's text and its checks, or a problem for the file field naming the file. */
async function readFile(file: DocumentFile) {
  try {
    return await extractText(file.content, file.fileName);
  } catch (error) {
    if (error instanceof DocumentFileError) {
      const message = `${file.fileName}: ${error.message}`;
      throw badRequest(`${message}. Nothing was added.`, [{ field: 'file', message }]);
    }
    throw error;
  }
}

export async function addDocument(db: Db, actorId: string | null, evaluationId: string, input: DocumentInput, file?: DocumentFile): Promise<DocumentEntry> {
  const data = documentInput.parse(input);
  if (file && data.text?.trim()) throw badRequest('Upload a file or type the text, not both', [{ field: 'text', message: 'Upload a file or type the text, not both' }]);
  const extracted = file ? await readFile(file) : null;
  const sha256 = file ? createHash('sha256').update(file.content).digest('hex') : null;
  return inTransaction(db, async (trx) => {
    if (sha256) {
      const same = await trx.selectFrom('documents').select('title').where('evaluation_id', '=', evaluationId).where('sha256', '=', sha256).executeTakeFirst();
      if (same) {
        const message = `${file!.fileName} is already in the register, as "${same.title}"`;
        throw badRequest(message, [{ field: 'file', message }]);
      }
    }
    const row = await trx
      .insertInto('documents')
      .values({
        evaluation_id: evaluationId,
        kind: data.kind,
        title: data.title,
        issuer: data.issuer,
        issued_on: data.issuedOn,
        address: data.address,
        accessed_on: data.accessedOn,
        notes: data.notes,
        file_name: file ? file.fileName : null,
        media_type: extracted ? extracted.mediaType : null,
        size_bytes: file ? file.content.length : null,
        sha256,
        content: file ? file.content : null,
        extracted_text: extracted ? extracted.text : data.text?.trim() ? data.text.replace(/\r\n?/g, '\n') : null,
        created_by: actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'document', entityId: row.id, detail: { kind: data.kind, title: data.title, file: file?.fileName ?? null } });
    return getDocument(trx, evaluationId, row.id);
  });
}

/** Changes the register entry; the file and its text stay as uploaded. */
export async function updateDocument(db: Db, actorId: string | null, evaluationId: string, documentId: string, input: DocumentInput): Promise<DocumentEntry> {
  const data = documentInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getDocument(trx, evaluationId, documentId);
    await trx
      .updateTable('documents')
      .set({ kind: data.kind, title: data.title, issuer: data.issuer, issued_on: data.issuedOn, address: data.address, accessed_on: data.accessedOn, notes: data.notes, updated_at: new Date() })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'document', entityId: before.id, detail: { title: data.title } });
    return getDocument(trx, evaluationId, before.id);
  });
}

/** Removes the entry; its source goes too unless it has been coded, when it stays with its codings. */
export async function deleteDocument(db: Db, actorId: string | null, evaluationId: string, documentId: string): Promise<{ keptSource: boolean }> {
  return inTransaction(db, async (trx) => {
    const before = await getDocument(trx, evaluationId, documentId);
    await trx.deleteFrom('documents').where('id', '=', before.id).execute();
    let keptSource = false;
    if (before.sourceId) {
      const coded = await trx.selectFrom('qda_codings').select('id').where('source_id', '=', before.sourceId).executeTakeFirst();
      if (coded) keptSource = true;
      else await trx.deleteFrom('qda_sources').where('id', '=', before.sourceId).execute();
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'document', entityId: before.id, detail: { title: before.title, keptSource } });
    return { keptSource };
  });
}

/**
 * The qualitative source holding the document's text, made the first time someone opens the
 * document for coding, so it is coded on the same pages and with the same codebooks as interviews.
 */
export async function sourceForCoding(db: Db, actorId: string | null, evaluationId: string, documentId: string): Promise<string> {
  return inTransaction(db, async (trx) => {
    const entry = await getDocument(trx, evaluationId, documentId);
    if (entry.sourceId) return entry.sourceId;
    const text = await documentText(trx, evaluationId, entry.id);
    if (!text.trim()) throw badRequest(`"${entry.title}" has no text to code: upload its file, or add its text`, [{ field: 'form', message: `"${entry.title}" has no text to code: upload its file, or add its text` }]);
    const source = await createSource(trx, actorId, evaluationId, { kind: 'document', name: entry.title.slice(0, 300), content: text, importedFrom: entry.fileName ?? '' });
    await trx.updateTable('documents').set({ source_id: source.id }).where('id', '=', entry.id).execute();
    return source.id;
  });
}
