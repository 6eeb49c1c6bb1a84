import { EngageLoopError } from '../errors/error';
import type { TopRequest } from '../plugin/types';
import { checkTopCounters } from '../store/queries';
import type { CounterEntry, Store } from '../store/types';
import type { Slot } from './dispatch-types';

/*
 * Leaderboards (`prepare` → `tops`, read with `ctx.top`): named per event, loaded once per unit of work.
 */

/** Adds leaderboard requests (checked: a string prefix, a limit from 0 to `MAX_TOP_COUNTERS`); the largest limit per prefix wins. */
export function addTops(into: Map<string, number>, tops: readonly TopRequest[]): Map<string, number> {
  if (!Array.isArray(tops))
    throw new EngageLoopError('STORE_QUERY_INVALID', { message: 'prepare: tops must be an array.' });
  for (const top of tops) {
    checkTopCounters(top?.prefix, { limit: top?.limit });
    into.set(top.prefix, Math.max(into.get(top.prefix) ?? 0, top.limit));
  }
  return into;
}

/** The leaderboards the unit of work's events name (largest limit per prefix), or undefined when none. */
export function topsOf(slots: readonly Slot[], from: number): Map<string, number> | undefined {
  let out: Map<string, number> | undefined;
  for (let i = from; i < slots.length; i++) {
    const tops = (slots[i] as Slot).tops;
    if (!tops) continue;
    out ??= new Map();
    for (const [prefix, limit] of tops) out.set(prefix, Math.max(out.get(prefix) ?? 0, limit));
  }
  return out;
}

/**
 * Reads the leaderboards before the unit of work: counters are bumped without document locks, so their
 * committed values are what any reader sees; the store answers each top-N itself.
 */
export async function loadTops(
  store: Store,
  wanted: ReadonlyMap<string, number>,
): Promise<ReadonlyMap<string, readonly CounterEntry[]>> {
  const out = new Map<string, readonly CounterEntry[]>();
  for (const [prefix, limit] of wanted) out.set(prefix, await store.topCounters(prefix, { limit }));
  return out;
}
