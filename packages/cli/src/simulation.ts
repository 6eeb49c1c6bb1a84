import {
  createEngine,
  createManualClock,
  createMemoryStore,
  createRegistry,
  EngageLoopError,
  type Engine,
  ERROR_CATALOGUE_ZH_CN,
  type ErrorCode,
  isEngageLoopError,
  loadPolicy,
  localized,
  type MessageText,
  type OutboxMessage,
  type Outcome,
  type Plugin,
  type Policy,
  type PolicyDocument,
  type Registry,
  validateEvent,
} from '@engageloop/core';
import { loopFigures } from '@engageloop/needs';
import { createCollector } from './collector';
import { holdYoungGeneration } from './heap';
import type { InputLine } from './ndjson';
import type { SimulationSummary } from './summary';

/**
 * A refused event's message in every message locale. The outcome carries it in English; the event is checked
 * again (`validateEvent`, the engine's own check) for the error with its texts in each locale. Errors that
 * check does not give (a reused id) get the zh-CN catalogue message with the English detail after it.
 */
function refusalText(value: unknown, registry: Registry, code: string, message: string): MessageText {
  try {
    validateEvent(value, registry);
  } catch (thrown) {
    if (isEngageLoopError(thrown) && thrown.code === code) {
      return localized(thrown.messageIn('en'), thrown.messageIn('zh-CN'));
    }
  }
  if (!Object.hasOwn(ERROR_CATALOGUE_ZH_CN, code)) return localized(message, message);
  return localized(message, new EngageLoopError(code as ErrorCode, { message }).messageIn('zh-CN'));
}

/** A line that could not be run: its number and why (`message` in English, `text` in every message locale). */
export interface InvalidLine {
  line: number;
  code: string;
  message: string;
  text: MessageText;
}

/** What `runSimulation` runs: a policy with its plugins over an input stream, with time bounds and callbacks. */
export interface SimulationOptions {
  /** A loaded policy, or a document / JSON text (loaded with `plugins`). */
  policy: Policy | PolicyDocument | string;
  plugins: readonly Plugin[];
  /**
   * The input, line by line or in arrays of lines (see `readNdjsonBatches`, `readNdjson` and `numbered`).
   * Time-ordered streams tick best.
   */
  input: AsyncIterable<InputLine | readonly InputLine[]> | Iterable<InputLine | readonly InputLine[]>;
  /** Only events at or after this time (epoch ms). */
  from?: number;
  /** Only events before this time; timers are ticked up to it at the end. */
  to?: number;
  /** Tick timers at this interval as time advances (default one hour). */
  tickEveryMs?: number;
  /** Skip invalid lines instead of stopping at the first one. */
  skipInvalid?: boolean;
  /**
   * Called for every outcome (input events and fired timers), e.g. to write `--out`, with the time
   * the clock was at (the event's, or the tick's for timers).
   */
  onOutcome?(outcome: Outcome, at: number): void | Promise<void>;
  /** Called for every invalid line. */
  onInvalid?(invalid: InvalidLine): void;
  /** Called every `progressEvery` lines (default 1000) with the number of lines read. */
  onProgress?(lines: number): void;
  progressEvery?: number;
  /** Called with the engine before the first event (e.g. to listen to loop events). */
  onEngine?(engine: Engine): void;
  /**
   * Called with each message as the run delivers it. The run drains the outbox at every tick and lets a
   * delivered message go (`createMemoryStore({ outbox: { keepSent: false } })`), so memory holds only the
   * messages still waiting (e.g. for quiet hours to end), not every message of the run.
   */
  onMessage?(message: OutboxMessage): void;
  /** Called with the engine after the run, before it is closed (e.g. to read the messages still pending). */
  beforeClose?(engine: Engine): Promise<void>;
}

/** The summary of a run; `ok: false` with the first invalid line when the run stopped there (no `skipInvalid`). */
export type SimulationResult =
  | { ok: true; summary: SimulationSummary }
  | { ok: false; summary: SimulationSummary; invalid: InvalidLine };

/**
 * Events per batch (see `engine.dispatchBatch`). What a batch allocates lives until the batch ends: at 100 events
 * (about 1 MB) a young-generation collection finds little of it alive, so a smaller young generation (`heap.ts`)
 * costs no CPU; at 500 (about 5 MB) it did (simulate at 200k events, 8 MB semi-spaces: 11.7 s CPU at 500, 9.5 s
 * at 100, as with 16 MB ones).
 */
const BATCH = 100;

/** A line waiting for its batch. */
interface Pending {
  value: unknown;
  line: number;
  time: number | undefined;
}

