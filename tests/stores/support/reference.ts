/** The single-process reference: the same events, in order, on the memory store. */
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type LoopEvent,
  loadPolicy,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { type StoreSnapshot, snapshot, storesPolicy, TICKS } from './scenario';

/** Runs `events`, then ticks each of `TICKS` until nothing is due, on a memory store. */
export async function referenceRun(
  events: readonly LoopEvent[],
  users: readonly string[],
): Promise<{ snapshot: StoreSnapshot; granted: number; fired: string[] }> {
  const plugin = incentives();
  const policy = await loadPolicy(storesPolicy, { plugins: [plugin] });
  const store = createMemoryStore();
  const engine = createEngine({
    plugins: [plugin],
    policy,
    store,
    clock: createManualClock('2026-02-01T00:00:00Z'),
  });
  let granted = 0;
  engine.on('reward:granted', () => {
    granted += 1;
  });
  for (const event of events) await engine.dispatch(event);
  const fired: string[] = [];
  for (const now of TICKS) {
    // Until quiet: a timer re-armed to a time ≤ now during a tick is due too.
    for (;;) {
      const applied = (await engine.tick(now)).outcomes.filter((o) => o.status === 'applied');
      fired.push(...applied.map((o) => o.eventId));
      if (applied.length === 0) break;
    }
  }
  const result = { snapshot: await snapshot(store, users), granted, fired };
  await engine.close();
  return result;
}
