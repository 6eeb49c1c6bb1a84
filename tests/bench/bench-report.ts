/**
 * What the issue-20 bench tools share: the A/B tools' two load orders (`ab-memory.ts`, `ab-sqlite.ts`), and the
 * tables of a CPU profile's self time (`batch-*-profile.ts`) and of a heap sampling's bytes (`batch-*-alloc.ts`).
 */
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Engine, LoopEvent } from '@engageloop/core';
import { benchPart } from './policy-40';

/** One child's rounds: CPU ms of each engine per round, and the outcome statuses each engine gave in all. */
export interface ChildResult {
  a: number[];
  b: number[];
  statuses: { a: Record<string, number>; b: Record<string, number> };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * The A/B parent: runs the tool `self` as two children, one per load order (A first, B first; `AB_CHILD` ab / ba,
 * `AB_ROUNDS` half of `rounds` each), prints each order's rounds and median ratio, then the figure: the geometric
 * mean of the two medians, after `label` (CPU µs per event over `events` events a round).
 */
export function abOrders(
  self: string,
  dirA: string,
  dirB: string,
  rounds: number,
  events: number,
  label: string,
) {
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
  const perEvent = (xs: number[]) => ((median(xs) * 1000) / events).toFixed(1);
  const figure = Math.sqrt((ratios[0] as number) * (ratios[1] as number));
  process.stdout.write(
    `${label}, ${all.a.length} rounds: A ${perEvent(all.a)} / B ${perEvent(all.b)} CPU µs/event; ` +
      `A/B ${figure.toFixed(3)} (geometric mean of the two orders)` +
      `${sameStatuses ? '' : '; outcome statuses DIFFER between A and B'}\n`,
  );
}

/** The packages one checkout built (`dir`), from dist: its core and its incentives plugin. */
export async function builtPackages(dir: string) {
  const core = (await builtModule(dir, 'packages/core')) as typeof import('@engageloop/core');
  const incentives = (await builtModule(
    dir,
    'plugins/incentives',
  )) as typeof import('@engageloop/incentives');
  return { core, incentives };
}

/**
 * A memory-store engine of built `packages` (`builtPackages`) running the bench policy's part `part` (`benchPart`),
 * its clock at the bench stream's start: what the A/B and count tools measure.
 */
export function builtMemoryEngine(packages: Awaited<ReturnType<typeof builtPackages>>, part: string): Engine {
  const [policy, withIncentives] = benchPart(part);
  const { core, incentives } = packages;
  return core.createEngine({
    plugins: withIncentives ? [incentives.incentives()] : [],
    policy,
    store: core.createMemoryStore(),
    clock: core.createManualClock('2026-01-01T00:00:00Z'),
  });
}

/** The built entry (`dist/index.js`) of the package at `path` in the checkout `dir`. */
export const builtModule = (dir: string, path: string): Promise<unknown> =>
  import(pathToFileURL(resolve(dir, path, 'dist/index.js')).href);

/**
 * One round of an A/B child: the measured events in batches of `size`, each batch through both engines in `order`,
 * each call timed in CPU time; the round's CPU ms of each engine and its outcome statuses go into `result`.
 */
export async function abRound(
  engines: Record<'a' | 'b', Pick<Engine, 'dispatchBatch'>>,
  order: readonly ('a' | 'b')[],
  measured: readonly LoopEvent[],
  size: number,
  result: ChildResult,
): Promise<void> {
  const cpu = { a: 0, b: 0 };
  for (let i = 0; i < measured.length; i += size) {
    const batch = measured.slice(i, i + size);
    for (const side of order) {
      const start = process.cpuUsage();
      const outcomes = await engines[side].dispatchBatch(batch, { batchSize: size });
      const used = process.cpuUsage(start);
      cpu[side] += (used.user + used.system) / 1000;
      const counts = result.statuses[side];
      for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
    }
  }
  result.a.push(cpu.a);
  result.b.push(cpu.b);
}

/**
 * An A/B tool's entry (`url`: its `import.meta.url`): the parent (`abOrders`, BENCH_ROUNDS rounds, `rounds` by
 * default; BENCH_AA=1 compares A with itself) or, in a child it started, `child(dirA, dirB, rounds, aFirst)`.
 */
export async function abMain(
  url: string,
  rounds: number,
  events: number,
  label: string,
  child: (dirA: string, dirB: string, rounds: number, aFirst: boolean) => Promise<void>,
): Promise<void> {
  const self = fileURLToPath(url);
  const [dirB, dirA = fileURLToPath(new URL('../..', url))] = process.argv.slice(2);
  if (dirB === undefined) {
    process.stderr.write(`usage: npx tsx bench/${self.split('/').pop()} <B checkout> [A checkout]\n`);
    process.exit(2);
  }
  if (process.env.AB_CHILD !== undefined)
    return child(dirA, dirB, Number(process.env.AB_ROUNDS), process.env.AB_CHILD === 'ab');
  abOrders(
    self,
    dirA,
    process.env.BENCH_AA === '1' ? dirA : dirB,
    Number(process.env.BENCH_ROUNDS ?? rounds),
    events,
    label,
  );
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** A node of a CPU profile (`Profiler.stop`). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}

/** A node of a heap sampling profile (`HeapProfiler.stopSampling`). */
export interface SampledNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SampledNode[];
}