function eventTime(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'at')) return undefined;
  const at = (value as { at: unknown }).at;
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Runs an event stream through a fresh engine on the memory store, each event at its own time, in batches
 * (`engine.dispatchBatch`) between ticks: timers are ticked as time advances and to the end. Aggregates what
 * happened.
 * Memory grows with users and a fingerprint per event (exactly-once), not with messages: the outbox is
 * drained at every tick (see `onMessage`). Stops at the first invalid line unless
 * `skipInvalid`.
 *
 * @example
 * const { summary } = await runSimulation({ policy, plugins, input: readNdjsonBatches(fs.createReadStream('events.ndjson')) });
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const policy =
    typeof options.policy === 'object' && 'hash' in options.policy
      ? (options.policy as Policy)
      : loadPolicy(options.policy, { plugins: [...options.plugins] });
  const clock = createManualClock(0);
  // Records are written compacted (`retention: { outcomes: 0 }`): the run reads each outcome as it comes, and a
  // replay still counts as a duplicate of a compacted record, so full records would only cost time and memory.
  const engine = createEngine({
    plugins: options.plugins,
    policy,
    store: createMemoryStore({ outbox: { keepSent: false } }),
    clock,
    retention: { outcomes: 0 },
  });
  const registry = createRegistry([...options.plugins]);
  const collector = createCollector(engine, policy);
  /** The summary, with core's loop figures over the need items this run stored. */
  const finish = async () => collector.finish((await loopFigures(engine.store)).total);
  options.onEngine?.(engine);
  const s = collector.summary;
  const step = options.tickEveryMs ?? 3_600_000;
  const every = options.progressEvery ?? 1000;
  let nextTick: number | undefined;
  holdYoungGeneration();
  let first: number | undefined;
  let last: number | undefined;

  // Awaits only what returns a promise: a microtask per event adds up over 200k events.
  const record = (o: Outcome, at: number): Promise<void> | undefined => {
    collector.outcome(o);
    const written = options.onOutcome?.(o, at);
    return written instanceof Promise ? written : undefined;
  };
  const deliver = (message: OutboxMessage) => options.onMessage?.(message);
  const tickTo = async (time: number) => {
    if (nextTick === undefined) nextTick = Math.floor(time / step) * step + step;
    while (nextTick <= time) {
      clock.set(nextTick);
      collector.at(nextTick);
      const report = await engine.tick(nextTick);
      s.events.timersFired += report.fired;
      for (const o of report.outcomes) await record(o, nextTick);
      for (const o of report.derived) await record(o, nextTick);
      await engine.drain(deliver, { batchSize: 1000 });
      nextTick += step;
    }
  };
  /** An invalid line: counted and reported; true when the run stops at it. */
  const refuse = (invalid: InvalidLine): boolean => {
    s.events.invalid++;
    options.onInvalid?.(invalid);
    return !options.skipInvalid;
  };

  /*
   * Events go to the engine in batches (`dispatchBatch`, each event at its own time): a batch ends where timers
   * are due (at a tick), at a line that is not JSON, and at BATCH events. The collector's clock is set to each
   * event's time before its loop events are emitted (they carry no time).
   */
  let pending: Pending[] = [];
  let stopped: InvalidLine | undefined;
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const atOf = (p: Pending | undefined) => {
      if (p?.time !== undefined) collector.at(p.time);
    };
    atOf(batch[0]);
    await engine.dispatchBatch(
      batch.map((p) => p.value),
      {
        batchSize: batch.length,
        now: 'event',
        onOutcome: (outcome, i) => {
          if (stopped) return;
          const p = batch[i] as Pending;
          atOf(batch[i + 1]);
          const error = outcome.status === 'failed' ? outcome.error : undefined;
          if (error?.code.startsWith('EVENT_')) {
            const invalid = {
              line: p.line,
              code: error.code,
              message: error.message,
              text: refusalText(p.value, registry, error.code, error.message),
            };
            if (refuse(invalid)) stopped = invalid;
            return;
          }
          s.events.dispatched++;
          if (p.time !== undefined && p.time > clock.now()) clock.set(p.time);
          return record(outcome, p.time ?? clock.now());
        },
        // Derived events (`ctx.derive`) run at their cause's time, after the batch: their rules and messages count.
        onDerived: (outcome) => (stopped ? undefined : record(outcome, clock.now())),
      },
    );
  };

  for await (const chunk of options.input) {
    const items = (Array.isArray(chunk) ? chunk : [chunk]) as readonly InputLine[];
    for (const item of items) {
      s.events.lines++;
      if (s.events.lines % every === 0) {
        holdYoungGeneration();
        options.onProgress?.(s.events.lines);
      }
      if ('error' in item) {
        await flush();
        if (!stopped) {
          const invalid = { line: item.line, code: 'EVENT_INVALID', message: item.error, text: item.text };
          if (refuse(invalid)) stopped = invalid;
        }
      } else {
        const time = eventTime(item.value);
        if (
          time !== undefined &&
          ((options.from !== undefined && time < options.from) ||
            (options.to !== undefined && time >= options.to))
        ) {
          s.events.outOfRange++;
          continue;
        }
        if (time !== undefined) {
          if (nextTick === undefined || time >= nextTick) {
            await flush();
            if (!stopped) await tickTo(time);
          }
          first = first === undefined ? time : Math.min(first, time);
          last = last === undefined ? time : Math.max(last, time);
        }
        pending.push({ value: item.value, line: item.line, time });
        if (pending.length >= BATCH) await flush();
      }
      if (stopped) {
        const summary = await finish();
        await engine.close();
        return { ok: false, summary, invalid: stopped };
      }
    }
  }
  await flush();
  if (stopped) {
    const summary = await finish();
    await engine.close();
    return { ok: false, summary, invalid: stopped };
  }
  const end = options.to ?? last;
  if (end !== undefined) await tickTo(end);
  s.period = {
    from: first === undefined ? null : new Date(options.from ?? first).toISOString(),
    to: end === undefined ? null : new Date(end).toISOString(),
  };
  await options.beforeClose?.(engine);
  const summary = await finish();
  await engine.close();
  return { ok: true, summary };
}
