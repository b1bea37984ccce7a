import type { Db } from '../../../db/database.ts';
import { listPeriods } from '../service.ts';
import { listMeetings } from './advisory.ts';
import type { YearGroup } from './calendar.ts';
import { listContextEvents, type ContextKind } from './context-events.ts';
import { listApprovals } from './ethics.ts';
import { listTasks } from './tasks.ts';
import { mergeTimeline, milestonesFrom, type TimelineEntry } from './timeline.ts';
import { listVariations } from './variations.ts';

export interface TimelineOptions {
  /** Only context events of these kinds; all kinds when empty. */
  kinds?: readonly ContextKind[];
  /** Whether to show the evaluation's own milestones beside the events. */
  milestones?: boolean;
}

export async function evaluationMilestones(db: Db, evaluationId: string): Promise<TimelineEntry[]> {
  return milestonesFrom({
    phases: await listPeriods(db, 'phases', evaluationId),
    waves: await listPeriods(db, 'waves', evaluationId),
    tasks: await listTasks(db, evaluationId),
    meetings: await listMeetings(db, evaluationId),
    variations: await listVariations(db, evaluationId),
    approvals: await listApprovals(db, evaluationId),
  });
}

/** The context timeline page's content: events (filtered by kind) and milestones, by year. */
export async function contextTimeline(db: Db, evaluationId: string, options: TimelineOptions = {}): Promise<YearGroup<TimelineEntry>[]> {
  const events = await listContextEvents(db, evaluationId, { kinds: options.kinds ?? [] });
  const milestones = options.milestones === false ? [] : await evaluationMilestones(db, evaluationId);
  return mergeTimeline(events, milestones);
}
