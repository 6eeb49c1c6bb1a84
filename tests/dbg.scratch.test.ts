import { readFileSync } from 'node:fs';
import { createEngine, createManualClock, createMemoryStore, loadPolicy } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { it } from 'vitest';
it('dbg', async () => {
  const doc = JSON.parse(readFileSync('docs/examples/ecommerce-reviews.json', 'utf8'));
  const plugins = [incentives()];
  const store = createMemoryStore();
  const clock = createManualClock('2026-03-02T00:00:00Z');
  const engine = createEngine({ plugins, policy: loadPolicy(doc, { plugins }), store, clock });
  const evs = [
    ['e1', 'review.featured', '2026-03-02T00:00:00.000Z', { productId: 'p-1' }],
    ['e2', 'review.featured', '2026-03-16T00:00:00.000Z', { productId: 'p-1' }],
    ['e3', 'review.featured', '2026-03-16T00:00:00.000Z', { productId: 'p-1' }],
    ['e4', 'review.removed', '2026-03-16T00:02:00.000Z', { reviewEventId: 'e3' }],
  ] as const;
  for (const [id, type, at, payload] of evs) {
    clock.set(at);
    const o = await engine.dispatch({ id, type, userId: 'u1', at, payload: { ...payload } });
    console.log(id, o.status, JSON.stringify(o.effects.map((e) => [e.ruleId, e.type, e.report.status, e.report.data])));
  }
  const u = await engine.getUser('u1');
  console.log(JSON.stringify((u?.slices.incentives as any).entries.map((e: any) => [e.id, e.amount, e.wallet])));
  console.log(await store.topCounters('', { limit: 100 }));
});
