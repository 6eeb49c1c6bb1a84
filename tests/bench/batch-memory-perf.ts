/**
 * The memory dispatchBatch row under Linux `perf` (issue 20): `cd tests && npx tsx bench/batch-memory-perf.ts`.
 * It shows what the inspector's profile (`batch-memory-profile.ts`) cannot: V8's builtins (a keyed load on
 * objects of many shapes, `Builtins_KeyedLoadIC_Megamorphic`; a Map lookup, `Builtins_FindOrderedHashMapEntry`),
 * its runtime and the collector's threads, each builtin charged to the JavaScript function that called it (the
 * inspector folds them into that function's self time, and leaves the collector's threads out). Only the measured
 * events are sampled: `perf` starts disabled and the child process turns it on and off through a control FIFO.
 * JavaScript functions are named as V8 compiled them (`*` optimised, `^` baseline; inlined callees are inside
 * their caller), in the built files. Needs `perf` (Debian: `linux-perf`) and `perf_event_paranoid` letting it
 * sample this user; without them it prints why and exits. BENCH_PART (a part of the policy, `BENCH_PARTS`; default
 * all), BENCH_BATCH_EVENTS (default 100000), BENCH_TOP (default 30 lines a table).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rerunOnDist } from './dist-rerun';
import { warmMemoryEngine } from './memory-engine';
import { benchEvents } from './policy-40';

const PART = process.env.BENCH_PART ?? 'all';
const EVENTS = Number(process.env.BENCH_BATCH_EVENTS ?? 100_000);
const TOP = Number(process.env.BENCH_TOP ?? 30);
const SIZE = 500;
const CONTROL = process.env.BENCH_PERF_CONTROL;

/** The child, under `perf record`: warm up, then sample the measured events alone. */
async function measured(control: string): Promise<void> {
  const events = benchEvents(EVENTS, 5_000);
  const engine = await warmMemoryEngine(SIZE, PART);
  writeFileSync(control, 'enable\n');
  for (let i = 0; i < events.length; i += SIZE)
    await engine.dispatchBatch(events.slice(i, i + SIZE), { batchSize: SIZE });
  writeFileSync(control, 'disable\n');
}

/** Why `perf` cannot sample here, or `undefined` when it can. */
function unavailable(): string | undefined {
  if (platform() !== 'linux') return `perf is Linux only (this is ${platform()})`;
  const version = spawnSync('perf', ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0)
    return 'perf is not installed (Debian: linux-perf)';
  return undefined;
}

/** A sample: the thread's name and its frames, innermost first. */
interface Sample {
  thread: string;
  frames: string[];
}

/** The samples of `perf script -F comm,tid,ip,sym` output. */
function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  let current: Sample | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current !== undefined) samples.push(current);
      current = undefined;
    } else if (line.startsWith('\t') || line.startsWith(' ')) {
      const symbol = line.trim().replace(/^[0-9a-f]+\s*/, '');
      current?.frames.push(symbol === '' ? '[unknown]' : symbol);
    } else current = { thread: line.trim().split(/\s+/)[0] ?? '?', frames: [] };
  }
  if (current !== undefined) samples.push(current);
  return samples;
}

/** A frame's name, shortened: a JavaScript function as `name package/dist/file.js:line`. */
const short = (frame: string) =>
  frame.replace(/file:\/\/\/\S*?\/(packages|plugins)\/(\S+?):(\d+):\d+/, '$2:$3').slice(0, 110);

const isJs = (frame: string) => frame.startsWith('JS:');

/** The top `TOP` entries of `counts`, as percentages of `total`. */
function table(title: string, counts: Map<string, number>, total: number): string {
  const lines = [title];
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    lines.push(`${((100 * n) / total).toFixed(2).padStart(6)}%  ${name}`);
  return lines.join('\n');
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Records the child under `perf`, then prints where its samples are. */
function profile(): void {
  const reason = unavailable();
  if (reason !== undefined) {
    process.stdout.write(`batch-memory-perf: skipped, ${reason}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-perf-'));
  const control = join(dir, 'control');
  const data = join(dir, 'perf.data');
  const mapsBefore = new Set(readdirSync('/tmp').filter((f) => /^perf-\d+\.map$/.test(f)));
  try {
    const fifo = spawnSync('mkfifo', [control]);
    if (fifo.status !== 0) throw new Error('mkfifo failed');
    const child = [...process.execArgv, '--perf-basic-prof', ...process.argv.slice(1)];
    const record = spawnSync(
      'perf',
      [
        'record',
        '-q',
        '-F',
        '4000',
        '-g',
        `--control=fifo:${control}`,
        '-D',
        '-1',
        '-o',
        data,
        process.execPath,
      ].concat(child),
      { env: { ...process.env, BENCH_PERF_CONTROL: control }, encoding: 'utf8' },
    );
    if (record.status !== 0) {
      process.stdout.write(
        `batch-memory-perf: skipped, perf record failed: ${record.stderr.trim().slice(0, 400)}\n`,
      );
      return;
    }
    const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,tid,ip,sym'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const samples = samplesOf(script.stdout);
    const total = samples.length;
    const leaves = new Map<string, number>();
    const builtins = new Map<string, number>();
    const byFunction = new Map<string, number>();
    for (const { thread, frames } of samples) {
      const leaf = frames[0] ?? '[unknown]';
      bump(leaves, short(leaf));
      const js = frames.find(isJs);
      bump(byFunction, js === undefined ? `(no JavaScript frame: thread ${thread})` : short(js));
      if (js !== undefined && !isJs(leaf))
        bump(builtins, `${short(leaf).slice(0, 48).padEnd(48)} <- ${short(js)}`);
    }
    process.stdout.write(
      [
        `memory dispatchBatch, ${PART}, under perf: ${total} samples over ${EVENTS} events (4 kHz)`,
        table('Where the samples are (JavaScript, V8 builtins and runtime, the collector):', leaves, total),
        table('V8 builtins and runtime, by the JavaScript function that called them:', builtins, total),
        table(
          'By JavaScript function (its code, what V8 inlined into it, the builtins it called):',
          byFunction,
          total,
        ),
      ].join('\n\n') + '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const f of readdirSync('/tmp'))
      if (/^perf-\d+\.map$/.test(f) && !mapsBefore.has(f)) rmSync(join('/tmp', f), { force: true });
  }
}

if (CONTROL !== undefined) await measured(CONTROL);
else {
  rerunOnDist();
  profile();
}
