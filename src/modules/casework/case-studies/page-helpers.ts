import type { FastifyRequest } from 'fastify';
import { member } from '../../../http/access.ts';

export type Params = { evaluation: string };
export type SiteParams = Params & { site: string };
export type CaseFileParams = SiteParams & { caseFile: string };
export type FormValues = Record<string, unknown>;

export const caseStudiesBase = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/case-studies`;
export const siteBase = (request: FastifyRequest, siteId: string) => `${caseStudiesBase(request)}/sites/${siteId}`;

export const formValues = (body: unknown): FormValues => ({ ...((body ?? {}) as FormValues) });

/** Checkbox values arrive as one string or several; none means an empty list. */
export const checkedList = (value: unknown): string[] => [value ?? []].flat().map(String).filter(Boolean);

export const coder = { config: { access: member('coder') } };
export const researcher = { config: { access: member('researcher') } };
