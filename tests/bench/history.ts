/**
 * History row of `npm run bench` (issue 20, "bounded state"): does a user's document stay bounded, and the
 * cost per event flat, as history grows? 100k events over 800 users on SQLite (a file, WAL), dispatched one
 * at a time through the bench policy (./policy-40.ts: 40 rules and a points award) with the tiers of the
 * store benches (points score over 30 days), and the replies and lifecycle plugins installed: every event
 * is an action that can be undone, feedback events get a never-silent acknowledgement, and about 1% of the
 * events undo the user's previous action within the undo window (a reversal in the ledger).
 * Events are spread over BENCH_HISTORY_DAYS days (default 120: about one event per user per day).
 *
 * Prints CPU µs per event for the first and the last 10k events (after a warm-up on other users, so the JIT
 * has compiled the path before the first 10k) and their ratio — the first 10k on a fresh store, the last on a
 * store that took the other 90k, measured in alternation so that the machine's load weighs on both alike — then the average and largest user document
 * (bytes of JSON as the store keeps it) with its breakdown by slice, read after the first 10k and at the end.
 * The same run is made with the policy's ledger revoke window at its default (`settings.incentives.ledger`
 * left out) and with a short one, when the installed plugin knows the setting.
 * Every engine runs its maintenance (tick and drain) every BENCH_HISTORY_MAINTAIN events, as a deployment
 * would, so retention bounds the recorded outcomes and the outbox; its CPU is printed apart (see MAINTAIN).
 * Options: BENCH_HISTORY_EVENTS (100000), BENCH_HISTORY_USERS (800), BENCH_HISTORY_DAYS (120),
 * BENCH_HISTORY_MAINTAIN (100), BENCH_SQLITE_CACHE_KIB (the store's default), BENCH_HISTORY_ONE_RUN=1 (the
 * policy defaults' run only).
 * Alone: `cd tests && npx tsx bench/history-main.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  createManualClock,
  type LoopEvent,
  loadPolicy,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { replies } from '@engageloop/replies';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { storesPolicy } from '../stores/support/scenario';
import { markdownTable } from './measure';
import { BENCH_TYPES, benchEvents, benchPolicyWithPoints } from './policy-40';

const EVENTS = Number(process.env.BENCH_HISTORY_EVENTS ?? 100_000);
const USERS = Number(process.env.BENCH_HISTORY_USERS ?? 800);
const DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 120);
const SLICE = Math.min(10_000, Math.floor(EVENTS / 2));
const WARM_UP = 5_000;
const UNDO_SHARE = 0.01;
/**
 * BENCH_HISTORY_MAINTAIN=n (default 100, about every 3 hours of the stream's business time): every n events,
 * what a deployment runs on a schedule — `tick` (due timers; retention of recorded outcomes and of finished
 * outbox messages past 7 days) and `drain` (a handler that accepts every message). 0: neither, the tables grow
 * unbounded. Its CPU is measured apart from the events' (it is work per period, not per event: a deployment
 * ticks on a clock) and printed as its own column, per event of the slice it followed.
 */
const MAINTAIN = Number(process.env.BENCH_HISTORY_MAINTAIN ?? 100);
/** BENCH_SQLITE_CACHE_KIB: the stores' `cacheSizeKiB` (default: the store's own default). */
const CACHE_KIB =
  process.env.BENCH_SQLITE_CACHE_KIB === undefined ? undefined : Number(process.env.BENCH_SQLITE_CACHE_KIB);
const START = Date.parse('2026-01-01T00:00:00Z');

type Settings = Record<string, unknown>;

