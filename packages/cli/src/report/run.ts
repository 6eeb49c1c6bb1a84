import type { Plugin, Policy } from '@engageloop/core';
import type { InputLine } from '../ndjson';
import { type InvalidLine, runSimulation } from '../simulation';
import type { SimulationSummary } from '../summary';
import { type DisplayNames, displayNamesOf } from './names';
import { createSeriesRecorder, type ReportSeries } from './series';

/** One policy's run: the summary `simulate` prints plus the per-day series a report charts. */
export interface PolicyRun {
  summary: SimulationSummary;
  series: ReportSeries;
  /** The display names of the policy's tiers, wallets, badges and milestones. */
  names: DisplayNames;
}

export interface RunOptions {
  policy: Policy;
  plugins: readonly Plugin[];
  input: AsyncIterable<InputLine | readonly InputLine[]> | Iterable<InputLine | readonly InputLine[]>;
  skipInvalid?: boolean;
  tickEveryMs?: number;
  onInvalid?(invalid: InvalidLine): void;
  onProgress?(lines: number): void;
}

/**
 * Runs a policy over an event stream (the same simulation as `simulate`) and records the series.
 * Resolves to `{ ok: false, invalid }` when it stopped at an invalid line.
 */
export async function runPolicy(
  options: RunOptions,
): Promise<({ ok: true } & PolicyRun) | { ok: false; invalid: InvalidLine }> {
  const recorder = createSeriesRecorder();
  const result = await runSimulation({
    policy: options.policy,
    plugins: options.plugins,
    input: options.input,
    skipInvalid: options.skipInvalid,
    tickEveryMs: options.tickEveryMs,
    onEngine: recorder.attach,
    onOutcome: (o, time) => {
      // A fired timer's event id is the engine's own `timer:<id>@<dueAt>`.
      const due = o.source === 'timer' ? Number(o.eventId.slice(o.eventId.lastIndexOf('@') + 1)) : NaN;
      recorder.outcome(o, Number.isFinite(due) && due > 0 ? due : time, o.emitted.includes('need:captured'));
    },
    onInvalid: options.onInvalid,
    onProgress: options.onProgress,
  });
  if (!result.ok) return { ok: false, invalid: result.invalid };
  return {
    ok: true,
    summary: result.summary,
    series: recorder.finish(),
    names: displayNamesOf(options.policy),
  };
}
