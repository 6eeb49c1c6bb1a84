/**
 * The memory batch row as an A/B of two built checkouts (issue 20), the way a change to it is judged on a shared,
 * noisy machine: `cd tests && npx tsx bench/ab-memory.ts <B checkout> [A checkout]` (A: this checkout by default;
 * both built: `npx turbo run build`). Both engines run in one process, over the same events, alternating batch by
 * batch, each batch timed in CPU time (`process.cpuUsage`: what another tenant's load takes from wall time does not
 * count); a round is a fresh pair of engines, warmed as `warmMemoryEngine` warms the row's. The rounds are split
 * over two child processes, one per load order (A first, B first): whichever engine runs second in a pair tends to
 * be faster, so each order's median ratio is printed and their geometric mean is the figure (< 1: A uses less CPU).
 *
 * - BENCH_PART: a part of the policy (`BENCH_PARTS`: kernel, hooks, award, rules, all; default all).
 * - BENCH_HISTORY: events per user before the measured ones (default 0: fresh users, as the row).
 * - BENCH_ROUNDS: rounds in all (default 8). BENCH_AA=1: B is A (the figure's own noise).
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Engine, LoopEvent } from '@engageloop/core';
import { abOrders, type ChildResult } from './bench-report';
import { BENCH_PARTS } from './memory-engine';
import { benchEvents } from './policy-40';

const SIZE = 500;
const USERS = 5_000;
const EVENTS = 100_000;

/** The packages one checkout built: its core and its incentives plugin, from dist. */
async function packagesOf(dir: string) {
  const from = (path: string) => import(pathToFileURL(resolve(dir, path)).href);
  const core = (await from('packages/core/dist/index.js')) as typeof import('@engageloop/core');
  const incentives = (await from(
    'plugins/incentives/dist/index.js',
  )) as typeof import('@engageloop/incentives');
  return { core, incentives };
}

/** The measured events, and (with history) the events before them, the measured ones moved after those. */
function streams(history: number): { past: LoopEvent[]; measured: LoopEvent[] } {
  const measured = benchEvents(EVENTS, USERS);
  if (history === 0) return { past: [], measured };
  const past = benchEvents(history * USERS, USERS).map((e) => ({ ...e, id: `h-${e.id}` }));
  const shift =
    Date.parse((past[past.length - 1] as LoopEvent).at) + 1000 - Date.parse(measured[0]?.at ?? '');
  return {
    past,
    measured: measured.map((e) => ({ ...e, at: new Date(Date.parse(e.at) + shift).toISOString() })),
  };
}

async function child(
  dirA: string,
  dirB: string,
  part: string,
  history: number,
  rounds: number,
  aFirst: boolean,
) {
  const chosen = BENCH_PARTS[part];
  if (chosen === undefined) throw new Error(`BENCH_PART is one of ${Object.keys(BENCH_PARTS).join(', ')}`);
  const [policy, withIncentives] = chosen;
  const sides = { a: await packagesOf(dirA), b: await packagesOf(dirB) };
  const { past, measured } = streams(history);
  const warm = benchEvents(20_000, 5_000).map((e) => ({ ...e, id: `w-${e.id}`, userId: `w-${e.userId}` }));
  const make = async (side: 'a' | 'b'): Promise<Engine> => {
    const { core, incentives } = sides[side];
    const engine = core.createEngine({
      plugins: withIncentives ? [incentives.incentives()] : [],
      policy,
      store: core.createMemoryStore(),
      clock: core.createManualClock('2026-01-01T00:00:00Z'),
    });
    await engine.dispatchBatch(warm, { batchSize: SIZE });
    if (past.length > 0) await engine.dispatchBatch(past, { batchSize: SIZE });
    return engine;
  };
  const result: ChildResult = { a: [], b: [], statuses: { a: {}, b: {} } };
  const order = aFirst ? (['a', 'b'] as const) : (['b', 'a'] as const);
  for (let r = 0; r < rounds; r++) {
    const engines = { a: await make('a'), b: await make('b') };
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = { a: 0, b: 0 };
    for (let i = 0; i < measured.length; i += SIZE) {
      const batch = measured.slice(i, i + SIZE);
      for (const side of order) {
        const start = process.cpuUsage();
        const outcomes = await engines[side].dispatchBatch(batch, { batchSize: SIZE });
        const used = process.cpuUsage(start);
        cpu[side] += (used.user + used.system) / 1000;
        const counts = result.statuses[side];
        for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
      }
    }
    result.a.push(cpu.a);
    result.b.push(cpu.b);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const [dirB, dirA = fileURLToPath(new URL('../..', import.meta.url))] = process.argv.slice(2);
if (dirB === undefined) {
  process.stderr.write('usage: npx tsx bench/ab-memory.ts <B checkout> [A checkout]\n');
  process.exit(2);
}
const part = process.env.BENCH_PART ?? 'all';
const history = Number(process.env.BENCH_HISTORY ?? 0);
const sideB = process.env.BENCH_AA === '1' ? dirA : dirB;
if (process.env.AB_CHILD === undefined)
  abOrders(
    fileURLToPath(import.meta.url),
    dirA,
    sideB,
    Number(process.env.BENCH_ROUNDS ?? 8),
    EVENTS,
    `part ${part}, history ${history}`,
  );
else await child(dirA, dirB, part, history, Number(process.env.AB_ROUNDS), process.env.AB_CHILD === 'ab');
