import cliProgress, { type Params, type Options as ProgressOptions } from 'cli-progress';
import type { CliLocale } from './i18n';
import type { CliIO } from './io';

/** A long run's progress on stderr: drawn on a terminal only, silent in a pipe or under CI. */
export interface Progress {
  /** `events` read so far; the bar's position comes from `position()` when the run has a total. */
  update(events: number): void;
  /** Writes a line to stderr (e.g. a skipped input line) without garbling the bar. */
  note(text: string): void;
  /** Clears the bar (before the command prints its result). Call it also when the run throws. */
  done(): void;
}

export interface ProgressSource {
  /** What is shown before the bar, e.g. the policy a `diff` is running. */
  label?: string;
  /** The run's size in the unit of `position` (an input file's bytes); unknown for a pipe. */
  total?: number;
  /** How far the run is in that unit (bytes read so far). */
  position?: () => number;
}

// cli-progress is CommonJS: Node's ESM loader gives it as a default export only (no named exports).
const { Format, SingleBar } = cliProgress;

const WORDS = {
  en: { events: 'events', rate: '/s', eta: 'ETA' },
  'zh-CN': { events: '个事件', rate: '/秒', eta: '剩余' },
} as const;

/** True when `CI` is set to anything but `0` / `false` (GitHub, GitLab and most runners set it). */
const underCi = (env: CliIO['env']): boolean => {
  const ci = env?.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

/**
 * A progress bar with the total, the rate (events a second) and the ETA, drawn with `cli-progress`
 * (throttled redraws, an ETA smoothed over the last updates, clipped to the terminal's width).
 * The total is the input file's size: the bar moves with the bytes read, so no first pass over the
 * events is needed; a pipe has no size, and then the line shows the count and rate only.
 *
 * @example
 * const bar = createProgress(io, locale, { total: statSync(path).size, position: () => input.bytes });
 */
export function createProgress(io: CliIO, locale: CliLocale, source: ProgressSource = {}): Progress {
  if (!io.stderr.isTTY || underCi(io.env)) {
    return { update: () => undefined, note: (text) => io.stderr.write(text), done: () => undefined };
  }
  const words = WORDS[locale];
  const known = source.total !== undefined && source.total > 0 && source.position !== undefined;
  const started = Date.now();
  let events = 0;
  const format = (options: ProgressOptions, params: Params): string => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = `${Math.round(events / seconds).toLocaleString('en')}${words.rate}`;
    const count = `${events.toLocaleString('en')} ${words.events}`;
    const label = source.label ? `${source.label} ` : '';
    if (!known) return `${label}${count} · ${rate}`;
    const bar = Format.BarFormat(params.progress, options);
    const percent = `${Math.floor(params.progress * 100)}%`;
    const eta = params.eta > 0 ? Format.TimeFormat(params.eta, options, 1) : '…';
    return `${label}${bar} ${percent} · ${count} · ${rate} · ${words.eta} ${eta}`;
  };
  const bar = new SingleBar({
    stream: io.stderr as NodeJS.WritableStream,
    format,
    fps: 5,
    barsize: 24,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    clearOnComplete: true,
    etaBuffer: 50,
  });
  const total = known ? (source.total as number) : 1;
  const at = () => (known ? Math.min(source.position?.() ?? 0, total) : 0);
  bar.start(total, 0);
  return {
    update(n) {
      events = n;
      bar.update(at());
    },
    note(text) {
      bar.stop();
      io.stderr.write(text);
      bar.start(total, at());
    },
    done: () => bar.stop(),
  };
}
