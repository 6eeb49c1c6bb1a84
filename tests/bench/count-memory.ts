/**
 * Instructions per event of the memory batch row, counted by valgrind's callgrind: an A/B that does not move with
 * the machine's load (CPU-time A/Bs here moved by 7% between two runs of one build while neighbours thrashed the
 * caches). `cd tests && npx tsx bench/count-memory.ts <B checkout> [A checkout]` (both built).
 *
 * Each checkout runs in its own `node` under callgrind (A and B at once, BENCH_COUNT_RUNS times each, default 1),
 * V8 as `V8_FLAGS` sets it (one thread, fixed seeds, the row's young generation, no full collection): the row's
 * policy (BENCH_PART, `all` by default) on a fresh memory store, the row's stream over 5,000 users in batches of
 * 500, its first BENCH_COUNT_SKIP events (20,000: every user created, the path compiled) unmeasured, then
 * BENCH_COUNT_EVENTS (20,000) measured. Only the measured section is counted: callgrind zeroes its counts when the
 * child calls `os.uptime()` and writes them out when it calls `os.getPriority()`, the two calls around the
 * section (`--zero-before`, `--dump-before` on node's own functions; the engine calls neither).
 * BENCH_COUNT_WORKLOAD=stores counts the SQLite row's workload on the memory store instead (`storesPolicy` over
 * `taskEvents(10_000, 500)`, 10,000 events of the same shape on 500 other users unmeasured before it; the child
 * says more), BENCH_COUNT_WORKLOAD=stores-sqlite the same on a SQLite store (the SQLite row); BENCH_COUNT_SKIP and
 * BENCH_COUNT_EVENTS default to 10,000 there.
 * BENCH_COUNT_CACHE=1 adds callgrind's cache simulation (about twice as slow): first-level and last-level misses
 * per event and KCachegrind's cycle estimate (instructions + 10 × first-level misses + 100 × last-level misses),
 * which weighs what instructions alone miss (a collection's copying, cold lines of per-user state).
 * BENCH_COUNT_TOP=n adds the n functions with the most instructions (or estimated cycles) of their own, JavaScript named through the
 * perf map V8 writes with `--perf-basic-prof` (`callgrind-self.ts`; that flag adds a little work to the count);
 * BENCH_COUNT_CALLERS=<regular expression> the callers of the functions it matches (calls and inclusive cost).
 * With BENCH_COUNT_TOP or BENCH_COUNT_CALLERS (function names known) the table adds the count without V8's
 * optimising compilers: what they compile inside the section moves run to run (the same build from two checkout
 * paths: 4.7% apart on the stores workload, all of it in compiler functions), so a small A/B reads that line.
 * Counts are not a ratio of time (a cache miss costs far more than an instruction), but they are repeatable: run
 * to run, the same build's count moves by a few hundredths of a percent, where a CPU-time A/B moves by percents.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { costWeights, type DumpCosts, parseDump } from './callgrind-self';
import { markdownTable } from './measure';

/** BENCH_COUNT_WORKLOAD: `bench` (the memory batch row, the default) or `stores` (the SQLite row's workload). */
const WORKLOAD = process.env.BENCH_COUNT_WORKLOAD ?? 'bench';
const STORES = WORKLOAD.startsWith('stores');
const SKIP = Number(process.env.BENCH_COUNT_SKIP ?? (STORES ? 10_000 : 20_000));
const EVENTS = Number(process.env.BENCH_COUNT_EVENTS ?? (STORES ? 10_000 : 20_000));
const PART = process.env.BENCH_PART ?? 'all';
const CACHE = process.env.BENCH_COUNT_CACHE === '1';
const RUNS = Number(process.env.BENCH_COUNT_RUNS ?? 1);
const TOP = Number(process.env.BENCH_COUNT_TOP ?? 0);
/** BENCH_COUNT_CALLERS: a regular expression; the callers of every function whose name it matches are printed. */
const CALLERS = process.env.BENCH_COUNT_CALLERS;
const PROFILE = TOP > 0 || CALLERS !== undefined;

/**
 * The V8 flags of a counted run. `--predictable`: one thread (the JIT and the collector work on the main thread,
 * their work counted) and fixed seeds. The young generation fixed at the 16 MiB semi-spaces a normal run grows to
 * (a collection every ~2,500 events, as in the row; `--predictable-gc-schedule` would fix it at 4 MiB, which
 * promotes far more), and an old generation large enough that no full collection falls in the section (the row
 * makes one or two in 100,000 events, started by the time-driven heuristics that make counts differ run to run).
 */
