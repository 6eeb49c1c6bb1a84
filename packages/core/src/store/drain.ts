import { EngageLoopError, isEngageLoopError } from '../errors/error';
import type { DrainReport } from '../event/outcome';
import type { Clock } from '../time/clock';
import type { ClaimedMessage, OutboxMessage } from './outbox-types';
import type { Store } from './types';

/** Delivers one outbox message (send the e-mail, push the reply…). Throw to have it retried. */
export type MessageHandler = (message: OutboxMessage) => Promise<void> | void;

/** Options of `drainOutbox`. Give either a `clock` (read before every claim and ack) or a fixed `now`. */
export interface DrainOptions {
  clock?: Clock;
  /** Epoch ms used for the whole drain when no clock is given. */
  now?: number;
  /** Names the worker in lease tokens. Default `'drain'`. */
  worker?: string;
  /** Messages claimed per round trip. Default 100. */
  batchSize?: number;
  /** How long a claimed message stays reserved for this worker. Default 30 000 ms. */
  leaseMs?: number;
  /** Attempts after which a failing message goes to the dead-letter list. Default 5. */
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1`, given the number of failed attempts. Default 1 s · 2^(attempt−1), capped at 1 h. */
  backoff?: (attempt: number) => number;
  /** At most this many messages are claimed by this call. Default: until none is ready. */
  limit?: number;
}

const HOUR = 3_600_000;

/** The default backoff: 1 s, 2 s, 4 s, … capped at one hour. Deterministic (no jitter). */
export const exponentialBackoff = (attempt: number): number =>
  Math.min(HOUR, 1_000 * 2 ** Math.max(0, attempt - 1));

const reasonOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message || thrown.name : String(thrown);

/** Attempts of an ack, retry or dead-letter that fails with `STORE_ERROR` (a dropped connection, say). */
const BOOKKEEPING_ATTEMPTS = 3;

/**
 * Runs the bookkeeping of a delivered (or failed) message, again when the store failed: the handler has
 * already run, and an ack lost to one dropped connection would have the message delivered a second time once
 * its lease expires. Each call is guarded by the lease, so repeating one that did reach the store is refused
 * (`OUTBOX_LEASE_LOST`), never applied twice.
 */
async function settle(call: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (thrown) {
      const transient = isEngageLoopError(thrown) && thrown.code === 'STORE_ERROR';
      if (!transient || attempt >= BOOKKEEPING_ATTEMPTS) throw thrown;
    }
  }
}

/**
 * Drains the outbox: claims ready messages, hands each to `handler`, acks it once the handler resolves,
 * and on a throw either schedules a retry (with backoff) or, when `maxAttempts` is reached, dead-letters
 * it with the reason. A message is acked only after its handler succeeded, so a crash leaves it claimed
 * until its lease expires and another drain delivers it. Returns counts, including messages whose lease
 * was lost (the handler took longer than `leaseMs`; another worker may deliver them again) — after such a
 * batch the drain stops early.
 *
 * @example
 * const report = await drainOutbox(store, async (m) => mailer.send(m.userId, m.subject, m.body), {
 *   clock: systemClock,
 *   maxAttempts: 3,
 * });
 */
export async function drainOutbox(
  store: Store,
  handler: MessageHandler,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const { clock, worker = 'drain', batchSize = 100, leaseMs = 30_000, maxAttempts = 5 } = options;
  const backoff = options.backoff ?? exponentialBackoff;
  const fixed = options.now;
  if (clock === undefined && (fixed === undefined || !Number.isFinite(fixed))) {
    throw new EngageLoopError('CLOCK_INVALID', { message: 'drainOutbox needs a clock or a finite `now`.' });
  }
  const now = (): number => (clock ? clock.now() : fixed!);
  const report: DrainReport = { sent: 0, retried: 0, deadLettered: 0, leaseLost: 0 };
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;

  while (remaining > 0) {
    const limit = Math.max(1, Math.min(batchSize, remaining));
    const batch = await store.claimMessages({ now: now(), limit, leaseMs, worker });
    if (batch.length === 0) break;
    remaining -= batch.length;
    for (const message of batch)
      await deliver(store, handler, message, report, { now, maxAttempts, backoff });
    // A lost lease means the handler outlasts `leaseMs`: stop rather than claim the same messages again.
    if ((report.leaseLost ?? 0) > 0) break;
  }
  return report;
}

interface Policy {
  now: () => number;
  maxAttempts: number;
  backoff: (attempt: number) => number;
}

async function deliver(
  store: Store,
  handler: MessageHandler,
  claimed: ClaimedMessage,
  report: DrainReport,
  policy: Policy,
): Promise<void> {
  const { lease, ...message } = claimed;
  let failure: string | undefined;
  try {
    await handler(message);
  } catch (thrown) {
    failure = reasonOf(thrown);
  }
  try {
    if (failure === undefined) {
      await settle(() => store.ackMessage(claimed.id, lease, policy.now()));
      report.sent++;
    } else if (claimed.attempts + 1 >= policy.maxAttempts) {
      const error = failure;
      await settle(() => store.deadLetterMessage(claimed.id, lease, { error, now: policy.now() }));
      report.deadLettered++;
    } else {
      const at = policy.now();
      const update = {
        error: failure,
        nextAttemptAt: at + Math.max(0, policy.backoff(claimed.attempts + 1)),
      };
      await settle(() => store.retryMessage(claimed.id, lease, update));
      report.retried++;
    }
  } catch (thrown) {
    if (!isEngageLoopError(thrown) || thrown.code !== 'OUTBOX_LEASE_LOST') throw thrown;
    report.leaseLost = (report.leaseLost ?? 0) + 1;
  }
}
