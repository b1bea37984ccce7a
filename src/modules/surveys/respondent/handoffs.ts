import { Lru } from './lru.ts';
import type { RespondentResponse } from './service.ts';

/**
 * A response as a write has just left it, handed to the page the respondent is redirected to
 * (start → page 1, page → next page, last page → check, send → thank-you), so that page need not
 * read it back: the statement that wrote it returned it. Each hand-off is taken once, by the next
 * page shown with that key, and only within a few seconds; anything else (a reload, the back
 * button, another server process) reads the database as usual.
 *
 * Only pages that show the response use it. Every write still checks the key, the response's
 * status and the survey's dates in its own statement, so a hand-off can never let a change through.
 */
const freshForMs = 5_000;

export class Handoffs {
  private readonly entries = new Lru<string, { response: RespondentResponse; until: number }>(10_000);

  give(key: string, response: RespondentResponse): void {
    this.entries.set(key, { response, until: performance.now() + freshForMs });
  }

  take(key: string): RespondentResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.until >= performance.now() ? entry.response : undefined;
  }
}
