import type { Engine, LoopEvent } from '@engageloop/core';
import { abMain, abRound, builtMemoryEngine, builtPackages, type ChildResult } from './bench-report';
import { rerunOnDist } from './dist-rerun';
import { benchEvents, benchPart } from './policy-40';

// Under tests/tsconfig.json tsx maps @engageloop/* to this checkout's src for every module it loads, the other
// checkout's built plugins and stores included: both sides would run A's core. Built code only (./tsconfig.dist.json).
rerunOnDist();

const SIZE = 500;
const USERS = 5_000;
const EVENTS = 100_000;

/** The measured events, and (with history) the events before them, the measured ones moved after those. */
function streams(history: number): { past: LoopEvent[]; measured: LoopEvent[] } {
  const measured = benchEvents(EVENTS, USERS);
  if (history === 0) return { past: [], measured };
  const past = benchEvents(history * USERS, USERS, { ids: 'h-' });
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
  benchPart(part); // an unknown part fails before anything runs
  const sides = { a: await builtPackages(dirA), b: await builtPackages(dirB) };
  const { past, measured } = streams(history);
  const warm = benchEvents(20_000, 5_000, { ids: 'w-', users: 'w-' });
  const make = async (side: 'a' | 'b'): Promise<Engine> => {
    const engine = builtMemoryEngine(sides[side], part);
    await engine.dispatchBatch(warm, { batchSize: SIZE });
    if (past.length > 0) await engine.dispatchBatch(past, { batchSize: SIZE });
    return engine;
  };
  const result: ChildResult = { a: [], b: [], statuses: { a: {}, b: {} } };
  const order = aFirst ? (['a', 'b'] as const) : (['b', 'a'] as const);
  for (let r = 0; r < rounds; r++) {
    const engines = { a: await make('a'), b: await make('b') };
    (globalThis as { gc?: () => void }).gc?.();
    await abRound(engines, order, measured, SIZE, result);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const part = process.env.BENCH_PART ?? 'all';
const history = Number(process.env.BENCH_HISTORY ?? 0);
await abMain(import.meta.url, 8, EVENTS, `part ${part}, history ${history}`, (dirA, dirB, rounds, aFirst) =>
  child(dirA, dirB, part, history, rounds, aFirst),
);
