import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { optionalText, requiredText, uuid } from '../../shared-schemas.ts';

/** Forms for extracting information from case files, with fields the team defines, in order. */

export const fieldTypes = ['text', 'number', 'date', 'yes-no', 'choice'] as const;
export type FieldType = (typeof fieldTypes)[number];
export const fieldTypeLabels: Record<FieldType, string> = { text: 'Text', number: 'Number', date: 'Date', 'yes-no': 'Yes or no', choice: 'One of a list' };

export const formInput = z.object({
  name: requiredText('The name of the form', 200),
  description: optionalText('The description', 2000),
});

const optionLines = z.preprocess(
  (v) => (Array.isArray(v) ? v : String(v ?? '').split(/\r?\n/)).map((line) => String(line).trim()).filter(Boolean),
  z.array(z.string().max(200, 'Each choice must be 200 characters or fewer')),
).default([]);

export const fieldInput = z
  .object({
    label: requiredText('The label', 200),
    fieldType: z.enum(fieldTypes, { error: 'Choose the type of answer' }),
    options: optionLines,
    required: z.union([z.boolean(), z.literal('true').transform(() => true), z.literal('').transform(() => false)]).default(false),
  })
  .superRefine((value, ctx) => {
    if (value.fieldType === 'choice' && value.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Enter at least two choices, one on each line' });
    if (new Set(value.options.map((o) => o.toLowerCase())).size !== value.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Each choice must be different' });
  })
  .transform((value) => ({ ...value, options: value.fieldType === 'choice' ? value.options : [] }));
export type FieldInput = z.input<typeof fieldInput>;

export interface ExtractionField {
  id: string;
  label: string;
  fieldType: FieldType;
  typeLabel: string;
  options: string[];
  required: boolean;
  position: number;
}

export interface ExtractionForm {
  id: string;
  name: string;
  description: string;
  fields: ExtractionField[];
}

async function fieldsOf(db: Db, formIds: string[]): Promise<Map<string, ExtractionField[]>> {
  const rows = formIds.length ? await db.selectFrom('case_extraction_fields').selectAll().where('form_id', 'in', formIds).orderBy('position').orderBy('label').execute() : [];
  const byForm = new Map<string, ExtractionField[]>(formIds.map((id) => [id, []]));
  for (const r of rows) {
    byForm.get(r.form_id)!.push({ id: r.id, label: r.label, fieldType: r.field_type as FieldType, typeLabel: fieldTypeLabels[r.field_type as FieldType], options: r.options, required: r.required, position: r.position });
  }
  return byForm;
}

export async function listForms(db: Db, evaluationId: string): Promise<ExtractionForm[]> {
  const rows = await db.selectFrom('case_extraction_forms').select(['id', 'name', 'description']).where('evaluation_id', '=', evaluationId).orderBy(sql`lower(name)`).execute();
  const fields = await fieldsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, fields: fields.get(r.id)! }));
}

