/**
 * The workload of the batch proofs (crash-batch and four-instances tests): the stores workload's points, tiers
 * and acknowledgement (`task.done`), plus reviews that earn points and a thank-you from the replies plugin
 * (`review.submitted`). Every event yields exactly one outbox message, so the outbox counts committed events.
 * Every per-user ledger is independent of dispatch order: a fixed amount per event type, tiers from the total
 * score (all entries fall in the score window at the workload's fixed clock), no caps or budgets.
 */
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvent,
  loadPolicy,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { type IncentivesState, incentives, ledgerOf } from '@engageloop/incentives';
import { replies } from '@engageloop/replies';
import { EVENT_START, seeded, storesPolicy, TICKS } from './scenario';

const stores = storesPolicy as unknown as { settings: unknown; rules: unknown[] };

export const proofPolicy = {
  ...storesPolicy,
  name: 'batch-proofs',
  settings: stores.settings,
  rules: [
    ...stores.rules,
    {
      id: 'review-points',
      stage: 'action',
      on: 'review.submitted',
      effects: [{ type: 'incentives.award', params: { amount: 5, reason: 'review' } }],
    },
    {
      id: 'review-thanks',
      stage: 'value',
      on: 'review.submitted',
      effects: [{ type: 'replies.send', params: { situation: 'thank' } }],
    },
  ],
} as unknown as PolicyDocument;

/** The engine's clock in every process of a proof (business time: February 2026). */
export const PROOF_CLOCK = '2026-02-01T00:00:00Z';

/** An engine on `store` with incentives and replies, running `proofPolicy` on the proofs' manual clock. */
export async function proofEngine(store: Store): Promise<Engine> {
  const plugins = [incentives(), replies()];
  const policy = await loadPolicy(proofPolicy, { plugins });
  return createEngine({ plugins, policy, store, clock: createManualClock(PROOF_CLOCK) });
}

/** `count` events over `users` users: about one in three a review (with text), the rest tasks; ids `p<i>`. */
export function proofEvents(count: number, users: number, seed = 3): LoopEvent[] {
  const rand = seeded(seed);
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(EVENT_START + Math.floor(rand() * 31 * 86_400_000)).toISOString();
    const userId = `u${Math.floor(rand() * users)}`;
    return rand() < 0.33
      ? { id: `p${i}`, type: 'review.submitted', userId, at, payload: { text: `review ${i}: works well` } }
      : { id: `p${i}`, type: 'task.done', userId, at, payload: {} };
  });
}

/**
 * The single clean run: the same events through `dispatchBatch` on a memory store in this process; with the
 * number of `reward:granted` events it emitted.
 */
export async function cleanRun(
  events: readonly LoopEvent[],
  batchSize: number,
): Promise<{ store: Store; granted: number }> {
  const store = createMemoryStore();
  const engine = await proofEngine(store);
  let granted = 0;
  engine.on('reward:granted', () => {
    granted += 1;
  });
  const outcomes = await engine.dispatchBatch(events, { batchSize });
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0)
    throw new Error(`clean run: ${failed.length} events failed (${failed[0]?.error?.code})`);
  return { store, granted };
}

/** Runs the workload's ticks on `store` (an engine of its own), each until nothing is due; returns the tiers. */
export async function tickToQuiet(
  store: Store,
  users: readonly string[],
): Promise<Record<string, string | null>> {
  const engine = await proofEngine(store);
  for (const now of TICKS) while ((await engine.tick(now)).outcomes.some((o) => o.status === 'applied'));
  const tiers: Record<string, string | null> = {};
  for (const userId of users) {
    const doc = (await store.getDocument(`user:${userId}`)) as
      | { slices?: { incentives?: { tier?: { id: string } | null } } }
      | undefined;
    if (doc !== undefined) tiers[userId] = doc.slices?.incentives?.tier?.id ?? null;
  }
  return tiers;
}

/** The timers a store holds (id, user, type, due time), sorted. */
export async function timers(store: Store): Promise<string[]> {
  return (await store.listTimers()).map((t) => `${t.id}|${t.userId}|${t.type}|${t.dueAt}`).sort();
}

/** Per user: the ledger entries (`id=amount`, sorted) and the points they add up to. */
export type Ledgers = Record<string, { points: number; entries: string[] }>;

/** The incentives ledger of each user in `users`, read from the store's user documents. */
export async function ledgers(store: Store, users: readonly string[]): Promise<Ledgers> {
  const out: Ledgers = {};
  for (const userId of users) {
    const doc = (await store.getDocument(`user:${userId}`)) as
      | { slices?: { incentives?: IncentivesState } }
      | undefined;
    const slice = doc?.slices?.incentives;
    if (slice === undefined) continue;
    // The slice stores entries compactly (no id it can rebuild): read them as ledger entries.
    const entries = ledgerOf(slice);
    out[userId] = {
      points: entries.reduce((sum, e) => sum + e.amount, 0),
      entries: entries.map((e) => `${e.eventId}:${e.id}=${e.amount}`).sort(),
    };
  }
  return out;
}

/** The outbox: every dedupe key (sorted, duplicates kept, so a doubled message shows) and totals per user and topic. */
export async function outbox(store: Store): Promise<{ keys: string[]; totals: Record<string, number> }> {
  const messages = await store.listMessages();
  const totals: Record<string, number> = {};
  for (const m of messages) {
    const key = `${m.userId}|${m.kind}|${m.topic}`;
    totals[key] = (totals[key] ?? 0) + 1;
  }
  return { keys: messages.map((m) => m.dedupeKey).sort(), totals };
}
