import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ContextEventsTable } from '../../../db/tables.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { isoDate, optionalText, requiredText } from '../../shared-schemas.ts';
import * as store from './context-store.ts';
import { isUuid } from './schemas.ts';
import { inTransaction } from '../../../db/transaction.ts';

export const contextKinds = ['policy', 'review', 'budget', 'media', 'other'] as const;
export type ContextKind = (typeof contextKinds)[number];

export const contextKindLabels: Record<ContextKind, string> = {
  policy: 'Policy announcement',
  review: 'Review or reorganisation',
  budget: 'Budget change',
  media: 'Media coverage',
  other: 'Other',
};

/**
 * An event in the organisation's outer context. Its id is stable: findings link to events by it.
 * `date` is 'yyyy-mm-dd', or 'yyyy-mm' when only the month is known.
 */
export interface ContextEvent {
  id: string;
  kind: ContextKind;
  kindLabel: string;
  title: string;
  description: string;
  date: string;
  /** The date, or the first of the month, for sorting. */
  occurredOn: string;
  precision: 'day' | 'month';
  source: string;
}

const dateMessage = 'The date must be a real date, or a month and year';

/** A full date, or a month ('yyyy-mm') when the day is not known. */
const eventDate = z.union([isoDate('The date'), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, dateMessage)], { error: dateMessage });

export const contextEventInput = z.object({
  kind: z.enum(contextKinds, { error: 'Choose the kind of event' }),
  title: requiredText('The title', 300),
  description: optionalText('Description', 5000),
  date: z.string({ error: 'Enter the date, or at least the month and year' }).trim().min(1, 'Enter the date, or at least the month and year').pipe(eventDate),
  source: optionalText('Source', 1000),
});
export type ContextEventInput = z.input<typeof contextEventInput>;

function toEvent(row: Selectable<ContextEventsTable>): ContextEvent {
  const kind = row.kind as ContextKind;
  const precision = row.date_precision === 'month' ? 'month' : 'day';
  return {
    id: row.id,
    kind,
    kindLabel: contextKindLabels[kind],
    title: row.title,
    description: row.description,
    date: precision === 'month' ? row.occurred_on.slice(0, 7) : row.occurred_on,
    occurredOn: row.occurred_on,
    precision,
    source: row.source,
  };
}

const eventColumns = (data: z.infer<typeof contextEventInput>) => ({
  kind: data.kind,
  title: data.title,
  description: data.description,
  occurred_on: data.date.length === 7 ? `${data.date}-01` : data.date,
  date_precision: data.date.length === 7 ? 'month' : 'day',
  source: data.source,
});

/** The evaluation's context events in date order, of the kinds asked for (all when none are). */
export async function listContextEvents(db: Db, evaluationId: string, filter: { kinds?: readonly ContextKind[] } = {}): Promise<ContextEvent[]> {
  return (await store.listEvents(db, evaluationId, filter.kinds)).map(toEvent);
}

export async function getContextEvent(db: Db, evaluationId: string, eventId: string): Promise<ContextEvent> {
  const row = isUuid(eventId) ? await store.findEvent(db, evaluationId, eventId) : undefined;
  if (!row) throw notFound('Context event');
  return toEvent(row);
}

export async function addContextEvent(db: Db, actorId: string | null, evaluationId: string, input: ContextEventInput): Promise<ContextEvent> {
  const data = contextEventInput.parse(input);
  return inTransaction(db, async (trx) => {
    const row = await store.insertEvent(trx, { evaluation_id: evaluationId, ...eventColumns(data) });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'context-event', entityId: row.id, detail: { kind: row.kind, title: row.title } });
    return toEvent(row);
  });
}

export async function updateContextEvent(db: Db, actorId: string | null, evaluationId: string, eventId: string, input: ContextEventInput): Promise<ContextEvent> {
  const data = contextEventInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getContextEvent(trx, evaluationId, eventId);
    const row = await store.updateEvent(trx, evaluationId, eventId, { ...eventColumns(data), updated_at: new Date() });
    if (!row) throw notFound('Context event');
    const after = toEvent(row);
    const changed = Object.fromEntries(
      (['kind', 'title', 'description', 'date', 'source'] as const).filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'context-event', entityId: eventId, detail: changed });
    return after;
  });
}

export async function deleteContextEvent(db: Db, actorId: string | null, evaluationId: string, eventId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = isUuid(eventId) ? await store.deleteEvent(trx, evaluationId, eventId) : undefined;
    if (!row) throw notFound('Context event');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'context-event', entityId: eventId, detail: { title: row.title } });
  });
}
