import { z } from 'zod';

/** Schemas shared by several modules' forms, API bodies and imports. */

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isoDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(isRealDate, `${label} must be a real date`);

/** An optional calendar date as 'yyyy-mm-dd'; blank or absent means none (null). */
export const optionalDate = (label: string) =>
  z
    .union([z.literal('').transform(() => null), isoDate(label)], { error: `${label} must be a real date` })
    .nullish()
    .transform((v) => v ?? null);

export const optionalText = (label: string, max = 500) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).default('');

export const requiredText = (label: string, max = 300) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .max(max, `${label} must be ${max} characters or fewer`);

export const uuid = z.string().uuid();

/** Checks that an end date is not before its start date; the issue is reported on the end date. */
export function endNotBeforeStart<T extends { startsOn?: string | null; endsOn?: string | null }>(value: T, ctx: z.RefinementCtx) {
  if (value.startsOn && value.endsOn && value.endsOn < value.startsOn) {
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'End date must be the same as or after the start date' });
  }
}
