import { newNonce } from '../../../http/security-headers.ts';
import { Lru } from './lru.ts';
import type { RespondentResponse } from './service.ts';

/**
 * A response as a write has just left it, handed to the page the respondent is redirected to
 * (start → page 1, page → next page, last page → check, send → thank-you), so that page need not
 * read it back: the statement that wrote it returned it.
 *
 * Each hand-off has a ticket, given to the browser in a cookie on the redirect, scoped to the
 * response's pages and living five seconds. A page uses a hand-off only when the browser presents
 * its ticket, so with several server processes a hand-off left behind in one process, older than a
 * write another process made since, is never shown: the browser holds the newest ticket. Anything
 * else (no cookie, a reload, the back button) reads the database as usual.
 *
 * Only pages that show the response use it. Every write still checks the key, the response's
 * status and the survey's dates in its own statement, so a hand-off can never let a change through.
 */
const freshForMs = 5_000;

export const handoffCookie = 'formative_handoff';

export class Handoffs {
  private readonly entries = new Lru<string, { response: RespondentResponse; ticket: string; until: number }>(10_000);

  /** Leaves the response for the next page of `key`; the ticket the browser must present to have it. */
  give(key: string, response: RespondentResponse): string {
    const ticket = newNonce();
    this.entries.set(key, { response, ticket, until: performance.now() + freshForMs });
    return ticket;
  }

  take(key: string, ticket: string | undefined): RespondentResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry || ticket === undefined || entry.ticket !== ticket) return undefined;
    this.entries.delete(key);
    return entry.until >= performance.now() ? entry.response : undefined;
  }

  /** The hand-offs as one request sees them: the ticket its browser presented, and where to send a new one. */
  forRequest(presented: string | undefined, sendTicket: (key: string, ticket: string) => void): RequestHandoffs {
    return {
      give: (key, response) => sendTicket(key, this.give(key, response)),
      take: (key) => this.take(key, presented),
    };
  }
}

export interface RequestHandoffs {
  give(key: string, response: RespondentResponse): void;
  take(key: string): RespondentResponse | undefined;
}
