import type { FastifyRequest } from 'fastify';
import { unitKindLabels, type Unit } from '../organisation/service.ts';

export type Params = { evaluation: string };
export type FormValues = Record<string, unknown>;

export const plansBase = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/plans`;
export const methodsBase = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/methods`;

export function formValues(body: unknown): FormValues {
  return { ...((body ?? {}) as FormValues) };
}

/** Checkbox values arrive as one string or several; none means an empty list. */
export const checkedList = (value: unknown): string[] => [value ?? []].flat().map(String).filter(Boolean);

/** Units as GOV.UK checkboxes, programmes first, each named with its kind. */
export function unitCheckboxes(units: readonly Unit[], checked: readonly string[]) {
  const order = ['programme', 'region', 'directorate', 'team', 'other'];
  return [...units]
    .filter((u) => u.kind !== 'organisation')
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.position - b.position || a.name.localeCompare(b.name))
    .map((u) => ({ value: u.id, text: u.kind === 'programme' ? u.name : `${u.name} (${unitKindLabels[u.kind].singular.toLowerCase()})`, checked: checked.includes(u.id) }));
}
