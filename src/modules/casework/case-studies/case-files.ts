import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { partialShuffle } from '../../sampling/draw.ts';
import { SEED_MAX, SEED_MIN, splitmix64 } from '../../sampling/splitmix64.ts';
import { uuid } from '../../shared-schemas.ts';
import { checkAnswers, getForm, listForms } from './extraction-forms.ts';
import { getSite } from './sites.ts';

/**
 * Case files at a site, known only by an anonymous reference; samples of them drawn with a recorded
 * seed (so a sample can be drawn again and checked); and what was extracted from each sampled file.
 */

// What would identify a person if it were written into a reference: refused, with the reason.
const personalData: { pattern: RegExp; what: string }[] = [
  { pattern: /[^\s@]+@[^\s@]+\.[^\s@]+/, what: 'an e-mail address' },
  { pattern: /\b\d{3}\s?\d{3}\s?\d{4}\b/, what: 'what looks like an NHS number' },
  { pattern: /(?:\+44\s?|\b0)\d(?:\s?\d){8,9}\b/, what: 'a telephone number' },
  { pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i, what: 'a postcode' },
  { pattern: /\b(?:mr|mrs|miss|ms|mx|dr)\.?\s+[a-z]/i, what: 'a title and name' },
  { pattern: /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/, what: 'a date (perhaps a date of birth)' },
];

/** Why a reference may not be stored, or null when it is fine. */
export function referenceProblem(reference: string): string | null {
  if (!reference) return 'Enter a reference';
  if (reference.length > 60) return `The reference "${reference.slice(0, 20)}…" must be 60 characters or fewer`;
  const found = personalData.find((p) => p.pattern.test(reference));
  return found ? `The reference "${reference}" holds ${found.what}: use an anonymous reference, like CF-014, never details that identify a person` : null;
}

export interface CaseFile {
  id: string;
  reference: string;
  sampleId: string | null;
  /** The forms this file was extracted on. */
  extractedForms: string[];
  contacts: number;
}

export interface CaseFileSample {
  id: string;
  size: number;
  seed: string;
  drawnAt: Date;
  references: string[];
}

type CaseFileRow = { id: string; reference: string; sample_id: string | null; forms: string[] | null; contacts: number };

/** Case files with their sample, the forms they were extracted on and their contacts, for one site or one file. */
async function caseFileRows(db: Db, evaluationId: string, siteId: string, caseFileId: string | null): Promise<CaseFile[]> {
  const rows = await sql<CaseFileRow>`
    SELECT f.id, f.reference, m.sample_id,
      (SELECT array_agg(e.form_id::text ORDER BY e.form_id) FROM case_extractions e WHERE e.case_file_id = f.id) AS forms,
      (SELECT count(*)::int FROM case_file_contacts c WHERE c.case_file_id = f.id) AS contacts
    FROM case_files f
    JOIN case_study_sites s ON s.id = f.site_id AND s.evaluation_id = ${evaluationId}
    LEFT JOIN case_file_sample_members m ON m.case_file_id = f.id
    WHERE f.site_id = ${siteId} ${caseFileId ? sql`AND f.id = ${caseFileId}` : sql``}
    ORDER BY lower(f.reference), f.id`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, reference: r.reference, sampleId: r.sample_id, extractedForms: r.forms ?? [], contacts: r.contacts }));
}

export async function listCaseFiles(db: Db, evaluationId: string, siteId: string): Promise<CaseFile[]> {
  const site = await getSite(db, evaluationId, siteId);
  return caseFileRows(db, evaluationId, site.id, null);
}

export async function getCaseFile(db: Db, evaluationId: string, siteId: string, caseFileId: string): Promise<CaseFile> {
  const file = uuid.safeParse(siteId).success && uuid.safeParse(caseFileId).success ? (await caseFileRows(db, evaluationId, siteId, caseFileId))[0] : undefined;
  if (!file) throw notFound('Case file');
  return file;
}

export const referencesInput = z.object({
  references: z.preprocess((v) => (Array.isArray(v) ? v : String(v ?? '').split(/\r?\n|,/)).map((r) => String(r).trim()).filter(Boolean), z.array(z.string()).min(1, 'Enter at least one reference')),
});

