import { describe, expect, it } from 'vitest';
import { byMonthAndWeek, byYear, monthLabel } from './calendar.ts';
import type { ContextEvent } from './context-events.ts';
import { mergeTimeline, milestonesFrom } from './timeline.ts';

describe('grouping the plan and the timeline', () => {
  it('names months', () => {
    expect(monthLabel('2006-05-15')).toBe('May 2006');
    expect(monthLabel('2007-12')).toBe('December 2007');
  });

  it('groups plan entries by month, then week, in date order', () => {
    const months = byMonthAndWeek([
      { weekStarting: '2006-06-05', activity: 'c' },
      { weekStarting: '2006-05-29', activity: 'b' },
      { weekStarting: '2006-05-22', activity: 'a' },
      { weekStarting: '2006-05-29', activity: 'b2' },
    ]);
    expect(months.map((m) => [m.label, m.weeks.map((w) => [w.weekStarting, w.items.map((i) => i.activity)])])).toEqual([
      ['May 2006', [['2006-05-22', ['a']], ['2006-05-29', ['b', 'b2']]]],
      ['June 2006', [['2006-06-05', ['c']]]],
    ]);
  });

  it('groups by year in date order', () => {
    expect(byYear([{ date: '2007-01-01' }, { date: '2005-03-01' }, { date: '2005-01-01' }]).map((y) => [y.year, y.items.length])).toEqual([['2005', 2], ['2007', 1]]);
  });
});

describe('the timeline', () => {
  const event = (id: string, date: string, precision: 'day' | 'month' = 'day'): ContextEvent => ({
    id,
    kind: 'budget',
    kindLabel: 'Budget change',
    title: `Event ${id}`,
    description: '',
    date: precision === 'month' ? date.slice(0, 7) : date,
    occurredOn: date,
    precision,
    source: '',
  });

  it('puts events and milestones in one chronological list by year, the context first on the same day', () => {
    const milestones = milestonesFrom({
      phases: [{ name: 'Phase 1', startsOn: '2005-04-01', endsOn: '2006-03-31' }],
      waves: [{ name: 'Year 1', startsOn: '2006-05-01', endsOn: null }],
      tasks: [{ title: 'Case-study event', statusLabel: 'Cancelled', startsOn: null, endsOn: '2006-11-30' }],
      meetings: [{ heldOn: '2006-03-31', agenda: 'Interim findings' }],
      variations: [{ agreedOn: '2006-10-12', reference: 'CV-2', description: 'Adds interviews' }],
      approvals: [{ committee: 'University ethics committee', decidedOn: '2005-07-01', statusLabel: 'Approved' }],
    });
    const years = mergeTimeline([event('e1', '2006-03-31'), event('e2', '2005-11-01', 'month')], milestones);
    expect(years.map((y) => y.year)).toEqual(['2005', '2006']);
    expect(years[0]!.items.map((i) => i.title)).toEqual(['Phase 1 begins', 'University ethics committee: approved', 'Event e2']);
    expect(years[1]!.items.map((i) => i.title)).toEqual([
      'Event e1',
      'Advisory group meeting',
      'Phase 1 ends',
      'Year 1 opens',
      'Contract variation agreed (CV-2)',
      'Case-study event ends',
    ]);
    expect(years[0]!.items[2]!.when).toEqual({ iso: '2005-11', precision: 'month', label: 'November 2005' });
    expect(years[1]!.items[0]).toMatchObject({ side: 'context', eventId: 'e1' });
    expect(years[1]!.items[1]).toMatchObject({ side: 'evaluation', eventId: null });
  });
});
