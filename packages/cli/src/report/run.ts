import type { Plugin, Policy } from '@engageloop/core';
import type { InputLine } from '../ndjson';
import { type InvalidLine, runSimulation } from '../simulation';
import type { SimulationSummary } from '../summary';
import { createSeriesRecorder, type ReportSeries } from './series';

/** One policy's run: the summary `simulate` prints plus the per-day series a report charts. */
export interface PolicyRun {
  summary: SimulationSummary;
  series: ReportSeries;
}

export interface RunOptions {
  policy: Policy;
  plugins: readonly Plugin[];
  input: AsyncIterable<InputLine> | Iterable<InputLine>;
  skipInvalid?: boolean;
  tickEveryMs?: number;
  onInvalid?(invalid: InvalidLine): void;
  onProgress?(lines: number): void;
}

/** Passes the input through, reporting each event's time before it is dispatched. */
async function* timed(
  input: AsyncIterable<InputLine> | Iterable<InputLine>,
  onTime: (time: number) => void,
): AsyncGenerator<InputLine> {
  for await (const item of input) {
    if (
      'value' in item &&
      typeof item.value === 'object' &&
      item.value !== null &&
      Object.hasOwn(item.value, 'at')
    ) {
      const at = Date.parse(String((item.value as { at: unknown }).at));
      if (Number.isFinite(at)) onTime(at);
    }
    yield item;
  }
}

/**
 * Runs a policy over an event stream (the same simulation as `simulate`) and records the series.
 * Resolves to `{ ok: false, invalid }` when it stopped at an invalid line.
 */
export async function runPolicy(
  options: RunOptions,
): Promise<({ ok: true } & PolicyRun) | { ok: false; invalid: InvalidLine }> {
  const recorder = createSeriesRecorder();
  let time = 0;
  const result = await runSimulation({
    policy: options.policy,
    plugins: options.plugins,
    input: timed(options.input, (t) => {
      time = t;
    }),
    skipInvalid: options.skipInvalid,
    tickEveryMs: options.tickEveryMs,
    onEngine: recorder.attach,
    onOutcome: (o) => {
      const due = o.eventId.startsWith('timer:')
        ? Number(o.eventId.slice(o.eventId.lastIndexOf('@') + 1))
        : NaN;
      recorder.outcome(o, Number.isFinite(due) && due > 0 ? due : time, o.emitted.includes('need:captured'));
    },
    onInvalid: options.onInvalid,
    onProgress: options.onProgress,
  });
  if (!result.ok) return { ok: false, invalid: result.invalid };
  return { ok: true, summary: result.summary, series: recorder.finish() };
}
