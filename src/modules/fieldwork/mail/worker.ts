import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import { applyPendingCompletions } from '../invitations/completions.ts';
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
/** Messages sent at once, one per SMTP connection of the transport's pool. */
export const sendingLanes = 10;
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
 *
 * What a worker that dies (power cut, SIGKILL) can and cannot do, as test/faults/mail-queue.test.ts
 * checks: a message is claimed ('sending', committed) before its SMTP transaction starts and marked
 * sent in its own commit right after the server's acceptance. So no message is lost (a claim left
 * behind is taken up again once it is `stuckAfterMs` old, ten minutes by default, and not before,
 * so a restarted worker does not resend at once), and none is marked sent that the server did not
 * accept. SMTP cannot make acceptance and our record one step, so a message accepted in the last
 * instant before the worker died is sent again when its claim is taken up: only the messages on
 * their way at the moment of death, at most `sendingLanes` (ten) per death, and always with the
 * same Message-ID (made from the job's id), by which receiving systems and mail programs can tell
 * it is a repeat. The same is true of a connection that breaks after the server took a message but
 * before its reply arrived (the send fails, and the message is retried later under its Message-ID).
 * Nothing is sent under two Message-IDs, and nothing else is sent twice.
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
    // Completions in anonymous surveys wait to be applied in groups (invitations/completions.ts).
    await applyPendingCompletions(this.deps.db, this.clock().toISOString().slice(0, 10));
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
    // Each message is recorded as sent the moment the server accepts it, not with the rest of its
    // batch, and a lane takes its next message only once the last one is recorded: so at any
    // instant at most `sendingLanes` messages are accepted-or-being-sent but not yet recorded, and
    // a worker killed then leaves no more than that to be repeated. (test/faults/mail-queue.test.ts
    // found whole batches of accepted messages sent twice when a batch was recorded at its end.)
    // A failure to record is not a failure to send: the message stays claimed, not retried at once.
    const failures: { job: ClaimedJob; reason: unknown }[] = [];
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        try {
          await sender.send({ id: job.id, to: job.to_address, subject: job.subject, text: this.body(job, secret, config.publicUrl) });
        } catch (reason) {
          failures.push({ job, reason });
          continue;
        }
        await markDelivered(db, [job.id], 'sent', this.clock());
        summary.sent += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(sendingLanes, jobs.length) }, lane));
    let refused = 0;
    for (const { job, reason } of failures) {
      const now = this.clock();
      if (isAddressRejected(reason)) {
        await markBounced(db, job.id, describe(reason), now);
        summary.bounced += 1;
        refused += 1;
      } else {
        await retryLater(db, job.id, describe(reason), new Date(now.getTime() + retryDelay(job.attempts)));
        summary.retrying += 1;
      }
    }
    return failures.length < jobs.length || refused > 0;
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
