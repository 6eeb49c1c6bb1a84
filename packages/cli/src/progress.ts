import cliProgress, { type Params, type Options as ProgressOptions } from 'cli-progress';
import { type CliLocale, defineLabels } from './i18n';
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

/** A whole number of seconds as hours, minutes and seconds: `1h 05m`, `3m 07s`, `42s`. */
const clock = (seconds: number, h: string, m: string, s: string, gap: string): string => {
  const t = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  if (t >= 3600) return `${Math.floor(t / 3600)}${h}${gap}${two(Math.floor((t % 3600) / 60))}${m}`;
  if (t >= 60) return `${Math.floor(t / 60)}${m}${gap}${two(t % 60)}${s}`;
  return `${t}${s}`;
};

/** The words of the progress line, in both languages. */
export const PROGRESS_LABELS = defineLabels(
  'progress',
  {
    events: (count: string) => `${count} events`,
    eventsOf: (count: string, total: string) => `${count} / ~${total} events`,
    rate: (perSecond: string) => `${perSecond}/s`,
    eta: (seconds: number) => `ETA ${clock(seconds, 'h', 'm', 's', ' ')}`,
    etaUnknown: 'ETA …',
  },
  {
    events: (count) => `${count} 个事件`,
    eventsOf: (count, total) => `${count} / 约 ${total} 个事件`,
    rate: (perSecond) => `${perSecond}/秒`,
    eta: (seconds) => `剩余 ${clock(seconds, '小时', '分', '秒', '')}`,
    etaUnknown: '剩余时间计算中…',
  },
);

/** True when `CI` is set to anything but `0` / `false` (GitHub, GitLab and most runners set it). */
const underCi = (env: CliIO['env']): boolean => {
  const ci = env?.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

/**
 * The share of the input after which the line estimates the events in all: the count and position at the first
 * update past it are the anchor, and the estimate is the input's size over the bytes per event since then (a
 * difference, so the bytes read ahead of the events counted cancel out), once as much again was read.
 */
const ESTIMATE_FROM = 0.01;

/**
 * A progress bar with the total, the rate (events a second) and the ETA, drawn with `cli-progress`
 * (throttled redraws, an ETA smoothed over the last updates, clipped to the terminal's width).
 * The total is the input file's size: the bar moves with the bytes read, so no first pass over the
 * events is needed; once 2% is read the line also estimates the events in all (`2,500 / ~5,000 events`, from the
 * bytes per event since the first 1%). A pipe has no size, and then the line shows the count and rate only.
 *
 * @example
 * const bar = createProgress(io, locale, { total: statSync(path).size, position: () => input.bytes });
 */
export function createProgress(io: CliIO, locale: CliLocale, source: ProgressSource = {}): Progress {
  if (!io.stderr.isTTY || underCi(io.env)) {
    return { update: () => undefined, note: (text) => io.stderr.write(text), done: () => undefined };
  }
  const words = PROGRESS_LABELS[locale];
  const known = source.total !== undefined && source.total > 0 && source.position !== undefined;
  const started = Date.now();
  let events = 0;
  let anchor: { events: number; position: number } | undefined;
  const format = (options: ProgressOptions, params: Params): string => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = words.rate(Math.round(events / seconds).toLocaleString('en'));
    const count = words.events(events.toLocaleString('en'));
    const label = source.label ? `${source.label} ` : '';
    if (!known) return `${label}${count} · ${rate}`;
    const bar = Format.BarFormat(params.progress, options);
    const read = params.progress * total - (anchor?.position ?? 0);
    const estimate =
      anchor !== undefined && read >= ESTIMATE_FROM * total && events > anchor.events
        ? Math.round((total * (events - anchor.events)) / read)
        : 0;
    const counted =
      estimate > 0 ? words.eventsOf(events.toLocaleString('en'), estimate.toLocaleString('en')) : count;
    const percent = `${Math.floor(params.progress * 100)}%`;
    const eta = params.eta > 0 ? words.eta(params.eta) : words.etaUnknown;
    return `${label}${bar} ${percent} · ${counted} · ${rate} · ${eta}`;
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
      const position = at();
      if (anchor === undefined && known && n > 0 && position >= ESTIMATE_FROM * total)
        anchor = { events: n, position };
      bar.update(position);
    },
    note(text) {
      bar.stop();
      io.stderr.write(text);
      bar.start(total, at());
    },
    done: () => bar.stop(),
  };
}
