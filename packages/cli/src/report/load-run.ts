import type { CommandContext } from '../commands/command';
import { loadForRun, openEvents } from '../commands/shared';
import { collectGarbage } from '../heap';
import { messages } from '../i18n';
import { readNdjson } from '../ndjson';
import { type PolicyRun, runPolicy } from './run';

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
    input: readNdjson(input),
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
