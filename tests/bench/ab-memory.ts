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
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Engine, LoopEvent } from '@engageloop/core';
import { BENCH_PARTS } from './memory-engine';
import { benchEvents } from './policy-40';

const SIZE = 500;
const USERS = 5_000;
const EVENTS = 100_000;

/** One child's rounds: CPU ms of each engine per round, and the outcome statuses each engine gave in all. */
interface ChildResult {
  a: number[];
  b: number[];
  statuses: { a: Record<string, number>; b: Record<string, number> };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

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

function parent(dirA: string, dirB: string, part: string, history: number, rounds: number) {
  const self = fileURLToPath(import.meta.url);
  const ratios: number[] = [];
  const all = { a: [] as number[], b: [] as number[] };
  let sameStatuses = true;
  for (const order of ['A first', 'B first']) {
    const run = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, dirB, dirA], {
      env: {
        ...process.env,
        AB_CHILD: order === 'A first' ? 'ab' : 'ba',
        AB_ROUNDS: String(Math.ceil(rounds / 2)),
      },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !line.startsWith('{')) {
      process.stderr.write(run.stderr);
      process.exit(run.status ?? 1);
    }
    const got = JSON.parse(line) as ChildResult;
    const pairs = got.a.map((x, i) => x / (got.b[i] as number));
    ratios.push(median(pairs));
    all.a.push(...got.a);
    all.b.push(...got.b);
    sameStatuses &&= JSON.stringify(got.statuses.a) === JSON.stringify(got.statuses.b);
    const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
    process.stdout.write(
      `${order}: A ${ms(got.a)} | B ${ms(got.b)} CPU ms; median A/B ${median(pairs).toFixed(3)}\n`,
    );
  }
  const perEvent = (xs: number[]) => ((median(xs) * 1000) / EVENTS).toFixed(1);
  const figure = Math.sqrt((ratios[0] as number) * (ratios[1] as number));
  process.stdout.write(
    `part ${part}, history ${history}, ${all.a.length} rounds: A ${perEvent(all.a)} / B ${perEvent(all.b)} CPU µs/event; ` +
      `A/B ${figure.toFixed(3)} (geometric mean of the two orders)` +
      `${sameStatuses ? '' : '; outcome statuses DIFFER between A and B'}\n`,
  );
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
  parent(dirA, sideB, part, history, Number(process.env.BENCH_ROUNDS ?? 8));
else await child(dirA, dirB, part, history, Number(process.env.AB_ROUNDS), process.env.AB_CHILD === 'ab');
