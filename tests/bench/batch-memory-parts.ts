/**
 * The memory dispatchBatch row taken apart (issue 20): `cd tests && BENCH_PART=<part> npx tsx
 * bench/batch-memory-parts.ts`. The same events, batches and warm-up as `batch-memory-main.ts`, with a part of the
 * bench policy: `kernel` (no rules, no plugin), `hooks` (the incentives plugin, no rules), `award` (the incentives
 * plugin and its one award rule), `rules` (the 40 core rules, no plugin), `all` (the whole row). Prints CPU µs per
 * event; a part's cost is its figure less `kernel`'s (or `hooks`' for `award`).
 */
import { createEngine, createManualClock, createMemoryStore, type PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { rerunOnDist } from './dist-rerun';
import { benchEvents, benchPolicy, benchPolicyWithPoints } from './policy-40';

rerunOnDist();
const PART = process.env.BENCH_PART ?? 'all';
const SIZE = 500;
const POLICIES: Record<string, [PolicyDocument, boolean]> = {
  kernel: [{ ...benchPolicy, rules: [] }, false],
  hooks: [{ ...benchPolicyWithPoints, rules: [] }, true],
  award: [{ ...benchPolicyWithPoints, rules: benchPolicyWithPoints.rules.slice(-1) }, true],
  rules: [benchPolicy, false],
  all: [benchPolicyWithPoints, true],
};
const chosen = POLICIES[PART];
if (chosen === undefined) throw new Error(`BENCH_PART is one of ${Object.keys(POLICIES).join(', ')}`);
const [policy, withIncentives] = chosen;
const engine = createEngine({
  plugins: withIncentives ? [incentives()] : [],
  policy,
  store: createMemoryStore(),
  clock: createManualClock('2026-01-01T00:00:00Z'),
});
const warm = benchEvents(20_000, 5_000).map((e) => ({ ...e, id: `w-${e.id}`, userId: `w-${e.userId}` }));
await engine.dispatchBatch(warm, { batchSize: SIZE });
const events = benchEvents(100_000, 5_000);
const cpu = process.cpuUsage();
for (let i = 0; i < events.length; i += SIZE)
  await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
const used = process.cpuUsage(cpu);
process.stdout.write(
  `memory dispatchBatch, ${PART}: ${((used.user + used.system) / events.length).toFixed(1)} CPU µs/event\n`,
);
