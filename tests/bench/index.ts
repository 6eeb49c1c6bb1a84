/**
 * `npm run bench`: dispatch throughput of a 40-rule policy on the memory store against raw
 * json-rules-engine running the same 40 conditions. Prints a table with ratios. Not a test.
 * Options: BENCH_EVENTS (default 100000), BENCH_USERS (default 5000).
 * Then condition evaluation (raw jre vs compiled vs hand-written), full dispatch per evaluator and the
 * rule-count scaling table (./conditions.ts, ./scaling.ts).
 * Then the store rows (see ./stores.ts): SQLite and PostgreSQL dispatch throughput, and state size per user.
 */
import { createEngine, createManualClock, createMemoryStore, resolvePath } from '@engageloop/core';
import { Engine as JreEngine } from 'json-rules-engine';
import { conditionRows } from './conditions';
import { type Measurement, measure, table } from './measure';
import { benchEvents, benchPolicy } from './policy-40';
import { dispatchRows, scalingRows } from './scaling';
import { stateSize, storeThroughput } from './stores';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_USERS ?? 5_000);

async function rawJsonRulesEngine(events: ReturnType<typeof benchEvents>): Promise<Measurement> {
  const jre = new JreEngine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  for (const rule of benchPolicy.rules) {
    jre.addRule({ name: rule.id, conditions: rule.conditions ?? { all: [] }, event: { type: rule.id } });
  }
  const counts = new Map<string, Record<string, number>>();
  return measure('json-rules-engine (raw, 40 rules)', events.length, async (i) => {
    const event = events[i]!;
    const userCounts = counts.get(event.userId) ?? {};
    userCounts[event.type] = (userCounts[event.type] ?? 0) + 1;
    counts.set(event.userId, userCounts);
    await jre.run({ event, user: { counts: userCounts } });
  });
}

async function engineDispatch(events: ReturnType<typeof benchEvents>): Promise<Measurement> {
  const clock = createManualClock('2026-01-01T00:00:00Z');
  const engine = createEngine({ policy: benchPolicy, store: createMemoryStore(), clock });
  return measure('engageloop dispatch (memory store, trace off)', events.length, (i) =>
    engine.dispatch(events[i]!),
  );
}

async function main() {
  const events = benchEvents(EVENTS, USERS);
  process.stdout.write(
    `engageloop bench — ${EVENTS} events, ${USERS} users, ${benchPolicy.rules.length} rules, Node ${process.version}\n\n`,
  );
  const rows = [await rawJsonRulesEngine(events), await engineDispatch(events)];
  process.stdout.write(`${table(rows, 'json-rules-engine (raw, 40 rules)')}\n`);

  process.stdout.write(`\ncondition evaluation — all 40 conditions per event\n\n`);
  process.stdout.write(`${table(await conditionRows(events), 'conditions: json-rules-engine (40 rules)')}\n`);
  process.stdout.write(`\nfull dispatch — 40 rules, core plugin, memory store, trace off\n\n`);
  process.stdout.write(`${table(await dispatchRows(events), 'dispatch: json-rules-engine evaluator')}\n`);
  process.stdout.write(`\nscaling — rules not listening to the event type (compiled evaluator)\n\n`);
  process.stdout.write(`${table(await scalingRows(events), 'scaling: 10 rules (10 listen)')}\n`);

  const stores = await storeThroughput();
  process.stdout.write(`\nstores — focused incentives policy (points, tiers, one reply per event)\n\n`);
  process.stdout.write(`${table(stores.rows, 'PostgreSQL dispatch (1 instance)')}\n`);
  for (const note of stores.notes) process.stdout.write(`${note}\n`);
  process.stdout.write(`\nstate per user (user document + recorded outcome + one outbox message)\n\n`);
  process.stdout.write(`${(await stateSize()).join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
