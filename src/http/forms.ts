import type { z } from 'zod';
import { HttpError } from './errors.ts';

/** The GOV.UK error pattern: a summary linking to each field, and a message beside the field. */
export interface FormErrors {
  list: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

export function formErrors(fields: { field: string; message: string }[]): FormErrors {
  const byField: Record<string, { text: string }> = {};
  const list: { text: string; href: string }[] = [];
  for (const { field, message } of fields) {
    if (byField[field]) continue;
    byField[field] = { text: message };
    list.push({ text: message, href: `#${field}` });
  }
  return { list, byField };
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: formErrors(result.error.issues.map((issue) => ({ field: issue.path.join('-') || 'form', message: issue.message }))),
  };
}

/** Empty form fields arrive as ''; the domain wants undefined or null. */
export const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * GOV.UK date inputs post three fields (`name-day`, `name-month`, `name-year`); this joins them
 * into an ISO date, or keeps what was typed so the schema can say it is not a real date.
 */
export function joinDateFields(body: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const name of names) {
    const parts = ['day', 'month', 'year'].map((p) => String(body[`${name}-${p}`] ?? '').trim());
    if (parts.every((p) => p === '')) {
      if (!(name in body)) out[name] = undefined;
      continue;
    }
    const [day, month, year] = parts as [string, string, string];
    out[name] = /^\d{4}$/.test(year) && /^\d{1,2}$/.test(month) && /^\d{1,2}$/.test(day)
      ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
      : `${year}-${month}-${day}`;
  }
  return out;
}

/** The parts of an ISO date for re-showing a GOV.UK date input. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

/**
 * Validates a form and runs the action; a validation failure, or an HttpError the action raises,
 * comes back as GOV.UK errors for the same page instead of an error page.
 */
export async function submitForm<S extends z.ZodType, T>(
  schema: S,
  body: unknown,
  action: (data: z.infer<S>) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  const form = parseForm(schema, body);
  if (!form.ok) return form;
  try {
    return { ok: true, value: await action(form.data) };
  } catch (error) {
    if (error instanceof HttpError && error.status < 500 && error.status !== 404) {
      return { ok: false, errors: formErrors(error.fields.length ? error.fields : [{ field: 'form', message: error.message }]) };
    }
    throw error;
  }
}
