/**
 * `npm run bench`: dispatch throughput of a 40-rule policy on the memory store against raw
 * json-rules-engine running the same 40 conditions. Prints a table with ratios. Not a test.
 * Options: BENCH_EVENTS (default 100000), BENCH_USERS (default 5000).
 * Then condition evaluation (raw jre vs compiled vs hand-written), the condition shapes of issue 23
 * (./shapes-section.ts; alone: bench/shapes-main.ts), full dispatch per evaluator and the rule-count
 * scaling table (./conditions.ts, ./scaling.ts).
 * Then the store rows (see ./stores.ts): SQLite and PostgreSQL dispatch throughput; the batch rows (./batch.ts, in a
 * process of their own: ./batch-child.ts):
 * dispatchBatch against one-by-one dispatch on memory, SQLite and PostgreSQL, PostgreSQL 1/2/4 instances with
 * dispatchBatch against the CPU bound (./stores-instances.ts), batch sizes 1 to 2,000 (./batch-size.ts); group commit at the store
 * (./stores-batch.ts: records/s one per unit of work vs batches), the store's own share of dispatchBatch's CPU
 * (./stores-share.ts), and state size per user (memory: with the
 * recorded outcomes in full and compacted);
 * then the history rows (./history.ts): 100k events over 800 users on SQLite, cost and document size over time.
 *
 * Workspace packages are the built ones (dist, as users get them): the bench re-runs itself with
 * ./tsconfig.dist.json (no paths to src) unless BENCH_SOURCE=src. tsx compiles src with esbuild's keepNames,
 * which wraps every closure created at run time in a `__name` call: src figures are not what users get.
 */
import { createEngine, createManualClock, createMemoryStore, resolvePath } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { Engine as JreEngine } from 'json-rules-engine';
import { batchTargets } from './batch';
import { batchRowsInChild } from './batch-child';
import { cliSimulateRows } from './cli-simulate';
import { conditionRows } from './conditions';
import { rerunOnDist } from './dist-rerun';
import { historyLines } from './history';
import { type Measurement, measure, table } from './measure';
import { memoryRows } from './memory';
import { benchEvents, benchPolicy, benchPolicyWithPoints } from './policy-40';
import { dispatchRows, scalingRows } from './scaling';
import { conditionShapeSection } from './shapes-section';
import { stateSize, storeThroughput } from './stores';
import { storeBatchRows } from './stores-batch';
import { storeShareRows } from './stores-share';
import { targetTable } from './targets';

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
    const userCounts = counts.get(event.userId ?? '') ?? {};
    userCounts[event.type] = (userCounts[event.type] ?? 0) + 1;
    counts.set(event.userId ?? '', userCounts);
    await jre.run({ event, user: { counts: userCounts } });
  });
}

const WARM_UP = 20_000;

/** Events per user dispatched before the steady-state rows are measured. */
const STEADY_PER_USER = 20;

/**
 * Full dispatch: event validation, the 40 rules, plugins' hooks and effects, memory store, trace off.
 * Measured after a warm-up (other ids, same users) so the JIT has compiled the path; p99 includes the
 * garbage collector's pauses as they fall.
 * - `fresh`: a warm-up of WARM_UP events on other users, so the measured users start new: the measured
 *   events build their state (each of the 40 rules sets its own attribute, so a user's attributes grow
 *   towards 40 keys);
 * - `steady`: STEADY_PER_USER events per user first, so users' state is established (the bench rules
 *   set literal values: most writes then repeat a value and change nothing).
 */
async function engineDispatch(
  name: string,
  events: ReturnType<typeof benchEvents>,
  withPoints: boolean,
  warmUp: 'fresh' | 'steady' = 'fresh',
): Promise<Measurement> {
  const clock = createManualClock('2026-01-01T00:00:00Z');
  const plugins = withPoints ? [incentives()] : [];
  const policy = withPoints ? benchPolicyWithPoints : benchPolicy;
  const engine = createEngine({ plugins, policy, store: createMemoryStore(), clock });
  // fresh: the warm-up runs on other users (same types and rules), so the measured users start new
  const warm =
    warmUp === 'fresh'
      ? benchEvents(WARM_UP, USERS).map((e) => ({ ...e, userId: `warm-${e.userId}` }))
      : benchEvents(USERS * STEADY_PER_USER, USERS);
  for (const event of warm) await engine.dispatch({ ...event, id: `warm-${event.id}` });
  return measure(name, events.length, (i) => engine.dispatch(events[i]!));
}

/**
 * The machine's own noise: a fixed amount of arithmetic (about as long as a steady-state dispatch), timed
 * the same way. Its p99 is the floor under every p99 in the table: on a shared or virtual machine, interrupts
 * and other processes stretch some runs of even constant work.
 */
async function machineNoise(items: number): Promise<Measurement> {
  let carry = 0;
  const work = () => {
    let sum = 0;
    for (let i = 0; i < 6_000; i++) sum += Math.sqrt(i + carry);
    carry = sum % 7;
  };
  for (let i = 0; i < 20_000; i++) work();
  return measure('machine noise: fixed arithmetic, no engageloop', items, work);
}

