import type { FastifyRequest } from 'fastify';
import { notFound } from '../../http/errors.ts';
import { uuid } from '../shared-schemas.ts';
import type { Subject } from './consents.ts';

/** What the privacy pages share: addresses, the subject named in a route, today's date. */

export type Params = { evaluation: string };
export type SubjectParams = Params & { kind: string; id: string };
export type FormValues = Record<string, unknown>;

export const formValues = (body: unknown): FormValues => ({ ...(body as FormValues) });
export const privacyBase = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/privacy`;

/** The subject in /privacy/subjects/:kind/:id; anything else is a page that does not exist. */
export function subjectParam(params: SubjectParams): Subject {
  if ((params.kind !== 'interviewee' && params.kind !== 'person') || !uuid.safeParse(params.id).success) throw notFound('Participant');
  return { kind: params.kind, id: params.id };
}

export const subjectPath = (request: FastifyRequest, subject: Subject) => `${privacyBase(request)}/subjects/${subject.kind}/${subject.id}`;

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
