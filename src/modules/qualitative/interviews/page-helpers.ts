import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.ts';
import { hasRole } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { listMembers, listPeriods } from '../../evaluations/service.ts';
import { uuid } from '../../shared-schemas.ts';
import { listParticipants } from './participants.ts';
import { listRoleCategories } from './role-categories.ts';
import { scheduleVersionChoices } from './schedules.ts';

/** What the interview pages share: form values, select items, and the evaluation's address. */

export type Params = { evaluation: string };
export type FormValues = Record<string, unknown>;

export interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

export const formValues = (body: unknown): FormValues => ({ ...(body as FormValues) });

export const evaluationBase = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}`;

/** Directory names are personal data: only researchers and leads see them, as on the directory page. */
export const maySeeDirectory = (request: FastifyRequest) => hasRole(request.role!, 'researcher');

/** A route parameter that must be an id; anything else is a page that does not exist. */
export function idParam(value: string, what: string): string {
  if (!uuid.safeParse(value).success) throw notFound(what);
  return value;
}

export function items(choices: { value: string; text: string }[], selected: unknown, noneText?: string): SelectItem[] {
  const chosen = typeof selected === 'string' ? selected : '';
  const list = noneText === undefined ? [] : [{ value: '', text: noneText }];
  return [...list, ...choices].map((c) => ({ ...c, selected: c.value === chosen }));
}

export async function roleItems(db: Db, evaluationId: string, selected: unknown, noneText?: string): Promise<SelectItem[]> {
  return items((await listRoleCategories(db, evaluationId)).map((c) => ({ value: c.name, text: c.name })), selected, noneText);
}

export async function participantItems(db: Db, evaluationId: string, selected: unknown, noneText: string): Promise<SelectItem[]> {
  return items((await listParticipants(db, evaluationId)).map((p) => ({ value: p.id, text: `${p.label} (${p.roleCategory})` })), selected, noneText);
}

export async function waveItems(db: Db, evaluationId: string, selected: unknown, noneText: string): Promise<SelectItem[]> {
  return items((await listPeriods(db, 'waves', evaluationId)).map((w) => ({ value: w.id, text: w.name })), selected, noneText);
}

export async function interviewerItems(db: Db, evaluationId: string, selected: unknown): Promise<SelectItem[]> {
  return items((await listMembers(db, evaluationId)).map((m) => ({ value: m.userId, text: m.name })), selected, 'Not recorded');
}

export async function scheduleItems(db: Db, evaluationId: string, selected: unknown): Promise<SelectItem[]> {
  return items((await scheduleVersionChoices(db, evaluationId)).map((v) => ({ value: v.id, text: v.text })), selected, 'None recorded');
}