async function main() {
  rerunOnDist();
  const events = benchEvents(EVENTS, USERS);
  const source = process.env.TSX_TSCONFIG_PATH ? 'built packages (dist)' : 'sources through tsx (keepNames)';
  process.stdout.write(
    `engageloop bench — ${EVENTS} events, ${USERS} users, ${benchPolicy.rules.length} rules, Node ${process.version}, ${source}\n\n`,
  );
  const rows = [
    await rawJsonRulesEngine(events),
    await engineDispatch('engageloop dispatch (memory store, trace off)', events, false),
    await engineDispatch('… + incentives plugin, points rule (41 rules)', events, true),
    await engineDispatch(
      `steady state (${STEADY_PER_USER} events/user before), trace off`,
      events,
      false,
      'steady',
    ),
    await engineDispatch('steady state + incentives plugin, points rule', events, true, 'steady'),
    await machineNoise(events.length),
  ];
  process.stdout.write(`${table(rows, 'json-rules-engine (raw, 40 rules)')}\n`);
  const noise = rows[rows.length - 1] as Measurement;
  process.stdout.write(
    `machine noise: constant work of p50 ${noise.p50.toFixed(1)} µs has p99 ${noise.p99.toFixed(1)} µs here — a p99 is only as low as this floor allows\n`,
  );

  process.stdout.write(`\ncondition evaluation — all 40 conditions per event\n\n`);
  const conditions = await conditionRows(events);
  process.stdout.write(`${table(conditions, 'conditions: json-rules-engine (40 rules)')}\n`);
  process.stdout.write(
    `\ncondition shapes (issue 23) — closures, fused, compiled, json-logic-engine, json-rules-engine\n\n`,
  );
  process.stdout.write(`${await conditionShapeSection()}\n`);
  process.stdout.write(`\nfull dispatch — 40 rules, core plugin, memory store, trace off\n\n`);
  process.stdout.write(`${table(await dispatchRows(events), 'dispatch: json-rules-engine evaluator')}\n`);
  process.stdout.write(`\nscaling — rules that cannot fire for the event type (compiled evaluator)\n\n`);
  const scaling = await scalingRows(events);
  process.stdout.write(`${table(scaling, 'scaling: 10 rules (10 listen)')}\n`);

  const stores = await storeThroughput();
  process.stdout.write(`\nsimulate — generated e-commerce events, the engine's dispatch as the floor\n\n`);
  process.stdout.write(`${table(await cliSimulateRows(), 'e-commerce: engine dispatch (incentives)')}\n`);
  process.stdout.write(`\nstores — focused incentives policy (points, tiers, one reply per event)\n\n`);
  process.stdout.write(`${table(stores.rows, 'PostgreSQL dispatch (1 instance)')}\n`);
  for (const note of stores.notes) process.stdout.write(`${note}\n`);
  process.stdout.write(
    `\nbatches — dispatchBatch against one-by-one dispatch, the same events in the same run\n\n`,
  );
  const batch = await batchRowsInChild();
  for (const t of batch.tables) process.stdout.write(`${t}\n\n`);
  for (const note of batch.notes) process.stdout.write(`${note}\n`);
  process.stdout.write(
    `\ngroup commit — the store's own cost per recorded event, one per unit of work vs batches (same run)\n\n`,
  );
  process.stdout.write(`${(await storeBatchRows()).join('\n')}\n`);
  process.stdout.write(
    `\nstore share — the store's own Node CPU per event in dispatchBatch: each store less the memory store (./stores-share.ts)\n\n`,
  );
  process.stdout.write(`${(await storeShareRows()).join('\n')}\n`);
  process.stdout.write(`\nstate per user (user document + recorded outcome + one outbox message)\n\n`);
  process.stdout.write(`${(await stateSize()).join('\n')}\n`);
  process.stdout.write(`\nhistory — does a user document stay bounded as history grows? (./history.ts)\n\n`);
  const history = await historyLines();
  process.stdout.write(`${history.lines.join('\n')}\n`);
  process.stdout.write(
    `\nmemory store, measured (no extrapolation; BENCH_MEMORY_USERS, default 1,000,000)\n\n`,
  );
  const memory = await memoryRows();
  process.stdout.write(`${memory.lines.join('\n')}\n`);

  process.stdout.write(`\ntargets — issue 10's figures against this run\n\n`);
  const targets = targetTable({
    conditions,
    dispatch: rows.slice(1, -1), // without the raw json-rules-engine row and the machine-noise row
    noise,
    scaling,
    stores: stores.rows,
    memoryBytesPerUser: memory.bytesPerUser,
  });
  process.stdout.write(`${targets}\n`);
  process.stdout.write(
    `\ntargets — issue 20's throughput figures against this run\n\n${batchTargets(batch.rows, { instances: batch.instances, memory, history: history.figures })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
