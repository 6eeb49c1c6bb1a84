import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CommandContext } from '../commands/command';
import { messages } from '../i18n';
import { createProgress } from '../progress';
import type { PolicyRun } from './run';
import { type PolicyTask, rebuildThrown, type WorkerReport } from './worker-protocol';

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
 * Whether two policies run at once, each in a worker thread: with two CPUs or more, unless `--sequential`
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

/** Runs one worker to its end: progress and invalid lines go to the callbacks, the end is the result. */
function runWorker(
  url: URL,
  task: PolicyTask,
  on: (report: WorkerReport) => void,
): { worker: Worker; settled: Promise<Settled> } {
  const worker = new Worker(url, { workerData: task });
  const settled = new Promise<Settled>((resolve) => {
    let end: Settled | undefined;
    worker.on('message', (report: WorkerReport) => {
      if (report.kind === 'done' || report.kind === 'stopped' || report.kind === 'failed') end = { report };
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
 * Runs policies over the same events file at once, each in a worker thread, and resolves to their runs in
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
  const file = ctx.resolve(eventsPath);
  const state = paths.map(() => ({ lines: 0, bytes: 0, notes: [] as string[] }));
  let shown = 0;
  let size: number | undefined;
  try {
    size = statSync(file).size;
  } catch {
    size = undefined;
  }
  const bar = createProgress(ctx.io, ctx.locale, {
    label: paths.join(' + '),
    total: size,
    position: () => Math.min(...state.map((s) => s.bytes)),
  });
  const started = paths.map((path, i) =>
    runWorker(
      url,
      { policyPath: ctx.resolve(path), eventsPath: file, forcePlugins, skipInvalid },
      (report) => {
        const s = state[i] as (typeof state)[number];
        if (report.kind === 'progress') {
          s.lines = report.lines;
          s.bytes = report.bytes;
          bar.update(Math.min(...state.map((t) => t.lines)));
        } else if (report.kind === 'invalid') {
          const { line, code, text } = report.invalid;
          const note = `${m.badLine(line, `${code} ${text[ctx.locale]}`)}\n`;
          if (i === shown) bar.note(note);
          else s.notes.push(note);
        }
      },
    ),
  );
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
    bar.done();
    await Promise.all(started.map(({ worker }) => worker.terminate()));
  }
  if (!stopped) return runs;
  ctx.io.stderr.write(`${m.stopped}\n`);
  return undefined;
}
