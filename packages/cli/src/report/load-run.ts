import type { CommandContext } from '../commands/command';
import { loadForRun, openEvents } from '../commands/shared';
import { collectGarbage } from '../heap';
import { messages } from '../i18n';
import { readNdjsonBatches } from '../ndjson';
import { type PolicyRun, runPolicy } from './run';
import { policyWorkerUrl, runPoliciesInWorkers, runsInParallel } from './run-in-workers';
import { withStdinInFile } from './stdin-file';

/**
 * Loads a policy path and runs it over `--events` (opened afresh for each policy, so two policies
 * see the same stream). Resolves to undefined after writing why to stderr when a line was invalid.
 */
export async function runPolicyPath(
  ctx: CommandContext,
  policyPath: string,
  eventsPath: string,
  forcePlugins: readonly string[],
  skipInvalid: boolean,
  label?: string,
): Promise<PolicyRun | undefined> {
  const m = messages(ctx.locale);
  await collectGarbage();
  const { policy, plugins } = await loadForRun(ctx.resolve(policyPath), forcePlugins);
  const { input, bar } = openEvents(eventsPath, ctx, label);
  const result = await runPolicy({
    policy,
    plugins,
    input: readNdjsonBatches(input),
    onProgress: bar.update,
    skipInvalid,
    onInvalid: (bad) => bar.note(`${m.badLine(bad.line, `${bad.code} ${bad.text[ctx.locale]}`)}\n`),
  }).finally(bar.done);
  if (!result.ok) {
    ctx.io.stderr.write(`${m.stopped}\n`);
    return undefined;
  }
  return { summary: result.summary, series: result.series, names: result.names };
}

/** How `runPolicyPaths` runs more than one policy. */
export interface RunPathsOptions {
  forcePlugins: readonly string[];
  skipInvalid: boolean;
  /** One policy after the other in this thread, even with CPUs to spare (`--sequential`). */
  sequential: boolean;
}

/**
 * Runs policy paths over the same `--events` file and resolves to their runs in order (undefined after
 * writing why to stderr when a line was invalid). Two or more run at once (all but the first of a file in worker threads) when
 * `runsInParallel` says so and the built worker is there; otherwise one after the other, labelled `1/2 …`.
 * Either way stdout, stderr and the exit code are the same.
 */
export async function runPolicyPaths(
  ctx: CommandContext,
  paths: readonly string[],
  eventsPath: string,
  options: RunPathsOptions,
): Promise<PolicyRun[] | undefined> {
  const url = paths.length > 1 ? policyWorkerUrl() : undefined;
  if (url !== undefined && runsInParallel(options.sequential, ctx.io.env)) {
    return runPoliciesInWorkers(ctx, url, paths, eventsPath, options.forcePlugins, options.skipInvalid);
  }
  if (paths.length > 1 && eventsPath === '-') {
    // stdin can be read once: kept in a temporary file for the runs one after the other.
    return withStdinInFile(ctx, (file) => runPolicyPaths(ctx, paths, file, options));
  }
  const runs: PolicyRun[] = [];
  for (const [i, path] of paths.entries()) {
    const label = paths.length > 1 ? `${i + 1}/${paths.length} ${path}` : path;
    const run = await runPolicyPath(ctx, path, eventsPath, options.forcePlugins, options.skipInvalid, label);
    if (!run) return undefined;
    runs.push(run);
  }
  return runs;
}
