import { afterEach, describe, expect, it, vi } from 'vitest';
import { Handoffs } from './handoffs.ts';
import type { RespondentResponse } from './service.ts';

const response = { id: 'r1', status: 'partial', answers: { q1: 1 } } as unknown as RespondentResponse;
const later = { id: 'r1', status: 'complete', answers: { q1: 1, q2: 2 } } as unknown as RespondentResponse;

describe('hand-offs from a write to the page shown next', () => {
  afterEach(() => vi.useRealTimers());

  it('is taken once, by the next page with the same key and the ticket given', () => {
    const handoffs = new Handoffs();
    const ticket = handoffs.give('key-a', response);
    expect(handoffs.take('key-b', ticket)).toBeUndefined();
    expect(handoffs.take('key-a', undefined), 'a browser without the cookie reads the database').toBeUndefined();
    expect(handoffs.take('key-a', ticket)).toBe(response);
    expect(handoffs.take('key-a', ticket)).toBeUndefined();
  });

  it('is never taken with an older ticket, as when another process wrote since', () => {
    const thisProcess = new Handoffs();
    const otherProcess = new Handoffs();
    thisProcess.give('key-a', response);
    // The next write went to the other process, whose ticket the browser now holds.
    const newest = otherProcess.give('key-a', later);
    expect(thisProcess.take('key-a', newest)).toBeUndefined();
  });

  it('sends each ticket with the key it is for, per request', () => {
    const handoffs = new Handoffs();
    const sent: [string, string][] = [];
    handoffs.forRequest(undefined, (key, ticket) => sent.push([key, ticket])).give('key-a', response);
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]).toBe('key-a');
    expect(handoffs.forRequest('wrong', () => undefined).take('key-a')).toBeUndefined();
    expect(handoffs.forRequest(sent[0]![1], () => undefined).take('key-a')).toBe(response);
  });

  it('is not used once a few seconds have passed', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const handoffs = new Handoffs();
    const ticket = handoffs.give('key-a', response);
    vi.advanceTimersByTime(6_000);
    expect(handoffs.take('key-a', ticket)).toBeUndefined();
  });
});
