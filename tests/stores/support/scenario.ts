/**
 * The workload the store tests and the store bench share: a focused incentives policy (points per task,
 * three tiers, an acknowledgement message per task), deterministic events, seeded shuffles, and a
 * normalised snapshot of what the engine persisted, comparable across stores and dispatch orders.
 */
import {
  type Clock,
  createEngine,
  createManualClock,
  type Engine,
  type EngineOptions,
  type LoopEvent,
  loadPolicy,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { type IncentivesState, incentives, ledgerOf } from '@engageloop/incentives';

/** Points per task, three tiers, an ack per task. Every per-user result is independent of dispatch order. */
export const storesPolicy: PolicyDocument = {
  version: 1,
  name: 'stores-workload',
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'task.done': { description: { en: 'A practice task was completed' } } },
  settings: {
    incentives: {
      wallets: { points: { description: { en: 'Points' } } },
      actions: { tasks: { events: ['task.done'] } },
      tiers: {
        levels: [
          { id: 'basic', minScore: 0 },
          { id: 'advanced', minScore: 150 },
          { id: 'core', minScore: 400 },
        ],
        score: { source: 'points', wallet: 'points', windowDays: 30 },
        downgrade: { mode: 'one-tier', graceDays: 7, warnDays: 3 },
      },
      // Every entry is kept (a revoke window longer than the workload), so a snapshot lists each award and
      // any dispatch order compares equal; folding past the default 7-day window is order-dependent in form
      // (not in balances) and is checked by the incentives checkpoint property.
      ledger: { revokeWindowDays: 36_600 },
    },
  },
  rules: [
    {
      id: 'task-points',
      stage: 'action',
      on: 'task.done',
      effects: [{ type: 'incentives.award', params: { amount: 10, reason: 'task' } }],
    },
    {
      id: 'task-ack',
      stage: 'value',
      on: 'task.done',
      effects: [
        { type: 'core.message', params: { kind: 'reply', topic: 'task-ack', body: 'Thanks for your task!' } },
      ],
    },
  ],
} as unknown as PolicyDocument;

/** Start of the event window (all events fall in January 2026). */
export const EVENT_START = Date.parse('2026-01-01T00:00:00Z');

/** Ticks run after every event is in: the tier review timers fall due in February and March. */
export const TICKS: readonly number[] = [
  Date.parse('2026-02-15T00:00:00Z'),
  Date.parse('2026-03-10T00:00:00Z'),
  Date.parse('2026-04-30T00:00:00Z'),
];

/** A small seeded PRNG (mulberry32): tests never use Math.random. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Prefixes of a stream's event ids and user ids, so that a warm-up runs on other events and users. A bench makes
 * its warm-up with the same function as its measured events (one object shape, one V8 map): a copy made with a
 * spread has another map, and the measured section would then deoptimise code compiled for the warm-up's.
 */
export interface StreamPrefixes {
  ids?: string;
  users?: string;
}

/** `count` task events over `users` users, event times spread over January 2026. */
export function taskEvents(count: number, users: number, seed = 1, prefix: StreamPrefixes = {}): LoopEvent[] {
  const rand = seeded(seed);
  const events: LoopEvent[] = [];
  const ids = prefix.ids ?? '';
  const userIds = prefix.users ?? '';
  for (let i = 0; i < count; i++) {
    const at = EVENT_START + Math.floor(rand() * 31 * 86_400_000);
    events.push({
      id: `${ids}e${i}`,
      type: 'task.done',
      userId: `${userIds}u${i % users}`,
      at: new Date(at).toISOString(),
      payload: {},
    });
  }
  return events;
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rand = seeded(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The events shuffled, with about `share` of them dispatched a second time at a random later position. */
export function withDuplicates<T>(items: readonly T[], seed: number, share = 0.05): T[] {
  const rand = seeded(seed);
  const out = [...items];
  const extra = Math.floor(items.length * share);
  for (let k = 0; k < extra; k++) {
    const item = items[Math.floor(rand() * items.length)] as T;
    out.splice(Math.floor(rand() * (out.length + 1)), 0, item);
  }
  return out;
}

/** What the engine persisted, normalised so that any dispatch order of the same events compares equal. */
export interface StoreSnapshot {
  users: Record<
    string,
    { points: number; entries: string[]; tier: string | null; actions: Record<string, number> }
  >;
  messages: string[];
  timers: string[];
}

/** Reads the user documents, outbox and timers of `store` into a `StoreSnapshot`. */
export async function snapshot(store: Store, userIds: readonly string[]): Promise<StoreSnapshot> {
  const users: StoreSnapshot['users'] = {};
  for (const userId of userIds) {
    const doc = (await store.getDocument(`user:${userId}`)) as
      | { slices?: { incentives?: IncentivesState } }
      | undefined;
    const slice = doc?.slices?.incentives;
    if (slice === undefined) continue;
    users[userId] = {
      points: slice.entries.reduce((sum, e) => sum + e.amount, 0),
      // The slice stores entries compactly (no id it can rebuild): read them as ledger entries.
      entries: ledgerOf(slice)
        .map((e) => `${e.id}=${e.amount}`)
        .sort(),
      tier: slice.tier?.id ?? null,
      actions: slice.actions,
    };
  }
  const messages = (await store.listMessages())
    .map((m) => `${m.id}|${m.dedupeKey}|${m.userId}|${m.kind}|${m.topic}|${m.body}|${m.status}`)
    .sort();
  const timers = (await store.listTimers()).map((t) => `${t.id}|${t.userId}|${t.type}|${t.dueAt}`).sort();
  return { users, messages, timers };
}

/** Ids of the users `taskEvents(count, users)` touches. */
export const userIds = (users: number): string[] => Array.from({ length: users }, (_, i) => `u${i}`);

/** An engine on `store` with the incentives plugin, running `storesPolicy` on the workload's manual clock (or `clock`). */
export async function storesEngine(
  store: Store,
  clock: Clock = createManualClock('2026-02-01T00:00:00Z'),
  privacy?: EngineOptions['privacy'],
): Promise<Engine> {
  const plugin = incentives();
  const policy = await loadPolicy(storesPolicy, { plugins: [plugin] });
  return createEngine({ plugins: [plugin], policy, store, clock, ...(privacy ? { privacy } : {}) });
}
