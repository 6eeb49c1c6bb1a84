import { expect } from 'vitest';
import type { ErrorCode } from '../errors/codes';
import { markPolicyParams } from '../policy/policy-params';
import { deepFreeze } from '../policy/safe-object';
import type { OutboxMessage } from '../store/outbox-types';
import type { CommitWrite, RecordedOutcome, Store, TimerRecord } from '../store/types';

/** A commit that writes nothing, with `parts` filled in. */
export function write(
  parts: Partial<Omit<CommitWrite, 'timers'>> & { timers?: Partial<CommitWrite['timers']> } = {},
): CommitWrite {
  return {
    docs: parts.docs ?? [],
    counters: parts.counters ?? [],
    messages: parts.messages ?? [],
    cancelMessages: parts.cancelMessages ?? [],
    timers: { schedule: [], cancel: [], complete: [], ...parts.timers },
    ...(parts.record ? { record: parts.record } : {}),
    ...(parts.records ? { records: parts.records } : {}),
  };
}

/** An outbox message; `dedupeKey` defaults to the id. */
export function message(id: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id,
    dedupeKey: id,
    userId: 'u1',
    kind: 'reply',
    topic: 'feedback',
    channel: 'app',
    locale: 'en',
    subject: null,
    body: `body of ${id}`,
    data: { points: 10, tags: ['a'] },
    eventId: 'e1',
    ruleId: 'r1',
    plugin: 'replies',
    createdAt: 1_000,
    notBefore: 1_000,
    transactional: false,
    ...overrides,
  };
}

export function timer(id: string, overrides: Partial<TimerRecord> = {}): TimerRecord {
  return {
    id,
    userId: 'u1',
    type: 'lifecycle.care',
    dueAt: 5_000,
    payload: { trigger: 'inactive', n: 1 },
    plugin: 'lifecycle',
    eventId: 'e1',
    ...overrides,
  };
}

/** A recorded outcome under `key` (the engine's keys are `recordKey(…)`; a store takes any string). */
export function record(key: string, userId = 'u1'): RecordedOutcome {
  return {
    key,
    userId,
    fingerprint: `fp-${key.length}`,
    outcome: { effects: [{ type: 'incentives.award', points: 5 }] },
    committedAt: 1_000,
  };
}

/** Commits `w` in a unit of work holding `keys` (default: the keys of the documents written). */
export function commit(store: Store, w: CommitWrite, keys?: readonly string[]) {
  return store.transact(keys ?? w.docs.map((d) => d.key), (tx) => tx.commit(w));
}

/** Asserts that `promise` rejects with an error carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Asserts that `compact` (a store's `compactRecords` or `compactOutbox`) rejects each malformed
 * `{ before, limit? }` with `STORE_QUERY_INVALID`.
 */
export async function expectCompactionRejects(compact: (options: { before: number }) => Promise<number>) {
  const bad: unknown[] = [
    undefined,
    {},
    { before: '2026-01-01' },
    { before: Number.NaN },
    { before: 5_000, limit: 0 },
    { before: 5_000, limit: 2.5 },
    { before: 5_000, limit: '1' },
  ];
  for (const options of bad)
    await expectCode(
      Promise.resolve().then(() => compact(options as { before: number })),
      'STORE_QUERY_INVALID',
    );
}

/** Lets other pending work (including I/O of a database driver) run for a moment. */
export const settle = (ms = 25): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Params as a loaded policy holds them: frozen and marked (`toPolicy`), so a store's effect heads keep them. */
export function policyParams<T extends object>(value: T): T {
  const frozen = deepFreeze(value);
  markPolicyParams(frozen);
  return frozen;
}