export async function getForm(db: Db, evaluationId: string, formId: string): Promise<ExtractionForm> {
  const row = uuid.safeParse(formId).success
    ? await db.selectFrom('case_extraction_forms').select(['id', 'name', 'description']).where('evaluation_id', '=', evaluationId).where('id', '=', formId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Extraction form');
  return { ...row, fields: (await fieldsOf(db, [row.id])).get(row.id)! };
}

export async function createForm(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof formInput>): Promise<ExtractionForm> {
  const data = formInput.parse(input);
  return inTransaction(db, async (trx) => {
    const taken = await trx.selectFrom('case_extraction_forms').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(name)`, '=', data.name.toLowerCase()).executeTakeFirst();
    if (taken) throw badRequest('There is already a form with this name', [{ field: 'name', message: `There is already a form called "${data.name}"` }]);
    const row = await trx.insertInto('case_extraction_forms').values({ evaluation_id: evaluationId, ...data }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-extraction-form', entityId: row.id, detail: { name: data.name } });
    return getForm(trx, evaluationId, row.id);
  });
}

/** Adds a field at the end of the form. */
export async function addField(db: Db, actorId: string | null, evaluationId: string, formId: string, input: FieldInput): Promise<ExtractionField> {
  const data = fieldInput.parse(input);
  return inTransaction(db, async (trx) => {
    const form = await getForm(trx, evaluationId, formId);
    if (form.fields.some((f) => f.label.toLowerCase() === data.label.toLowerCase())) throw badRequest('The form already has this field', [{ field: 'label', message: `The form already has a field called "${data.label}"` }]);
    const position = Math.max(0, ...form.fields.map((f) => f.position)) + 1;
    const row = await trx
      .insertInto('case_extraction_fields')
      .values({ form_id: form.id, label: data.label, field_type: data.fieldType, options: data.options, required: data.required, position })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-extraction-form', entityId: form.id, detail: { addedField: data.label, type: data.fieldType } });
    return (await getForm(trx, evaluationId, form.id)).fields.find((f) => f.id === row.id)!;
  });
}

/** Moves a field one place up or down. */
export async function moveField(db: Db, actorId: string | null, evaluationId: string, formId: string, fieldId: string, direction: 'up' | 'down'): Promise<void> {
  await inTransaction(db, async (trx) => {
    const form = await getForm(trx, evaluationId, formId);
    const at = form.fields.findIndex((f) => f.id === fieldId);
    if (at < 0) throw notFound('Field');
    const other = form.fields[direction === 'up' ? at - 1 : at + 1];
    if (!other) return;
    const field = form.fields[at]!;
    // Positions are renumbered so that two fields never share one.
    const order = form.fields.map((f) => f.id);
    order.splice(at, 1);
    order.splice(direction === 'up' ? at - 1 : at + 1, 0, field.id);
    for (const [index, id] of order.entries()) await trx.updateTable('case_extraction_fields').set({ position: index + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-extraction-form', entityId: form.id, detail: { movedField: field.label, direction } });
  });
}

export async function removeField(db: Db, actorId: string | null, evaluationId: string, formId: string, fieldId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const form = await getForm(trx, evaluationId, formId);
    const field = form.fields.find((f) => f.id === fieldId);
    if (!field) throw notFound('Field');
    await trx.deleteFrom('case_extraction_fields').where('id', '=', field.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-extraction-form', entityId: form.id, detail: { removedField: field.label } });
  });
}

const dayMonthYear = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A date typed as 31/3/2006 or 2006-03-31, as an ISO date; null when it is not a real date. */
export function parseDate(text: string): string | null {
  const dmy = dayMonthYear.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * Checks every answer against its field's type and whether it is required. Gives the values to
 * store (blank optional answers are left out) or every problem, each naming its field.
 */
export function checkAnswers(fields: readonly ExtractionField[], answers: Record<string, unknown>): { values: { fieldId: string; value: string }[]; problems: { field: string; message: string }[] } {
  const values: { fieldId: string; value: string }[] = [];
  const problems: { field: string; message: string }[] = [];
  for (const field of fields) {
    const raw = answers[field.id];
    const text = (typeof raw === 'boolean' ? (raw ? 'yes' : 'no') : typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '').trim();
    const problem = (message: string) => problems.push({ field: `field-${field.id}`, message });
    const name = `“${field.label}”`;
    if (!text) {
      if (field.required) problem(field.fieldType === 'choice' || field.fieldType === 'yes-no' ? `Choose an answer for ${name}` : `Enter ${name}`);
      continue;
    }
    switch (field.fieldType) {
      case 'text':
        if (text.length > 5000) problem(`${name} must be 5,000 characters or fewer`);
        else values.push({ fieldId: field.id, value: text });
        break;
      case 'number': {
        const n = /^-?\d+(\.\d+)?$/.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : Number.NaN;
        if (!Number.isFinite(n)) problem(`${name} must be a number, like 3 or 2.5`);
        else values.push({ fieldId: field.id, value: String(n) });
        break;
      }
      case 'date': {
        const iso = parseDate(text);
        if (!iso) problem(`${name} must be a real date, like 31/3/2006`);
        else values.push({ fieldId: field.id, value: iso });
        break;
      }
      case 'yes-no': {
        const answer = text.toLowerCase();
        if (answer !== 'yes' && answer !== 'no') problem(`${name} must be yes or no`);
        else values.push({ fieldId: field.id, value: answer });
        break;
      }
      case 'choice': {
        const option = field.options.find((o) => o.toLowerCase() === text.toLowerCase());
        if (!option) problem(`${name} must be one of: ${field.options.join(', ')}`);
        else values.push({ fieldId: field.id, value: option });
        break;
      }
    }
  }
  return { values, problems };
}