/** The bench policy with tiers (points over 30 days), replies' undo and the event types replies declares. */
function historyPolicy(ledger: Settings | undefined): PolicyDocument {
  const stores = storesPolicy.settings as { incentives: { tiers: unknown } };
  const incentivesSettings = {
    ...(benchPolicyWithPoints.settings?.incentives as Settings),
    tiers: stores.incentives.tiers,
    ...(ledger === undefined ? {} : { ledger }),
  };
  return {
    ...benchPolicyWithPoints,
    name: 'bench-history',
    defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
    eventTypes: Object.fromEntries(
      BENCH_TYPES.filter(
        (t) => !['review.submitted', 'proposal.submitted', 'feedback.submitted'].includes(t),
      ).map((t) => [t, {}]),
    ),
    settings: { ...benchPolicyWithPoints.settings, incentives: incentivesSettings },
  } as PolicyDocument;
}

/**
 * The bench stream re-timed over DAYS days from `start` (ids `h…`), with about UNDO_SHARE of the events replaced by an
 * `action.undone` of the same user's previous event, one minute after it (inside the 30-minute window).
 */
export function historyEvents(
  count: number,
  users: number,
  prefix: string,
  userPrefix: string,
  start = START,
): LoopEvent[] {
  const base = benchEvents(count, users);
  const step = (DAYS * 86_400_000) / count;
  const last = new Map<string, { id: string; at: number }>();
  let seed = 7;
  const rand = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  return base.map((e, i) => {
    const userId = `${userPrefix}${e.userId}`;
    const previous = last.get(userId);
    const at = start + Math.floor(i * step);
    const id = `${prefix}${i}`;
    if (previous !== undefined && rand() < UNDO_SHARE) {
      last.delete(userId);
      return {
        id,
        type: 'action.undone',
        userId,
        at: new Date(previous.at + 60_000).toISOString(),
        payload: { eventId: previous.id },
      };
    }
    last.set(userId, { id, at });
    return { ...e, id, userId, at: new Date(at).toISOString() };
  });
}

/** Sizes of the user documents (bytes of their JSON), in total and per top-level part and slice. */
interface DocSizes {
  users: number;
  average: number;
  max: number;
  parts: Map<string, number>;
}

async function documentSizes(store: Store, users: number): Promise<DocSizes> {
  let total = 0;
  let max = 0;
  let counted = 0;
  const parts = new Map<string, number>();
  const add = (name: string, value: unknown) =>
    parts.set(name, (parts.get(name) ?? 0) + (value === undefined ? 0 : JSON.stringify(value).length));
  for (let u = 0; u < users; u++) {
    const doc = (await store.getDocument(`user:u${u}`)) as Record<string, unknown> | undefined;
    if (doc === undefined) continue;
    counted++;
    const bytes = Buffer.byteLength(JSON.stringify(doc));
    total += bytes;
    if (bytes > max) max = bytes;
    for (const [key, value] of Object.entries(doc)) {
      if (key !== 'slices') add(key, value);
      else
        for (const [plugin, slice] of Object.entries(value as Record<string, unknown>)) {
          if (plugin === 'incentives' && slice !== null && typeof slice === 'object')
            for (const [part, v] of Object.entries(slice)) {
              add(`slices.incentives.${part}`, v);
              // The checkpoints' folded awards, inside `opening`.
              if (part === 'opening' && v !== null && typeof v === 'object')
                for (const w of Object.values(v as Record<string, { recent?: unknown }>))
                  add('slices.incentives.opening…recent', w.recent);
            }
          else if (plugin === 'replies' && slice !== null && typeof slice === 'object')
            for (const [part, v] of Object.entries(slice)) add(`slices.replies.${part}`, v);
          else add(`slices.${plugin}`, slice);
        }
    }
  }
  return { users: counted, average: total / Math.max(1, counted), max, parts };
}

