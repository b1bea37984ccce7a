import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../../http/access.ts';
import { dateParts } from '../../../http/forms.ts';

/** Small pieces the protocol's page routes share. */

export type FormValues = Record<string, unknown>;
export type Params = { evaluation: string };

/** A form with nothing to validate, for delete and move buttons run through submitForm. */
export const nothing = z.object({});

export function formValues(body: unknown): FormValues {
  return { ...(body as FormValues) };
}

/** '/evaluations/<slug>/protocol' followed by `rest`. */
export function protocolPath(request: FastifyRequest, rest = ''): string {
  return `/evaluations/${request.evaluation!.slug}/protocol${rest}`;
}

export function canChange(request: FastifyRequest): boolean {
  return hasRole(request.role!, 'researcher');
}

/** The three GOV.UK date boxes of `name`, filled from an ISO date. */
export function dateValues(name: string, iso: string | null): FormValues {
  return Object.fromEntries(Object.entries(dateParts(iso)).map(([part, value]) => [`${name}-${part}`, value]));
}

export interface Item {
  value: string;
  text: string;
  selected?: boolean;
  checked?: boolean;
}

/** The values of a field that may hold one value (a string) or several (an array). */
export function chosen(value: unknown): string[] {
  return [value ?? []].flat().map(String);
}

/** Options for a GOV.UK select, with a first option for none. */
export function selectItems(options: readonly { value: string; text: string }[], selected: unknown, noneText: string): Item[] {
  const current = typeof selected === 'string' ? selected : '';
  return [{ value: '', text: noneText, selected: current === '' }, ...options.map((o) => ({ ...o, selected: o.value === current }))];
}

/** Items for GOV.UK checkboxes or radios. */
export function checkItems(options: readonly { value: string; text: string; hint?: string }[], selected: unknown): (Item & { hint?: { text: string } })[] {
  const current = new Set(chosen(selected));
  return options.map((o) => ({ value: o.value, text: o.text, checked: current.has(o.value), ...(o.hint ? { hint: { text: o.hint } } : {}) }));
}

/** A labelled list of kinds, like `{ interviews: 'Interviews' }`, as options. */
export function kindOptions<K extends string>(labels: Record<K, string>): { value: K; text: string }[] {
  return (Object.entries(labels) as [K, string][]).map(([value, text]) => ({ value, text }));
}
