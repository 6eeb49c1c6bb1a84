/**
 * `simulate` against the engine alone on the generated e-commerce stream (issue 22 point 10): the
 * engine's dispatch of the same events is the floor; the simulate and report rows add what the CLI
 * does per event (collector, series, time ticks, loop events). Options: BENCH_CLI_USERS (default 1000),
 * BENCH_CLI_DAYS (default 30).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  firstPartyPlugins,
  generateEvents,
  type InputLine,
  pluginsForPolicy,
  runSimulation,
} from '@engageloop/cli';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { type Measurement, measure, measurementOf } from './measure';

const USERS = Number(process.env.BENCH_CLI_USERS ?? 1000);
const DAYS = Number(process.env.BENCH_CLI_DAYS ?? 30);

/** Times a run that pulls its input: each sample is the time from one pull to the next (one event's work). */
async function measurePulls(
  name: string,
  events: readonly unknown[],
  run: (input: Iterable<InputLine>) => Promise<unknown>,
): Promise<Measurement> {
  const samples = new Float64Array(events.length);
  let last = 0;
  function* input(): Generator<InputLine> {
    for (let i = 0; i < events.length; i++) {
      const now = performance.now();
      if (i > 0) samples[i - 1] = (now - last) * 1000;
      last = now;
      yield { line: i + 1, value: events[i] };
    }
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run(input());
  const seconds = (performance.now() - start) / 1000;
  samples[events.length - 1] = (performance.now() - last) * 1000;
  const used = process.cpuUsage(cpu);
  return measurementOf(name, events.length, samples.sort(), seconds, used);
}

/** The rows: engine dispatch (the floor), then `runSimulation` as `simulate` runs it. */
export async function cliSimulateRows(): Promise<Measurement[]> {
  const path = fileURLToPath(new URL('../../docs/examples/ecommerce-reviews.json', import.meta.url));
  const doc = JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument;
  const plugins = pluginsForPolicy(doc, firstPartyPlugins());
  const policy = loadPolicy(doc, { plugins });
  const events = [...generateEvents({ profile: 'ecommerce', users: USERS, days: DAYS, seed: 'bench' })];
  const clock = createManualClock(0);
  const engine = createEngine({ plugins, policy, store: createMemoryStore(), clock });
  const floor = await measure(
    `e-commerce: engine dispatch (${plugins.map((p) => p.name).join(', ')})`,
    events.length,
    (i) => {
      const event = events[i] as { at: string };
      const at = Date.parse(event.at);
      if (at > clock.now()) clock.set(at);
      return engine.dispatch(event);
    },
  );
  await engine.close();
  const simulate = await measurePulls('e-commerce: simulate (runSimulation)', events, (input) =>
    runSimulation({ policy, plugins, input }),
  );
  return [floor, simulate];
}