/** Registers case files by reference, all or none: a reference already there or holding personal data stops them all. */
export async function registerCaseFiles(db: Db, actorId: string | null, evaluationId: string, siteId: string, input: z.input<typeof referencesInput>): Promise<number> {
  const { references } = referencesInput.parse(input);
  return inTransaction(db, async (trx) => {
    const site = await getSite(trx, evaluationId, siteId);
    const have = new Set((await listCaseFiles(trx, evaluationId, site.id)).map((f) => f.reference.toLowerCase()));
    const problems: { field: string; message: string }[] = [];
    const seen = new Set<string>();
    for (const reference of references) {
      const problem = referenceProblem(reference);
      if (problem) problems.push({ field: 'references', message: problem });
      else if (have.has(reference.toLowerCase())) problems.push({ field: 'references', message: `The reference "${reference}" is already registered at this site` });
      else if (seen.has(reference.toLowerCase())) problems.push({ field: 'references', message: `The reference "${reference}" is given twice` });
      seen.add(reference.toLowerCase());
    }
    if (problems.length) throw badRequest(problems[0]!.message, problems);
    await trx.insertInto('case_files').values(references.map((reference) => ({ site_id: site.id, reference }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-file', detail: { siteId: site.id, registered: references.length } });
    return references.length;
  });
}

const seedMessage = 'The seed must be a whole number, like 2006';

export const sampleInput = z.object({
  size: z.coerce.number({ error: 'Enter how many case files to draw' }).int('Enter a whole number of case files').min(1, 'Draw at least 1 case file').max(10_000, 'Draw at most 10,000 case files'),
  seed: z
    .union([z.number(), z.string()])
    .optional()
    .transform((v, ctx) => {
      const text = String(v ?? '').trim();
      if (!text) return String(randomInt(1, 2 ** 31));
      if (!/^-?\d+$/.test(text) || BigInt(text) < SEED_MIN || BigInt(text) > SEED_MAX) {
        ctx.addIssue({ code: 'custom', message: seedMessage });
        return z.NEVER;
      }
      return BigInt(text).toString();
    }),
});

/**
 * The files a sample of `size` would hold: the site's files not in any earlier sample, in reference
 * order, shuffled by the seed. The same files and seed always give the same sample.
 */
export function chooseCaseFiles<T extends { id: string; reference: string }>(available: readonly T[], size: number, seed: string): T[] {
  const ordered = [...available].sort((a, b) => (a.reference.toLowerCase() < b.reference.toLowerCase() ? -1 : a.reference.toLowerCase() > b.reference.toLowerCase() ? 1 : a.id < b.id ? -1 : 1));
  return partialShuffle(ordered, size, splitmix64(BigInt(seed)));
}

export async function drawCaseFileSample(db: Db, actorId: string | null, evaluationId: string, siteId: string, input: z.input<typeof sampleInput>): Promise<CaseFileSample> {
  const data = sampleInput.parse(input);
  return inTransaction(db, async (trx) => {
    const site = await getSite(trx, evaluationId, siteId);
    // Drawing takes the site row's lock, so two people drawing at once cannot pick the same file.
    await trx.selectFrom('case_study_sites').select('id').where('id', '=', site.id).forUpdate().execute();
    const available = (await listCaseFiles(trx, evaluationId, site.id)).filter((f) => !f.sampleId);
    if (data.size > available.length) {
      const message = available.length ? `There ${available.length === 1 ? 'is' : 'are'} only ${available.length} case file${available.length === 1 ? '' : 's'} not yet sampled at this site: draw ${available.length} or fewer` : 'Every case file at this site is already in a sample: register more case files first';
      throw badRequest(message, [{ field: 'size', message }]);
    }
    const chosen = chooseCaseFiles(available, data.size, data.seed);
    const sample = await trx.insertInto('case_file_samples').values({ site_id: site.id, size: data.size, seed: data.seed, drawn_by: actorId }).returning(['id', 'drawn_at']).executeTakeFirstOrThrow();
    await trx.insertInto('case_file_sample_members').values(chosen.map((f, index) => ({ sample_id: sample.id, case_file_id: f.id, position: index + 1 }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-file-sample', entityId: sample.id, detail: { siteId: site.id, size: data.size, seed: data.seed } });
    return { id: sample.id, size: data.size, seed: data.seed, drawnAt: sample.drawn_at, references: chosen.map((f) => f.reference) };
  });
}

export async function listSamples(db: Db, evaluationId: string, siteId: string): Promise<CaseFileSample[]> {
  const site = await getSite(db, evaluationId, siteId);
  const samples = await db.selectFrom('case_file_samples').select(['id', 'size', 'seed', 'drawn_at']).where('site_id', '=', site.id).orderBy('drawn_at').orderBy('id').execute();
  const members = samples.length
    ? await db.selectFrom('case_file_sample_members as m').innerJoin('case_files as f', 'f.id', 'm.case_file_id').select(['m.sample_id', 'f.reference']).where('m.sample_id', 'in', samples.map((s) => s.id)).orderBy('m.position').execute()
    : [];
  return samples.map((s) => ({ id: s.id, size: s.size, seed: s.seed, drawnAt: s.drawn_at, references: members.filter((m) => m.sample_id === s.id).map((m) => m.reference) }));
}

export interface Extraction {
  formId: string;
  formName: string;
  recordedAt: Date | null;
  answers: { fieldId: string; label: string; typeLabel: string; value: string | null }[];
}

/** What was extracted from a case file on a form; answers are null when not recorded. */
export async function getExtraction(db: Db, evaluationId: string, siteId: string, caseFileId: string, formId: string): Promise<Extraction> {
  const file = await getCaseFile(db, evaluationId, siteId, caseFileId);
  const form = await getForm(db, evaluationId, formId);
  const record = await db.selectFrom('case_extractions').select(['id', 'recorded_at']).where('case_file_id', '=', file.id).where('form_id', '=', form.id).executeTakeFirst();
  const values = record ? await db.selectFrom('case_extraction_values').select(['field_id', 'value']).where('extraction_id', '=', record.id).execute() : [];
  const byField = new Map(values.map((v) => [v.field_id, v.value]));
  return {
    formId: form.id,
    formName: form.name,
    recordedAt: record?.recorded_at ?? null,
    answers: form.fields.map((f) => ({ fieldId: f.id, label: f.label, typeLabel: f.typeLabel, value: byField.get(f.id) ?? null })),
  };
}

/** Every extraction of a case file, one per form it was extracted on. */
export async function caseFileExtractions(db: Db, evaluationId: string, siteId: string, caseFileId: string): Promise<Extraction[]> {
  const file = await getCaseFile(db, evaluationId, siteId, caseFileId);
  const forms = (await listForms(db, evaluationId)).filter((f) => file.extractedForms.includes(f.id));
  return Promise.all(forms.map((f) => getExtraction(db, evaluationId, siteId, file.id, f.id)));
}

/**
 * Records what was extracted from a sampled case file on a form, replacing an earlier record. Every
 * answer is checked first; one that does not fit its field stores nothing at all.
 */
export async function recordExtraction(db: Db, actorId: string | null, evaluationId: string, siteId: string, caseFileId: string, formId: string, answers: Record<string, unknown>): Promise<Extraction> {
  return inTransaction(db, async (trx) => {
    const file = await getCaseFile(trx, evaluationId, siteId, caseFileId);
    const form = await getForm(trx, evaluationId, formId);
    if (!file.sampleId) throw badRequest(`Case file ${file.reference} is not in a sample: draw a sample before extracting`, []);
    const { values, problems } = checkAnswers(form.fields, answers);
    if (problems.length) throw badRequest(problems[0]!.message, problems);
    await trx.deleteFrom('case_extractions').where('case_file_id', '=', file.id).where('form_id', '=', form.id).execute();
    const record = await trx.insertInto('case_extractions').values({ case_file_id: file.id, form_id: form.id, recorded_by: actorId }).returning(['id', 'recorded_at']).executeTakeFirstOrThrow();
    if (values.length) await trx.insertInto('case_extraction_values').values(values.map((v) => ({ extraction_id: record.id, field_id: v.fieldId, value: v.value }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-file', entityId: file.id, detail: { extractedOn: form.name, answers: values.length } });
    const byField = new Map(values.map((v) => [v.fieldId, v.value]));
    return { formId: form.id, formName: form.name, recordedAt: record.recorded_at, answers: form.fields.map((f) => ({ fieldId: f.id, label: f.label, typeLabel: f.typeLabel, value: byField.get(f.id) ?? null })) };
  });
}