/** An engine on its own SQLite file, warmed up on other users; `dispatch` moves its clock to each event. */
export async function historyEngine(file: string, label: string, ledger: Settings | undefined) {
  const plugins = [incentives(), replies(), lifecycle()];
  const policy = await loadPolicy(historyPolicy(ledger), { plugins });
  const store = createSqliteStore({
    filename: file,
    ...(CACHE_KIB === undefined ? {} : { cacheSizeKiB: CACHE_KIB }),
  });
  // The warm-up runs over the DAYS days before START, so the clock (the time records are committed and
  // messages sent at, which retention compares with) reaches START with it and then follows the stream.
  const clock = createManualClock(START - DAYS * 86_400_000);
  const engine = createEngine({ plugins, policy, store, clock });
  const dispatch = async (event: LoopEvent) => {
    const at = Date.parse(event.at);
    if (at > clock.now()) clock.set(at);
    const outcome = await engine.dispatch(event);
    if (outcome.status === 'failed') throw new Error(`${label}: ${event.id} failed: ${outcome.error?.code}`);
  };
  /** The maintenance after event number `i` (from 0) when the schedule (MAINTAIN) calls for it. */
  const maintain = async (i: number) => {
    if (MAINTAIN <= 0 || i % MAINTAIN !== MAINTAIN - 1) return;
    await engine.tick();
    await engine.drain(() => {});
  };
  const warm = historyEvents(WARM_UP, 200, 'w', 'warm-', START - DAYS * 86_400_000);
  for (let i = 0; i < warm.length; i++) {
    await dispatch(warm[i] as LoopEvent);
    await maintain(i);
  }
  return { engine, store, dispatch, maintain };
}

/**
 * The two engines of a history run, their files in `dir`: a young one (a fresh store) and an aged one that has
 * taken every event of `events` before the last `slice`, unmeasured, with the maintenance they call for.
 */
export async function historyPair(
  dir: string,
  label: string,
  ledger: Settings | undefined,
  events: readonly LoopEvent[],
  slice: number,
) {
  const young = await historyEngine(join(dir, 'young.db'), label, ledger);
  const aged = await historyEngine(join(dir, 'aged.db'), label, ledger);
  for (let i = 0; i < events.length - slice; i++) {
    await aged.dispatch(events[i] as LoopEvent);
    await aged.maintain(i);
  }
  return { young, aged };
}

/** Events per turn when the first and the last SLICE events are measured in alternation. */
const TURN = 500;

/**
 * One run. A young engine (a fresh store) takes the first SLICE events of the stream; an aged one (another
 * store) takes every event before the last SLICE unmeasured, then the last SLICE. The two slices are measured
 * in alternation, TURN events at a time (which goes first alternates too), so a change of the machine's load
 * during the run weighs on both alike: their ratio is what the history costs.
 */
