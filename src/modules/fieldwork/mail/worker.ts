import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import { optOutLink, participantToken, personalLink } from '../invitations/personal-link.ts';
import { serverSecret } from '../invitations/secret.ts';
import { fillPlaceholders } from '../invitations/templates.ts';
import { claimJobs, markBounced, markDelivered, recentlySent, retryLater, type ClaimedJob } from './queue-store.ts';
import { isAddressRejected, type Sender } from './transport.ts';

export interface WorkerDeps {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'secret' | 'mailPerMinute'>;
  sender: Sender;
  clock?: () => Date;
  /** How many messages are claimed and sent together. */
  batchSize?: number;
  /** How long to wait when nothing is due. */
  pollMs?: number;
  /** After this long in 'sending', a message's worker is taken to have died and it is tried again. */
  stuckAfterMs?: number;
}

export interface WorkSummary {
  sent: number;
  outbox: number;
  retrying: number;
  bounced: number;
  /** True when the per-minute limit stopped the round. */
  rateLimited: boolean;
}

const firstRetryMs = 30_000;
const longestRetryMs = 3_600_000;

/** Back-off: 30 seconds after the first failure, doubling each time, never more than an hour. */
export function retryDelay(attempts: number): number {
  return Math.min(firstRetryMs * 2 ** Math.max(0, attempts - 1), longestRetryMs);
}

function describe(error: unknown): string {
  const e = error as { message?: unknown; response?: unknown };
  return String(e.response ?? e.message ?? error).slice(0, 500);
}

/**
 * Sends the queued mail. Each message is marked sent only after the SMTP server accepted it; a
 * failure puts it back with a growing delay; an address the server refuses for good is recorded as
 * bounced. The queue lives in the database, so messages wait through a restart or an SMTP outage,
 * and several workers (the server's own, `formative mail work`) can share it.
 */
export class MailWorker {
  private readonly clock: () => Date;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly stuckAfterMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly deps: WorkerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.batchSize = deps.batchSize ?? 50;
    this.pollMs = deps.pollMs ?? 2000;
    this.stuckAfterMs = deps.stuckAfterMs ?? 10 * 60_000;
  }

  /** Sends everything due now, within the rate limit, and returns what happened. */
  async runOnce(): Promise<WorkSummary> {
    const summary: WorkSummary = { sent: 0, outbox: 0, retrying: 0, bounced: 0, rateLimited: false };
    const secret = await serverSecret(this.deps.db, this.deps.config);
    for (;;) {
      const now = this.clock();
      let limit = this.batchSize;
      if (this.deps.sender.kind === 'smtp') {
        const allowance = this.deps.config.mailPerMinute - (await recentlySent(this.deps.db, now));
        if (allowance <= 0) {
          summary.rateLimited = true;
          return summary;
        }
        limit = Math.min(limit, allowance);
      }
      const jobs = await claimJobs(this.deps.db, now, new Date(now.getTime() - this.stuckAfterMs), limit);
      if (!jobs.length) return summary;
      // When not one message of a batch got through, the server is down: the rest wait for their turn.
      if (!(await this.deliver(jobs, secret, summary))) return summary;
    }
  }

  /** Sends one batch; false when none of it was accepted. */
  private async deliver(jobs: ClaimedJob[], secret: string, summary: WorkSummary): Promise<boolean> {
    const { db, sender, config } = this.deps;
    if (sender.kind === 'outbox') {
      await markDelivered(db, jobs.map((j) => j.id), 'outbox', this.clock());
      summary.outbox += jobs.length;
      return true;
    }
    const results = await Promise.allSettled(jobs.map((job) => sender.send({ id: job.id, to: job.to_address, subject: job.subject, text: this.body(job, secret, config.publicUrl) })));
    const accepted = jobs.filter((_, i) => results[i]!.status === 'fulfilled').map((j) => j.id);
    await markDelivered(db, accepted, 'sent', this.clock());
    summary.sent += accepted.length;
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const job = jobs[i]!;
      const now = this.clock();
      if (isAddressRejected(result.reason)) {
        await markBounced(db, job.id, describe(result.reason), now);
        summary.bounced += 1;
      } else {
        await retryLater(db, job.id, describe(result.reason), new Date(now.getTime() + retryDelay(job.attempts)));
        summary.retrying += 1;
      }
    }
    return accepted.length > 0 || results.some((r) => r.status === 'rejected' && isAddressRejected(r.reason));
  }

  /** The message with its personal links, derived again now: the queue never holds them. */
  private body(job: ClaimedJob, secret: string, publicUrl: string): string {
    const token = participantToken(secret, job.participant_id);
    return fillPlaceholders(job.body, { link: personalLink(publicUrl, token), opt_out_link: optOutLink(publicUrl, token) });
  }

  /** Works in the background until stop(): a round, then a pause when nothing was due. */
  start(onError: (error: unknown) => void = () => undefined): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch(onError)
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    tick();
  }

  /** Stops after the round in progress, so no message is left half-recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.deps.sender.close();
  }
}
