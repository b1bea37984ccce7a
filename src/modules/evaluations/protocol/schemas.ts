import { z } from 'zod';
import { isoDate } from '../../shared-schemas.ts';

/** Input pieces the protocol's forms and API bodies share. */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** A reference the user must choose, like the stage a task belongs to. */
export const requiredId = (message: string) => z.string({ error: message }).trim().min(1, message).regex(uuidPattern, message);

/** An optional reference: blank or absent means none (null). */
export const optionalId = (message: string) =>
  z
    .union([z.literal('').transform(() => null), z.string().regex(uuidPattern, message)], { error: message })
    .nullish()
    .transform((v) => v ?? null);

/**
 * Several references, from checkboxes (one value arrives as a string, several as an array) or from
 * a JSON array; duplicates are dropped.
 */
export const idList = (message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()).map((id) => id.trim()).filter((id) => id !== ''))
    .pipe(z.array(z.string().regex(uuidPattern, message)))
    .transform((ids) => [...new Set(ids)]);

/** A form checkbox or a JSON boolean. */
export const flag = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'true' || v === 'yes' || v === 'on');

/** A date that must be given: 'yyyy-mm-dd', with one message when it is missing and another when it is not real. */
export const requiredDate = (label: string) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .pipe(isoDate(label));
