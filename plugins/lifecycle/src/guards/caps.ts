import { type Duration, durationMs } from '../duration';

/** At most `max` care messages within any `window`; per `channel` when given, else over all channels. */
export interface CapRule {
  max: number;
  window: Duration;
  channel?: string;
}

/** One care message counted by the caps (transactional messages are never recorded). */
export interface SentRecord {
  /** When it may be delivered (epoch ms; after quiet-hours deferral). */
  at: number;
  channel: string | null;
  trigger: string;
}

function countIn(
  history: readonly SentRecord[],
  from: number,
  to: number,
  channel: string | undefined,
): number {
  let n = 0;
  for (const r of history) {
    if (r.at >= from && r.at < to && (channel === undefined || r.channel === channel)) n++;
  }
  return n;
}

/**
 * True when one more message at `at` on `channel` keeps every window of length `windowMs` that
 * contains `at` at or under `max`. Messages may lie on either side of `at` (deferred messages sit in
 * the future), so every window [s, s + windowMs) with s in (at − windowMs, at] is checked; the count
 * only changes where a message enters, so checking those starts is enough.
 */
export function fitsWindow(
  history: readonly SentRecord[],
  at: number,
  rule: { max: number; windowMs: number; channel?: string },
): boolean {
  const { max, windowMs, channel } = rule;
  if (max <= 0) return false;
  if (windowMs <= 0) return true;
  const starts = new Set<number>([at - windowMs + 1, at]);
  for (const r of history) {
    const s = r.at - windowMs + 1;
    if (s > at - windowMs && s <= at) starts.add(s);
  }
  for (const s of starts) {
    if (countIn(history, s, s + windowMs, channel) + 1 > max) return false;
  }
  return true;
}

/** The first cap that one more message at `at` on `channel` would break, if any. */
export function exceededCap(
  history: readonly SentRecord[],
  at: number,
  channel: string | null,
  caps: readonly CapRule[],
): CapRule | undefined {
  return caps.find((cap) => {
    if (cap.channel !== undefined && cap.channel !== channel) return false;
    return !fitsWindow(history, at, { max: cap.max, windowMs: durationMs(cap.window), channel: cap.channel });
  });
}

/** Drops records too old to matter for any cap at or after `now` (keeps the slice small). */
export function pruneHistory(
  history: readonly SentRecord[],
  now: number,
  caps: readonly CapRule[],
): SentRecord[] {
  const longest = caps.reduce((max, cap) => Math.max(max, durationMs(cap.window)), 0);
  return history.filter((r) => r.at > now - longest);
}
