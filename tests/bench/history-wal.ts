/**
 * Which tables and indexes the history bench's commits write to the WAL, per event, in its first and last
 * SLICE events (issue 20: what grows with history). The same run as ./history.ts (a young store takes the first
 * SLICE events, an aged one the rest then the last SLICE); after every run of BENCH_HISTORY_MAINTAIN events of a
 * slice (before its maintenance), the store's `-wal` file is read: each frame of the current WAL generation
 * (its salts) is a page a commit wrote, and the frames' commits are counted. At the end of each slice the file
 * and its WAL are copied aside and their `dbstat` maps each page number to its table or index (pages that moved
 * between tables meanwhile are named as they are at the end). Prints frames (16 KiB pages) per commit by table.
 * Alone: `cd tests && npx tsx bench/history-wal.ts` (BENCH_HISTORY_EVENTS, BENCH_HISTORY_USERS to size it).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoopEvent } from '@engageloop/core';
import Database from 'better-sqlite3';
import { rerunOnDist } from './dist-rerun';
import { historyEvents, historyPair } from './history';

rerunOnDist();
const EVENTS = Number(process.env.BENCH_HISTORY_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_HISTORY_USERS ?? 800);
const SLICE = Math.min(10_000, Math.floor(EVENTS / 2));
const MAINTAIN = Number(process.env.BENCH_HISTORY_MAINTAIN ?? 100);
const WAL_HEADER = 32;
const FRAME_HEADER = 24;
/** The store's WAL size before it checkpoints, and its page size (see sqlite-store.ts). */
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024;
const PAGE_BYTES = 16_384;

/** Page numbers written and commits made in the WAL since the last reset (frames with the header's salts). */
function walFrames(file: string): { salt: number; pages: number[]; commits: number } {
  const wal = `${file}-wal`;
  const none = { salt: -1, pages: [], commits: 0 };
  if (!existsSync(wal)) return none;
  const bytes = readFileSync(wal);
  if (bytes.length < WAL_HEADER) return none;
  const pageSize = bytes.readUInt32BE(8);
  const salt1 = bytes.readUInt32BE(16);
  const salt2 = bytes.readUInt32BE(20);
  const pages: number[] = [];
  let commits = 0;
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= bytes.length; at += FRAME_HEADER + pageSize) {
    if (bytes.readUInt32BE(at + 8) !== salt1 || bytes.readUInt32BE(at + 12) !== salt2) break;
    pages.push(bytes.readUInt32BE(at));
    if (bytes.readUInt32BE(at + 4) !== 0) commits++;
  }
  return { salt: salt1, pages, commits };
}

/** Table or index of each page of a store file, read from a copy (the store holds the file's lock). */
function pageOwners(file: string, dir: string): Map<number, string> {
  const copy = join(dir, `copy-${Date.now()}.db`);
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  const db = new Database(copy);
  try {
    const rows = db.prepare('SELECT pageno, name FROM dbstat').all() as Array<{
      pageno: number;
      name: string;
    }>;
    return new Map(rows.map((r) => [r.pageno, r.name]));
  } finally {
    db.close();
    rmSync(copy, { force: true });
    rmSync(`${copy}-wal`, { force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'engageloop-history-wal-'));
try {
  const events = historyEvents(EVENTS, USERS, 'h', '');
  const { young, aged } = await historyPair(dir, 'history', undefined, events, SLICE);
  const slice = async (name: string, run: typeof young, file: string, from: number, to: number) => {
    const written: number[] = [];
    let commits = 0;
    for (let at = from; at < to; ) {
      const end = MAINTAIN > 0 ? Math.min(to, at + MAINTAIN - (at % MAINTAIN)) : to;
      const before = walFrames(file);
      for (let i = at; i < end; i++) await run.dispatch(events[i] as LoopEvent);
      const after = walFrames(file);
      // A checkpoint restarted the WAL meanwhile: its frames before the restart are not counted.
      const since = after.salt === before.salt ? before.pages.length : 0;
      written.push(...after.pages.slice(since));
      commits += after.commits - (since === 0 ? 0 : before.commits);
      await run.maintain(end - 1);
      at = end;
    }
    const owners = pageOwners(file, dir);
    const byName = new Map<string, number>();
    for (const page of written) {
      const owner = owners.get(page) ?? '(free or new)';
      byName.set(owner, (byName.get(owner) ?? 0) + 1);
    }
    const lines = [...byName]
      .sort((a, b) => b[1] - a[1])
      .map(([owner, n]) => `  ${(n / commits).toFixed(3).padStart(7)}  ${owner}`);
    // What a checkpoint copies into the file: the distinct pages of a WAL's worth of frames.
    const window = Math.floor(WAL_CHECKPOINT_BYTES / PAGE_BYTES);
    let distinct = 0;
    let windows = 0;
    for (let at = 0; at + window <= written.length; at += window, windows++)
      distinct += new Set(written.slice(at, at + window)).size;
    process.stdout.write(
      `${name}: ${commits} commits counted, ${(written.length / commits).toFixed(3)} frames per commit; ` +
        `${(distinct / Math.max(1, windows)).toFixed(0)} distinct pages per ${window} frames (a checkpoint's copy)\n` +
        `${lines.join('\n')}\n`,
    );
  };
  await slice('first', young, join(dir, 'young.db'), 0, SLICE);
  await slice('last', aged, join(dir, 'aged.db'), EVENTS - SLICE, EVENTS);
  await young.engine.close();
  await aged.engine.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