const siteOf = ({ functionName, url, lineNumber }: CallFrame): string =>
  `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber + 1}`;

/** The `top` sites of `bySite` by value, each as `line(value)` and the site. */
const topLines = (bySite: Map<string, number>, top: number, line: (value: number) => string): string[] =>
  [...bySite]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([site, value]) => `${line(value)}  ${site}`);

/** The functions of `profile` with the most self time over `events` events: share and µs per event. */
export function selfTimeLines(profile: CpuProfile, events: number, label: string, top: number): string {
  const sites = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) sites.set(id, siteOf(callFrame));
  const bySite = new Map<string, number>();
  let total = 0;
  for (const [i, id] of profile.samples.entries()) {
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    const site = sites.get(id) as string;
    bySite.set(site, (bySite.get(site) ?? 0) + micros);
  }
  const lines = topLines(
    bySite,
    top,
    (micros) =>
      `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / events).toFixed(2).padStart(6)} µs`,
  );
  return [`${label}: ${(total / events).toFixed(1)} µs/event sampled`, ...lines].join('\n');
}

/** The functions of a heap sampling (`head`) that allocated the most over `events` events, in bytes per event. */
export function allocationLines(
  head: SampledNode,
  events: number,
  label: string,
  keep: string,
  top: number,
): string {
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: SampledNode): void => {
    const site = siteOf(node.callFrame);
    total += node.selfSize;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  const what = keep === 'all' ? 'allocates' : keep === 'live' ? 'still holds' : 'promotes';
  const lines = topLines(bySite, top, (bytes) => `${(bytes / events).toFixed(0).padStart(7)} B/event`);
  return [`${label} ${what} ≈ ${(total / events).toFixed(0)} B/event`, ...lines].join('\n');
}

/**
 * The heap sampling of `engine` dispatching `events` in batches of `size` (one sample per 4 KiB): the samples of
 * objects the collector freed kept as `keep` says (`all`: every allocation; `promoted`: those a young-generation
 * collection freed dropped; `live`: those a full collection freed dropped too).
 */
export async function sampledHeap(
  engine: { dispatchBatch(events: LoopEvent[], options: { batchSize: number }): Promise<unknown> },
  events: LoopEvent[],
  size: number,
  keep: string,
): Promise<SampledNode> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: keep !== 'live',
    includeObjectsCollectedByMinorGC: keep === 'all',
  });
  for (let i = 0; i < events.length; i += size)
    await engine.dispatchBatch(events.slice(i, i + size), { batchSize: size });
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampledNode } };
  session.disconnect();
  return profile.head;
}
