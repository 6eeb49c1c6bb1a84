/**
 * Where the history bench's last SLICE events spend more than its first (issue 20): the same run as
 * ./history.ts (a young store takes the first SLICE events, an aged one the rest then the last SLICE), each
 * slice measured whole with a CPU profile of its own, written to BENCH_PROFILE_DIR (default the cwd) as
 * history-first.cpuprofile and history-last.cpuprofile; with BENCH_PROFILE_STATEMENTS=1 also the CPU of each
 * SQLite statement per event of each slice (see STATEMENTS). Alone: `cd tests && npx tsx bench/history-profile.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoopEvent } from '@engageloop/core';
import Database from 'better-sqlite3';
import { rerunOnDist } from './dist-rerun';
import { historyEvents, historyPair } from './history';

rerunOnDist();
/** Bytes and calls of read and write system calls of this process so far (Linux /proc/self/io). */
function ioCounters(): Record<string, number> {
  return Object.fromEntries(
    readFileSync('/proc/self/io', 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [name, value] = line.split(': ');
        return [name as string, Number(value)];
      }),
  );
}
/** Rows and pages (16 KiB) of each table and index of a closed store file. */
function tableSizes(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db
      .prepare('SELECT name, count(*) AS pages FROM dbstat GROUP BY name ORDER BY pages DESC')
      .all() as Array<{ name: string; pages: number }>;
    const rows = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const tables = new Set(
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      ).map((t) => t.name),
    );
    return pages
      .filter((p) => p.pages > 1)
      .map((p) => `${p.name} ${p.pages}p${tables.has(p.name) ? `/${rows(p.name)}r` : ''}`)
      .join(', ');
  } finally {
    db.close();
  }
}
const EVENTS = Number(process.env.BENCH_HISTORY_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_HISTORY_USERS ?? 800);
const SLICE = Math.min(10_000, Math.floor(EVENTS / 2));
/** Where the young store's measured slice starts (BENCH_PROFILE_FROM, default 0): its earlier events run unmeasured. */
const FROM = Number(process.env.BENCH_PROFILE_FROM ?? 0);
/**
 * Maintenance (tick and drain) every BENCH_HISTORY_MAINTAIN events, as in ./history.ts (default 100; 0: none),
 * outside the measured CPU and I/O (the profiles include it).
 */
const MAINTAIN = Number(process.env.BENCH_HISTORY_MAINTAIN ?? 100);
const out = process.env.BENCH_PROFILE_DIR ?? process.cwd();
/**
 * BENCH_PROFILE_STATEMENTS=1: every better-sqlite3 statement call (run, get, all; BEGIN and COMMIT of
 * the store's transactions too) timed in CPU (user + system) and counted per SQL text, printed per slice in µs
 * per event of the slice, maintenance left out (the timing itself adds about 1 µs per call to each slice alike).
 */
const STATEMENTS = process.env.BENCH_PROFILE_STATEMENTS === '1';
/** CPU µs and calls per SQL text (whitespace folded, VALUES lists of any length alike) since the last reset. */
const statementCpu = new Map<string, { cpu: number; calls: number }>();
/** Whether statement calls are counted now (during the events, not the maintenance). */
let counting = false;
if (STATEMENTS) {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (!counting) return original.apply(this, args);
      const before = process.cpuUsage();
      try {
        return original.apply(this, args);
      } finally {
        const used = process.cpuUsage(before);
        const sql = this.source
          .replace(/\s+/g, ' ')
          .replace(/VALUES (\([?, ]*\),? ?)+/g, 'VALUES (…)')
          .slice(0, 90);
        const entry = statementCpu.get(sql) ?? { cpu: 0, calls: 0 };
        entry.cpu += used.user + used.system;
        entry.calls += 1;
        statementCpu.set(sql, entry);
      }
    };
  }
}
/** The statements' CPU and calls per event of a slice of `n` events, largest first; then resets the counts. */
function statementReport(n: number): string {
  const rows = [...statementCpu]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .map(
      ([sql, { cpu, calls }]) =>
        `  ${(cpu / n).toFixed(1).padStart(6)} µs ${(calls / n).toFixed(2)} calls  ${sql}`,
    );
  const total = [...statementCpu.values()].reduce((sum, e) => sum + e.cpu, 0);
  statementCpu.clear();
  return `  ${(total / n).toFixed(1).padStart(6)} µs in statements\n${rows.join('\n')}\n`;
}
const dir = mkdtempSync(join(tmpdir(), 'engageloop-history-profile-'));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
try {
  const events = historyEvents(EVENTS, USERS, 'h', '');
  const { young, aged } = await historyPair(dir, 'history', undefined, events, SLICE);
  for (let i = 0; i < FROM; i++) {
    await young.dispatch(events[i] as LoopEvent);
    await young.maintain(i);
  }
  const profiled = async (name: string, run: typeof young, from: number, to: number) => {
    await session.post('Profiler.start');
    statementCpu.clear();
    const io = { wchar: 0, syscw: 0, rchar: 0, syscr: 0 };
    const used = { user: 0, system: 0 };
    for (let at = from; at < to; ) {
      const end = MAINTAIN > 0 ? Math.min(to, at + MAINTAIN - (at % MAINTAIN)) : to;
      const ioBefore = ioCounters();
      const before = process.cpuUsage();
      counting = STATEMENTS;
      for (let i = at; i < end; i++) await run.dispatch(events[i] as LoopEvent);
      counting = false;
      const cpu = process.cpuUsage(before);
      const ioAfter = ioCounters();
      used.user += cpu.user;
      used.system += cpu.system;
      for (const key of Object.keys(io) as Array<keyof typeof io>)
        io[key] += (ioAfter[key] ?? 0) - (ioBefore[key] ?? 0);
      await run.maintain(end - 1);
      at = end;
    }
    const n = to - from;
    process.stdout.write(
      `${name}: user ${(used.user / n).toFixed(0)} µs/event, system ${(used.system / n).toFixed(0)} µs/event, ` +
        `written ${(io.wchar / n / 1024).toFixed(1)} KB/event in ${(io.syscw / n).toFixed(1)} writes, ` +
        `read ${(io.rchar / n / 1024).toFixed(1)} KB/event in ${(io.syscr / n).toFixed(1)} reads\n`,
    );
    if (STATEMENTS) process.stdout.write(statementReport(n));
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(out, `history-${name}.cpuprofile`), JSON.stringify(profile));
    return (used.user + used.system) / (to - from);
  };
  const first = await profiled('first', young, FROM, FROM + SLICE);
  const last = await profiled('last', aged, EVENTS - SLICE, EVENTS);
  process.stdout.write(
    `first ${first.toFixed(0)} µs/event, last ${last.toFixed(0)} µs/event, ×${(last / first).toFixed(2)} (profiled)\n`,
  );
  await young.engine.close();
  await aged.engine.close();
  for (const name of ['young', 'aged'])
    process.stdout.write(`${name}.db: ${tableSizes(join(dir, `${name}.db`))}\n`);
} finally {
  session.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
