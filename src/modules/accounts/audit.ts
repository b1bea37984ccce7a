import type { Db } from '../../db/database.ts';
import * as store from './store.ts';

export interface AuditEntry {
  evaluationId: string | null;
  userId: string | null;
  action: 'create' | 'update' | 'delete' | 'archive' | 'restore' | 'add-member' | 'remove-member' | 'change-role' | string;
  entity: string;
  entityId?: string | null;
  /** What changed, in field names and values; never passwords, tokens or survey answers. */
  detail?: Record<string, unknown>;
}

/** Records who changed what; call it inside the same transaction as the change. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await store.insertAudit(db, {
    evaluation_id: entry.evaluationId,
    user_id: entry.userId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
  });
}

export async function listAuditEntries(db: Db, evaluationId: string, page = 1, perPage = 50) {
  const rows = await store.listAudit(db, evaluationId, perPage + 1, (page - 1) * perPage);
  return {
    entries: rows.slice(0, perPage).map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      detail: r.detail,
      userName: r.user_name ?? 'Formative',
    })),
    hasMore: rows.length > perPage,
  };
}
