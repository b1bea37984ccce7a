/**
 * What changed in a task, as people read it: the stage and owner by name, dates as dates. Kept
 * apart from storage so the history shows what was true then, even after a stage is renamed.
 */

export const taskStatuses = ['planned', 'ongoing', 'done', 'cancelled', 'deferred'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskStatusLabels: Record<TaskStatus, string> = {
  planned: 'Planned',
  ongoing: 'Ongoing',
  done: 'Done',
  cancelled: 'Cancelled',
  deferred: 'Deferred',
};

/** Statuses that end or postpone work the protocol promised: they need a reason. */
export const statusesNeedingReason: readonly TaskStatus[] = ['cancelled', 'deferred'];

/** The fields of a task as its history records them. */
export interface TaskSnapshot {
  stage: string;
  title: string;
  status: TaskStatus;
  startsOn: string | null;
  endsOn: string | null;
  owner: string | null;
  note: string;
}

export const snapshotLabels: Record<keyof TaskSnapshot, string> = {
  stage: 'Stage',
  title: 'Title',
  status: 'Status',
  startsOn: 'Start date',
  endsOn: 'End date',
  owner: 'Owner',
  note: 'Note or reason',
};

export type TaskChanges = Partial<Record<keyof TaskSnapshot, { from: string | null; to: string | null }>>;

const fields = Object.keys(snapshotLabels) as (keyof TaskSnapshot)[];

const blankAsNull = (value: string | null) => (value === '' ? null : value);

/** The fields that differ, old and new; with no `before`, every field that has a value. */
export function taskChanges(before: TaskSnapshot | null, after: TaskSnapshot): TaskChanges {
  const changes: TaskChanges = {};
  for (const field of fields) {
    const from = before ? blankAsNull(before[field]) : null;
    const to = blankAsNull(after[field]);
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}

/** Why the change was made: what the user said, or else the reason given for cancelling or deferring. */
export function changeReason(changes: TaskChanges, after: TaskSnapshot, said: string): string {
  if (said) return said;
  return changes.status && statusesNeedingReason.includes(after.status) ? after.note : '';
}
