import { describe, expect, it } from 'vitest';
import { progressMark } from './progress.ts';
import { changeReason, taskChanges, type TaskSnapshot } from './task-changes.ts';

describe('task changes', () => {
  const before: TaskSnapshot = { stage: 'Case studies', title: 'Case-study event', status: 'planned', startsOn: '2006-09-01', endsOn: null, owner: 'Ann', note: '' };

  it('lists only what changed, old and new', () => {
    const after = { ...before, status: 'cancelled' as const, note: "Cancelled at the funder's request", endsOn: '2006-11-30' };
    expect(taskChanges(before, after)).toEqual({
      status: { from: 'planned', to: 'cancelled' },
      endsOn: { from: null, to: '2006-11-30' },
      note: { from: null, to: "Cancelled at the funder's request" },
    });
    expect(changeReason(taskChanges(before, after), after, '')).toBe("Cancelled at the funder's request");
    expect(changeReason(taskChanges(before, after), after, 'Agreed at the advisory group')).toBe('Agreed at the advisory group');
  });

  it('records every field with a value when a task is added', () => {
    expect(Object.keys(taskChanges(null, before))).toEqual(['stage', 'title', 'status', 'startsOn', 'owner']);
  });

  it('marks progress', () => {
    expect(['done', 'cancelled', 'ongoing', 'planned', 'deferred'].map((s) => progressMark(s as TaskSnapshot['status']))).toEqual(['✓', '×', '…', '…', '…']);
  });
});
