import type { TaskStatus } from './task-changes.ts';

/**
 * The progress statement: stage by stage, task by task, a mark for where it stands and the note
 * or reason beside it. Pure, so the report module can lay the same statement out in its own format.
 */

export type ProgressMark = '✓' | '×' | '…';

export const progressMarkWords: Record<ProgressMark, string> = { '✓': 'done', '×': 'cancelled', '…': 'not finished' };

export function progressMark(status: TaskStatus): ProgressMark {
  if (status === 'done') return '✓';
  if (status === 'cancelled') return '×';
  return '…';
}

export interface ProgressTask {
  id: string;
  title: string;
  status: TaskStatus;
  statusLabel: string;
  mark: ProgressMark;
  note: string;
}

export interface ProgressStage {
  id: string;
  name: string;
  phaseName: string | null;
  tasks: ProgressTask[];
}

export interface ProgressStatement {
  stages: ProgressStage[];
  /** How many tasks carry each mark. */
  totals: Record<ProgressMark, number>;
}

export function buildProgressStatement(
  stages: readonly { id: string; name: string; phaseName: string | null }[],
  tasks: readonly { id: string; stageId: string; title: string; status: TaskStatus; statusLabel: string; note: string }[],
): ProgressStatement {
  const totals: Record<ProgressMark, number> = { '✓': 0, '×': 0, '…': 0 };
  const statement = stages.map((stage) => ({
    id: stage.id,
    name: stage.name,
    phaseName: stage.phaseName,
    tasks: tasks
      .filter((task) => task.stageId === stage.id)
      .map((task) => {
        const mark = progressMark(task.status);
        totals[mark] += 1;
        return { id: task.id, title: task.title, status: task.status, statusLabel: task.statusLabel, mark, note: task.note };
      }),
  }));
  return { stages: statement, totals };
}
