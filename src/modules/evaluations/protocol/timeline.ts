import { byYear, monthLabel, type YearGroup } from './calendar.ts';
import type { ContextEvent } from './context-events.ts';

/**
 * The context timeline: events outside the organisation beside the evaluation's own milestones,
 * in one chronological list grouped by year. Pure, so it can be laid out again in reports.
 */

export type TimelineSide = 'context' | 'evaluation';

export interface TimelineEntry {
  /** 'yyyy-mm-dd', for ordering. */
  date: string;
  /** The date as people read it: a day, or a month when only the month is known. */
  when: { iso: string; precision: 'day' | 'month'; label: string | null };
  side: TimelineSide;
  kindLabel: string;
  title: string;
  description: string;
  source: string;
  /** The context event's stable id, for links from findings; null for milestones. */
  eventId: string | null;
}

export interface MilestoneSources {
  phases: readonly { name: string; startsOn: string | null; endsOn: string | null }[];
  waves: readonly { name: string; startsOn: string | null; endsOn: string | null }[];
  tasks: readonly { title: string; statusLabel: string; startsOn: string | null; endsOn: string | null }[];
  meetings: readonly { heldOn: string; agenda: string }[];
  variations: readonly { agreedOn: string; reference: string; description: string }[];
  approvals: readonly { committee: string; decidedOn: string | null; statusLabel: string }[];
}

function milestone(date: string | null, kindLabel: string, title: string, description = ''): TimelineEntry[] {
  if (!date) return [];
  return [{ date, when: { iso: date, precision: 'day', label: null }, side: 'evaluation', kindLabel, title, description, source: '', eventId: null }];
}

/** Every dated moment of the evaluation itself: phases, survey waves, task dates, meetings, variations, ethics decisions. */
export function milestonesFrom(sources: MilestoneSources): TimelineEntry[] {
  return [
    ...sources.phases.flatMap((p) => [...milestone(p.startsOn, 'Phase', `${p.name} begins`), ...milestone(p.endsOn, 'Phase', `${p.name} ends`)]),
    ...sources.waves.flatMap((w) => [...milestone(w.startsOn, 'Survey wave', `${w.name} opens`), ...milestone(w.endsOn, 'Survey wave', `${w.name} closes`)]),
    ...sources.tasks.flatMap((t) => [
      ...milestone(t.startsOn, 'Task', `${t.title} starts`, `Status: ${t.statusLabel}`),
      ...milestone(t.endsOn, 'Task', `${t.title} ends`, `Status: ${t.statusLabel}`),
    ]),
    ...sources.meetings.flatMap((m) => milestone(m.heldOn, 'Advisory group', 'Advisory group meeting', m.agenda)),
    ...sources.variations.flatMap((v) => milestone(v.agreedOn, 'Contract variation', `Contract variation agreed${v.reference ? ` (${v.reference})` : ''}`, v.description)),
    ...sources.approvals.flatMap((a) => milestone(a.decidedOn, 'Ethics', `${a.committee}: ${a.statusLabel.toLowerCase()}`)),
  ];
}

export function eventEntry(event: ContextEvent): TimelineEntry {
  return {
    date: event.occurredOn,
    when: { iso: event.date, precision: event.precision, label: event.precision === 'month' ? monthLabel(event.date) : null },
    side: 'context',
    kindLabel: event.kindLabel,
    title: event.title,
    description: event.description,
    source: event.source,
    eventId: event.id,
  };
}

/** Context events and milestones in date order; on the same day the outer context comes first. */
export function mergeTimeline(events: readonly ContextEvent[], milestones: readonly TimelineEntry[]): YearGroup<TimelineEntry>[] {
  const entries = [...events.map(eventEntry), ...milestones].sort(
    (a, b) => a.date.localeCompare(b.date) || (a.side === b.side ? 0 : a.side === 'context' ? -1 : 1) || a.title.localeCompare(b.title),
  );
  return byYear(entries);
}
