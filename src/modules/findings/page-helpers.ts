import type { FastifyRequest } from 'fastify';
import { evidenceMethods, methodLabels, type EvidenceMethod } from './evidence.ts';
import type { Finding } from './service.ts';

export type Params = { evaluation: string };
export type FindingParams = Params & { finding: string };
export type FormValues = Record<string, unknown>;

export const evaluationBase = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}`;
export const findingsBase = (request: FastifyRequest) => `${evaluationBase(request)}/findings`;

export function formValues(body: unknown): FormValues {
  return { ...((body ?? {}) as FormValues) };
}

/** Checkbox values arrive as one string or several; none means an empty list. */
export const checkedList = (value: unknown): string[] => [value ?? []].flat().map(String).filter(Boolean);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 pieces of evidence: 2 supporting, 1 contradicting" and a line per method, for lists. */
export function evidenceSummary(finding: Pick<Finding, 'evidence'>): { total: string; byMethod: { method: EvidenceMethod; label: string; text: string }[] } {
  const supports = finding.evidence.filter((e) => e.stance === 'supports').length;
  const contradicts = finding.evidence.length - supports;
  const total = finding.evidence.length
    ? `${plural(finding.evidence.length, 'piece', 'pieces')} of evidence: ${supports} supporting, ${contradicts} contradicting`
    : 'No evidence linked yet';
  const byMethod = evidenceMethods.flatMap((method) => {
    const here = finding.evidence.filter((e) => e.method === method);
    if (!here.length) return [];
    const against = here.filter((e) => e.stance === 'contradicts').length;
    return [{ method, label: methodLabels[method], text: `${here.length}${against ? ` (${against} contradicting)` : ''}` }];
  });
  return { total, byMethod };
}

/** The finding's evidence in groups by method, in the order methods are listed. */
export function evidenceByMethod(finding: Pick<Finding, 'evidence'>) {
  return evidenceMethods.map((method) => ({ method, label: methodLabels[method], items: finding.evidence.filter((e) => e.method === method) })).filter((g) => g.items.length);
}

export const valenceTagClass: Record<string, string> = { facilitating: 'govuk-tag--green', inhibiting: 'govuk-tag--red', mixed: 'govuk-tag--yellow' };
export const strengthTagClass: Record<string, string> = { strong: 'govuk-tag--blue', moderate: 'govuk-tag--grey', weak: 'govuk-tag--grey' };
