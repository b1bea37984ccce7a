import { afterEach, describe, expect, it, vi } from 'vitest';
import { Handoffs } from './handoffs.ts';
import type { RespondentResponse } from './service.ts';

const response = { id: 'r1', status: 'partial', answers: { q1: 1 } } as unknown as RespondentResponse;

describe('hand-offs from a write to the page shown next', () => {
  afterEach(() => vi.useRealTimers());

  it('is taken once, by the next page with the same key', () => {
    const handoffs = new Handoffs();
    handoffs.give('key-a', response);
    expect(handoffs.take('key-b')).toBeUndefined();
    expect(handoffs.take('key-a')).toBe(response);
    expect(handoffs.take('key-a')).toBeUndefined();
  });

  it('is not used once a few seconds have passed', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const handoffs = new Handoffs();
    handoffs.give('key-a', response);
    vi.advanceTimersByTime(6_000);
    expect(handoffs.take('key-a')).toBeUndefined();
  });
});
