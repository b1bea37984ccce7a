import { z } from 'zod';

/** Input pieces the organisation's units, budget lines and people share. */

/** Required text with a message that says what to enter, like "Enter the person's name". */
export const requiredEntry = (missing: string, label: string, max: number) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max} characters or fewer`);

/** An optional reference to one of the evaluation's units: blank or absent means none. */
export const optionalUnitId = (label: string) =>
  z
    .union([z.literal('').transform(() => null), z.string().uuid()], { error: `${label}: choose one of this evaluation's units` })
    .nullish()
    .transform((v) => v ?? null);