export async function historyRun(label: string, ledger: Settings | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-history-'));
  try {
    const events = historyEvents(EVENTS, USERS, 'h', '');
    const { young, aged } = await historyPair(dir, label, ledger, events, SLICE);
    const upkeep = { first: 0, last: 0 };
    /** CPU (µs) of events `from`..`to`; the maintenance they call for is measured apart, into `upkeep[slice]`. */
    const cpuOf = async (run: typeof young, from: number, to: number, slice: 'first' | 'last') => {
      let spent = 0;
      for (let at = from; at < to; ) {
        // Up to the next maintenance point: one pair of CPU readings per run of events.
        const end = MAINTAIN > 0 ? Math.min(to, at + MAINTAIN - (at % MAINTAIN)) : to;
        const before = process.cpuUsage();
        for (let i = at; i < end; i++) await run.dispatch(events[i] as LoopEvent);
        const used = process.cpuUsage(before);
        spent += used.user + used.system;
        const kept = process.cpuUsage();
        await run.maintain(end - 1);
        const upkept = process.cpuUsage(kept);
        upkeep[slice] += upkept.user + upkept.system;
        at = end;
      }
      return spent;
    };
    let first = 0;
    let last = 0;
    for (let k = 0; k < SLICE; k += TURN) {
      const n = Math.min(TURN, SLICE - k);
      const from = EVENTS - SLICE + k;
      if ((k / TURN) % 2 === 0) {
        first += await cpuOf(young, k, k + n, 'first');
        last += await cpuOf(aged, from, from + n, 'last');
      } else {
        last += await cpuOf(aged, from, from + n, 'last');
        first += await cpuOf(young, k, k + n, 'first');
      }
    }
    const early = await documentSizes(young.store, USERS);
    const end = await documentSizes(aged.store, USERS);
    await young.engine.close();
    await aged.engine.close();
    return {
      label,
      first: first / SLICE,
      last: last / SLICE,
      upkeepFirst: upkeep.first / SLICE,
      upkeepLast: upkeep.last / SLICE,
      early,
      end,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** Whether the installed incentives plugin accepts `settings.incentives.ledger`. */
async function knowsLedgerSettings(): Promise<boolean> {
  try {
    await loadPolicy(historyPolicy({ revokeWindowDays: 1 }), {
      plugins: [incentives(), replies(), lifecycle()],
    });
    return true;
  } catch {
    return false;
  }
}

/** What issue 20's targets read from the history section (the run with the policy's defaults). */
export interface HistoryFigures {
  /** CPU per event of the last SLICE events ÷ of the first SLICE. */
  lastOverFirst: number;
  /** Average user document at the end, bytes of JSON. */
  averageDoc: number;
  slice: number;
}

/** The history section: a table per run and the breakdown of the documents; the figures of the first run. */
export async function historyLines(): Promise<{ lines: string[]; figures: HistoryFigures }> {
  const runs = [await historyRun('policy defaults', undefined)];
  if (process.env.BENCH_HISTORY_ONE_RUN !== '1' && (await knowsLedgerSettings()))
    runs.push(await historyRun('ledger revoke window 1 day', { revokeWindowDays: 1 }));
  const lines = [
    `${EVENTS} events over ${USERS} users and ${DAYS} days, SQLite file, one dispatch per event; CPU per event of the first ${SLICE} (fresh store) and the last ${SLICE} (store with the rest of the history), measured in alternation ${TURN} events at a time, after ${WARM_UP} warm-up events on other users`,
    MAINTAIN > 0
      ? `maintenance every ${MAINTAIN} events (tick: timers and 7-day retention of outcomes and messages; drain), outside the events' CPU: a deployment runs it on a clock, not per event; its CPU per event of the slice in the 'upkeep' columns`
      : 'no maintenance (BENCH_HISTORY_MAINTAIN=0): no tick or drain, the outbox and recorded outcomes grow unbounded',
    '',
    markdownTable(
      [
        'run',
        'first µs/event',
        'last µs/event',
        'last / first',
        'upkeep first / last µs/event',
        `avg doc after ${SLICE}`,
        'avg doc at end',
        'max doc at end',
      ],
      runs.map((r) => [
        r.label,
        r.first.toFixed(0),
        r.last.toFixed(0),
        `×${(r.last / r.first).toFixed(2)}`,
        `${r.upkeepFirst.toFixed(0)} / ${r.upkeepLast.toFixed(0)}`,
        kb(r.early.average),
        kb(r.end.average),
        kb(r.end.max),
      ]),
    ),
  ];
  for (const r of runs) {
    const names = [...new Set([...r.end.parts.keys(), ...r.early.parts.keys()])].sort(
      (a, b) => (r.end.parts.get(b) ?? 0) - (r.end.parts.get(a) ?? 0),
    );
    lines.push(
      '',
      `average document by part (${r.label}), bytes of JSON`,
      '',
      markdownTable(
        ['part', `after ${SLICE}`, 'at end'],
        names.map((n) => [
          n,
          ((r.early.parts.get(n) ?? 0) / r.early.users).toFixed(0),
          ((r.end.parts.get(n) ?? 0) / r.end.users).toFixed(0),
        ]),
      ),
    );
  }
  const defaults = runs[0] as (typeof runs)[number];
  return {
    lines,
    figures: {
      lastOverFirst: defaults.last / defaults.first,
      averageDoc: defaults.end.average,
      slice: SLICE,
    },
  };
}
