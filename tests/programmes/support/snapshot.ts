import type { Store } from '@engageloop/core';
import { MAX_TOP_COUNTERS } from '@engageloop/core';

/**
 * Everything a store holds that a programme changes: documents (users and entities), counters under
 * `community:`, timers and outbox messages — in a stable order, so two snapshots compare with `toEqual`.
 */
export async function snapshot(store: Store): Promise<unknown> {
  const documents: Array<[string, unknown]> = [];
  for await (const { key, value } of store.listDocuments('')) documents.push([key, value]);
  documents.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const counters = await store.topCounters('community:', { limit: MAX_TOP_COUNTERS });
  const timers = (await store.listTimers()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const messages = (await store.listMessages()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { documents, counters, timers, messages };
}

/** A user's event as the programmes write them. */
export interface Envelope {
  id: string;
  type: string;
  userId: string;
  at: string;
  payload: Record<string, unknown>;
}