const V8_FLAGS = [
  '--predictable',
  '--random-seed=1',
  '--hash-seed=1',
  '--min-semi-space-size=16',
  '--max-semi-space-size=16',
  '--no-memory-reducer',
  '--initial-old-space-size=512',
];

/** BENCH_COUNT_V8: more V8 flags, space-separated (`--no-turbo-inlining` names the work of inlined functions). */
const EXTRA_FLAGS = (process.env.BENCH_COUNT_V8 ?? '').split(' ').filter((f) => f !== '');

interface Counted {
  /** Callgrind's event names (`Ir`, and with the cache simulation `Dr`, `D1mr`, …) → count in the section. */
  counts: Record<string, number>;
  /** The outcome statuses of the measured events. */
  statuses: Record<string, number>;
  /** With BENCH_COUNT_TOP or BENCH_COUNT_CALLERS: costs per function and per call edge (`callgrind-self.ts`). */
  costs: DumpCosts;
}

/**
 * The child (`count-memory-child.ts`) as one plain script in `dir`: the counted node runs no loader (tsx's would
 * add a thread of its own, whose work callgrind does not zero with the main thread's).
 */
function bundledChild(dir: string): string {
  const outfile = join(dir, 'count-memory-child.mjs');
  buildSync({
    entryPoints: [fileURLToPath(new URL('./count-memory-child.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** One checkout's counted run (`label`: a name for its files in `dir`): the child under callgrind, its dump read. */
async function counted(child: string, checkout: string, dir: string, label: string): Promise<Counted> {
  const args = [
    '--tool=callgrind',
    `--callgrind-out-file=${join(dir, `${label}.%p`)}`,
    '--zero-before=*GetUptime*',
    '--dump-before=*GetPriority*',
    '--dump-instr=no',
    ...(CACHE ? ['--cache-sim=yes'] : []),
    process.execPath,
    ...V8_FLAGS,
    ...EXTRA_FLAGS,
    ...(PROFILE ? ['--perf-basic-prof'] : []),
    child,
    resolve(checkout),
    PART,
    String(SKIP),
    String(EVENTS),
    WORKLOAD,
  ];
  const run = spawn('valgrind', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  run.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const status = await new Promise<number | null>((done) => {
    run.on('error', (e) => {
      stderr += `${e.message}\n`;
      done(null);
    });
    run.on('close', done);
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  if (status !== 0 || !line.startsWith('{')) {
    process.stderr.write(`${stderr}\ncount-memory: the counted run failed (is valgrind installed?)\n`);
    process.exit(status ?? 1);
  }
  // The section's dump is the one `--dump-before` wrote: `<label>.<pid>.1`; the file without a suffix is the rest.
  const dump = readdirSync(dir).find((f) => f.startsWith(`${label}.`) && f.endsWith('.1'));
  if (dump === undefined) throw new Error(`count-memory: no section dump of ${label} in ${dir}`);
  const text = readFileSync(join(dir, dump), 'utf8');
  const names = /^events: (.+)$/m.exec(text)?.[1]?.split(' ') ?? [];
  const values = (/^summary: (.+)$/m.exec(text)?.[1] ?? '').split(' ').map(Number);
  const perfMapFile = `/tmp/perf-${dump.split('.')[1]}.map`;
  const costs = PROFILE ? parseDump(text, perfMapFile) : { self: [], calls: new Map() };
  rmSync(perfMapFile, { force: true });
  return {
    counts: Object.fromEntries(names.map((n, i) => [n, values[i] ?? 0])),
    statuses: (JSON.parse(line) as { statuses: Record<string, number> }).statuses,
    costs,
  };
}

/** First-level misses, last-level misses and the cycle estimate of a cache-simulated count (0 without). */
function misses(c: Record<string, number>) {
  const names = Object.keys(c);
  const weights = costWeights(names);
  /** The counts whose weight is `weight` (10: first-level misses, 100: last-level), or all of them weighted. */
  const sum = (weight?: number) =>
    names.reduce((s, n, i) => {
      const w = weights[i] as number;
      return weight === undefined ? s + w * (c[n] as number) : w === weight ? s + (c[n] as number) : s;
    }, 0);
  return { l1: sum(10), ll: sum(100), cycles: sum() };
}

/** V8's optimising compilers (TurboFan, Maglev): their functions' names. */
const COMPILER = /^v8::internal::(compiler|maglev|turboshaft)::/;

/**
 * What V8's optimising compilers cost in the section (self instructions of their functions): code compiled in
 * the section, which the warm-up did not settle. It moves run to run (two runs of one build from two checkout
 * paths differed by 14% in it, 4.7% of the stores workload's total), so an A/B of per-event work reads the
 * count without it.
 */
const compiling = (c: Counted) => c.costs.self.reduce((s, [n, cost]) => (COMPILER.test(n) ? s + cost : s), 0);

/** A function's name cut to fit a table's column. */
const shortName = (name: string) => (name.length > 110 ? `${name.slice(0, 107)}...` : name);

/** Per event, each run's figure joined by ' / '. */
const perEvent = (xs: readonly number[]) => xs.map((x) => (x / EVENTS).toFixed(0)).join(' / ');
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The table of the counts: a row per figure, each side's runs, and the ratio of the sides' means. */
function countLines(a: readonly Counted[], b: readonly Counted[]): string {
  const figures: Array<[string, (c: Counted) => number]> = [['instructions (Ir)', (c) => c.counts.Ir ?? 0]];
  if (PROFILE && !CACHE)
    figures.push(["Ir without V8's optimising compilers", (c) => (c.counts.Ir ?? 0) - compiling(c)]);
  if (CACHE)
    figures.push(
      ['first-level misses', (c) => misses(c.counts).l1],
      ['last-level misses', (c) => misses(c.counts).ll],
      ['cycle estimate', (c) => misses(c.counts).cycles],
    );
  return markdownTable(
    ['per event', 'A', 'B', 'A/B'],
    figures.map(([name, of]) => [
      name,
      perEvent(a.map(of)),
      perEvent(b.map(of)),
      (mean(a.map(of)) / mean(b.map(of))).toFixed(4),
    ]),
  );
}

/** The TOP functions by self cost (instructions, or the cycle estimate with the cache simulation), per event. */
function profileLines(a: Counted, b: Counted): string {
  const inB = new Map(b.costs.self);
  const inA = new Map(a.costs.self);
  const names = [...new Set([...a.costs.self.slice(0, TOP), ...b.costs.self.slice(0, TOP)].map(([n]) => n))];
  names.sort((x, y) => (inA.get(y) ?? 0) - (inA.get(x) ?? 0));
  return markdownTable(
    ['function (self)', `A ${CACHE ? 'cycles' : 'Ir'}/event`, `B ${CACHE ? 'cycles' : 'Ir'}/event`],
    names.map((n) => [
      shortName(n),
      ((inA.get(n) ?? 0) / EVENTS).toFixed(0),
      ((inB.get(n) ?? 0) / EVENTS).toFixed(0),
    ]),
  );
}

/** The callers of each function CALLERS matches, in A's first run: calls and their inclusive cost per event. */
function callerLines(a: Counted): string {
  const pattern = new RegExp(CALLERS as string);
  const lines: string[] = [];
  for (const [callee, callers] of a.costs.calls) {
    if (!pattern.test(callee)) continue;
    const rows = [...callers].sort((x, y) => y[1].cost - x[1].cost).slice(0, 12);
    lines.push(
      `callers of ${callee}`,
      '',
      markdownTable(
        ['caller', 'calls/event', 'inclusive/event'],
        rows.map(([caller, edge]) => [
          shortName(caller),
          (edge.calls / EVENTS).toFixed(2),
          (edge.cost / EVENTS).toFixed(0),
        ]),
      ),
      '',
    );
  }
  return lines.join('\n');
}

const [dirB, dirA = fileURLToPath(new URL('../..', import.meta.url))] = process.argv.slice(2);
if (dirB === undefined) {
  process.stderr.write('usage: npx tsx bench/count-memory.ts <B checkout> [A checkout]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'engageloop-count-'));
try {
  const child = bundledChild(dir);
  const a: Counted[] = [];
  const b: Counted[] = [];
  // A and B at once (callgrind runs a program on one thread; the counts do not depend on what runs beside it).
  for (let r = 0; r < RUNS; r++) {
    const [x, y] = await Promise.all([
      counted(child, dirA, dir, `a${r}`),
      counted(child, dirB, dir, `b${r}`),
    ]);
    a.push(x);
    b.push(y);
  }
  const statuses = [...a, ...b].map((c) => JSON.stringify(c.statuses));
  process.stdout.write(
    `dispatchBatch under callgrind, ${STORES ? `workload ${WORKLOAD}` : `memory store, part ${PART}`}: ${EVENTS} events counted after ${SKIP}, per event, ${RUNS} run(s) a side\n` +
      `A ${resolve(dirA)}\nB ${resolve(dirB)}\n\n${countLines(a, b)}\n` +
      (new Set(statuses).size === 1 ? '' : `outcome statuses DIFFER: ${statuses.join(' ')}\n`) +
      (TOP > 0 ? `\n${profileLines(a[0] as Counted, b[0] as Counted)}\n` : '') +
      (CALLERS !== undefined ? `\n${callerLines(a[0] as Counted)}` : ''),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
