import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for a command that runs a policy more than once in one process (`diff`,
 * `report --compare`). V8 sizes its heap from what the last collection kept: after the first run the limit is
 * a few times that run's live state, and the second run fills it with its own garbage on top of the first
 * run's before collecting — the peak of two runs, not one. Collecting once between runs starts the second
 * run from an empty heap (issue 22: diff and report --compare peaked at 410–460 MB at 200k events).
 * Waits one macrotask first, so the finished run's stream and promise chains are let go. `compact` (the default)
 * empties the pages the last run's state was spread over and gives them back, which first copies what is still
 * alive into new pages; without it the collection frees in place (for a thread whose run ended while others still
 * run at full size: `report --compare` at 200k events peaked 264 MB instead of 277).
 */
export async function collectGarbage(compact = true): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  setFlagsFromString('--expose-gc');
  if (compact) setFlagsFromString('--compact-on-every-full-gc');
  (runInNewContext('gc') as () => void)();
  if (compact) setFlagsFromString('--no-compact-on-every-full-gc');
}

/**
 * How much V8 lets a heap grow past what its last full collection kept, in percent. V8's own factor adapts
 * between 1.1 and 4: on a simulation's steadily growing live state (users, a record per event) it lets
 * the heap reach a few times that state between collections — `simulate` at 200k events: ~90 MB live, heap
 * ~210 MB, peak RSS 300–370 MB (issue 22). At 1.5 the peak is ~240 MB for ~13% more CPU (more full
 * collections), and it scales with the live state instead of failing: a bigger stream still runs.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Bounds heap growth for the whole process (every isolate: worker threads too), for the command line's
 * long runs. Called by the bin only: a host running `runCli` in-process keeps its own V8 settings.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * The semi-space size, in MB, the command line's young generations stop at: half of V8's 16, on the main thread
 * and on the policy workers. `simulate` at 200k events: the same CPU as at 16 (7.7–7.8 s user; at 4: 7.9–8.7 s,
 * at 1: 9.9–10.4 s), peak RSS 171–172 MB instead of 206; `diff` 288–333 MB instead of 327–335, `diff --events -`
 * 300–302 instead of 342–344 (issue 22).
 */
const SEMI_SPACE_MB = 8;

/** Whether `holdYoungGeneration` is still to stop this thread's young generation (set by the bin only). */
let holding = false;

/** Whether `boundYoungGeneration` was called on this thread (the bin's). */
let bound = false;

/**
 * The young generation of a policy worker, in MB (`maxYoungGenerationSizeMb`: V8 gives it three semi-spaces'
 * worth, so 4 MB semi-spaces, half the main thread's). Set when the worker starts, it cannot grow, where the growth
 * factor `holdYoungGeneration` sets (process-wide, by whichever thread got there first) let a worker that grew
 * early, while it loaded its policy, go on to 16 MB semi-spaces now and then. 12 against 24 (8 MB semi-spaces) at
 * 202k events on a quiet hour (farm-bench, 4 pairs each): `diff` peak 260 vs 267 MiB, CPU ×1.007, wall ×0.988;
 * `report --compare` 252 vs 265 MiB, CPU ×0.971, wall ×0.999; stdin diff 266,468 vs 274,208 KiB.
 */
const WORKER_YOUNG_MB = 12;

/**
 * The resource limits a policy worker is started with: its young generation (`WORKER_YOUNG_MB`) once the bin
 * bounded the command line's (`boundYoungGeneration`); undefined otherwise (a host running `runCli` in-process
 * keeps V8's sizes).
 */
export const workerResourceLimits = (): { maxYoungGenerationSizeMb: number } | undefined =>
  bound ? { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } : undefined;

/**
 * Bounds the young generation of every isolate of the command line: this thread's is stopped from growing past
 * `SEMI_SPACE_MB` semi-spaces by `holdYoungGeneration`, a policy worker's is sized when it starts
 * (`workerResourceLimits`). Also turns off allocation-site pretenuring: V8 pretenures (allocates straight in the
 * old generation) what survives the scavenges of a young generation at its maximum size, which a worker's always
 * is; its old space then grew a third more (`diff` at 200k events: 93 MB instead of 67, peak 311–315 MB). The
 * main thread's never reaches its maximum (16 MB semi-spaces), so it never pretenured. Called by the bin.
 */
export function boundYoungGeneration(): void {
  setFlagsFromString(`--min-semi-space-size=${SEMI_SPACE_MB}`);
  setFlagsFromString('--no-allocation-site-pretenuring');
  holding = true;
  bound = true;
}

/**
 * Once this thread's young generation has reached `SEMI_SPACE_MB` semi-spaces, stops it growing (V8's growth
 * factor, read at each growth, set to 1: process-wide, but the workers already start at their maximum). A run
 * calls it as it starts and at each progress step, so the check comes before the next growth (which needs as
 * many bytes to survive as the young generation holds); a no-op unless `boundYoungGeneration` was called.
 */
export function holdYoungGeneration(): void {
  if (!holding) return;
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (young === undefined || young.space_size < 2 * SEMI_SPACE_MB * 1024 * 1024) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  holding = false;
}
