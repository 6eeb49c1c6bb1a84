import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CommandContext } from '../commands/command';
import { inputSize } from '../commands/shared';
import { collectGarbage, workerResourceLimits } from '../heap';
import { messages } from '../i18n';
import { createProgress } from '../progress';
import { feedWorkers, localFeed } from './feed-workers';
import type { PolicyRun } from './run';
import { runTask } from './run-task';
import { type FeedPort, type PolicyTask, rebuildThrown, type WorkerReport } from './worker-protocol';

/**
 * The built worker entry next to this module (`policy-worker.js` beside an ES module, `.cjs` beside a
 * CommonJS one); undefined when running from the TypeScript sources (tests), which then run in-process.
 */
export function policyWorkerUrl(): URL | undefined {
  const here = import.meta.url;
  const ext = here.endsWith('.cjs') ? '.cjs' : here.endsWith('.js') ? '.js' : undefined;
  if (ext === undefined) return undefined;
  const url = new URL(`./policy-worker${ext}`, here);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Whether two policies run at once (the second in a worker thread): with two CPUs or more, unless `--sequential`
 * or `ENGAGELOOP_PARALLEL=0`; `ENGAGELOOP_PARALLEL=1` asks for workers on one CPU too.
 */
export function runsInParallel(sequential: boolean, env: Record<string, string | undefined> = {}): boolean {
  const asked = env.ENGAGELOOP_PARALLEL;
  if (sequential || asked === '0') return false;
  return asked === '1' || availableParallelism() >= 2;
}

interface Settled {
  report: Extract<WorkerReport, { kind: 'done' | 'stopped' | 'failed' }>;
}

const isEnd = (report: WorkerReport): report is Settled['report'] =>
  report.kind === 'done' || report.kind === 'stopped' || report.kind === 'failed';

/**
 * A run on this thread, reporting as a worker would (`worker` undefined: nothing to terminate); `port` brings
 * the stdin chunks when there is no events file.
 */
function runHere(
  task: PolicyTask,
  on: (report: WorkerReport) => void,
  port: FeedPort | undefined,
): { worker: undefined; settled: Promise<Settled> } {
  let end: Settled | undefined;
  const settled = runTask(
    task,
    (report) => {
      if (isEnd(report)) end = { report };
      else on(report);
    },
    port,
  ).then(
    (): Settled =>
      end ?? { report: { kind: 'failed', error: { message: 'The policy run ended without a result.' } } },
  );
  return { worker: undefined, settled };
}

/** Runs one worker to its end: progress and invalid lines go to the callbacks, the end is the result. */
function runWorker(
  url: URL,
  task: PolicyTask,
  on: (report: WorkerReport) => void,
): { worker: Worker; settled: Promise<Settled> } {
  // Its young generation is sized as it starts, under the bin (`workerResourceLimits`, `heap.ts`).
  const worker = new Worker(url, { workerData: task, resourceLimits: workerResourceLimits() });
  const settled = new Promise<Settled>((resolve) => {
    let end: Settled | undefined;
    worker.on('message', (report: WorkerReport) => {
      if (isEnd(report)) end = { report };
      else on(report);
    });
    worker.on('error', (error) => {
      end ??= { report: { kind: 'failed', error: { message: error.message, stack: error.stack } } };
    });
    worker.on('exit', (code) => {
      resolve(
        end ?? {
          report: { kind: 'failed', error: { message: `The policy worker exited with code ${code}.` } },
        },
      );
    });
  });
  return { worker, settled };
}

/**
 * Runs policies over the same events at once, each in a worker thread but the first, which runs on this thread
 * (a file is read by each run, stdin by this thread once for all of them), and resolves to their runs in
 * order — what running them one after the other (`runPolicyPath`) gives, with the same stderr: one progress
 * bar (the slower run's position), the first run's invalid lines as they come and each later run's once the
 * runs before it have ended, then the first stop or error in that order (the later workers are ended).
 */
export async function runPoliciesInWorkers(
  ctx: CommandContext,
  url: URL,
  paths: readonly string[],
  eventsPath: string,
  forcePlugins: readonly string[],
  skipInvalid: boolean,
): Promise<PolicyRun[] | undefined> {
  const m = messages(ctx.locale);
  const file = eventsPath === '-' ? undefined : ctx.resolve(eventsPath);
  const state = paths.map(() => ({ lines: 0, bytes: 0, ended: false, notes: [] as string[] }));
  let shown = 0;
  /** The slowest running worker's position; all of the input once every worker has ended. */
  const slowest = () => Math.min(...state.filter((s) => !s.ended).map((s) => s.bytes));
  const bar = createProgress(ctx.io, ctx.locale, {
    label: paths.join(' + '),
    total: inputSize(eventsPath, ctx.resolve),
    position: slowest,
  });
  let feed: ReturnType<typeof feedWorkers> | undefined;
  /** The stdin chunks for the run on this thread (the workers are posted copies). */
  const here = file === undefined ? localFeed() : undefined;
  const started = paths.map((path, i) => {
    const s = state[i] as (typeof state)[number];
    const task = {
      policyPath: ctx.resolve(path),
      eventsPath: file,
      forcePlugins,
      skipInvalid,
    };
    const on = (report: WorkerReport) => {
      if (report.kind === 'progress') {
        s.lines = report.lines;
        s.bytes = report.bytes;
        bar.update(Math.min(...state.map((t) => t.lines)));
        feed?.check();
      } else if (report.kind === 'invalid') {
        const { line, code, text } = report.invalid;
        const note = `${m.badLine(line, `${code} ${text[ctx.locale]}`)}\n`;
        if (i === shown) bar.note(note);
        else s.notes.push(note);
      }
    };
    const run: { worker: Worker | undefined; settled: Promise<Settled> } =
      i === 0 ? runHere(task, on, here?.port) : runWorker(url, task, on);
    void run.settled.then(async () => {
      s.ended = true;
      feed?.check();
      // The run on this thread let its engine go: collected now, while the workers still run, not at their end;
      // not compacted, which would copy what is alive while the workers are at full size (`collectGarbage`).
      if (i === 0 && state.some((t) => !t.ended)) await collectGarbage(false);
    });
    return run;
  });
  if (here !== undefined) {
    feed = feedWorkers(
      ctx.io.stdin ?? process.stdin,
      [here, ...started.flatMap(({ worker }) => (worker ? [worker] : []))],
      slowest,
    );
  }
  const runs: PolicyRun[] = [];
  let stopped = false;
  try {
    for (const [i, { settled }] of started.entries()) {
      const { report } = await settled;
      if (report.kind === 'failed') throw rebuildThrown(report.error);
      if (report.kind === 'stopped') {
        stopped = true;
        break;
      }
      runs.push(report.run);
      shown = i + 1;
      for (const note of state[shown]?.notes.splice(0) ?? []) bar.note(note);
    }
  } finally {
    feed?.stop();
    bar.done();
    await Promise.all(started.map(({ worker }) => worker?.terminate()));
  }
  if (!stopped) return runs;
  ctx.io.stderr.write(`${m.stopped}\n`);
  return undefined;
}
