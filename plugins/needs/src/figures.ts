import { periodKey, type Store, toEpochMs } from '@engageloop/core';
import { readNeeds } from './read-needs';
import type { NeedDoc } from './types';

/** How to cut the figures. */
export interface LoopFiguresOptions {
  /** Only needs captured at or after `from` and before `to` (Date, epoch ms or ISO string). */
  from?: Date | number | string;
  to?: Date | number | string;
  /** Groups: by channel, segment (the user attribute set in `settings.needs.segmentAttribute`), tag, kind, or period. */
  by?: 'channel' | 'segment' | 'tag' | 'kind' | 'period';
  /** The calendar period for `by: 'period'` (default `week`), in `timezone` (default UTC). */
  period?: 'day' | 'week' | 'month';
  timezone?: string;
}

/** Loop-closure figures of a set of needs. Times in ms; shares and rates 0–1, null when undefined (0/0). */
export interface LoopFigures {
  count: number;
  acknowledged: number;
  closed: number;
  breached: number;
  adopted: number;
  declined: number;
  meanTimeToAcknowledgeMs: number | null;
  medianTimeToAcknowledgeMs: number | null;
  meanTimeToCloseMs: number | null;
  medianTimeToCloseMs: number | null;
  /** Closed (the user was told and the item closed) / count. */
  shareClosed: number | null;
  /** Needs that missed any deadline / count. */
  shareBreached: number | null;
  /** Adopted / (adopted + declined): duplicates and undecided needs do not count. */
  adoptionRate: number | null;
}

/** Loop figures over every need item, and per group when `by` is given. */
export interface LoopFiguresReport {
  total: LoopFigures;
  /** Present when `by` is given, sorted by key; `(none)` collects needs without a value. */
  groups?: Array<{ key: string; figures: LoopFigures }>;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const mean = (xs: number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The figures of a list of needs, recomputed from the items themselves. */
export function figuresOf(needs: readonly NeedDoc[]): LoopFigures {
  const ack = needs
    .filter((n) => n.acknowledgedAt !== null)
    .map((n) => (n.acknowledgedAt as number) - n.createdAt);
  const close = needs.filter((n) => n.closedAt !== null).map((n) => (n.closedAt as number) - n.createdAt);
  const adopted = needs.filter((n) => n.outcome === 'adopted').length;
  const declined = needs.filter((n) => n.outcome === 'declined').length;
  const breached = needs.filter((n) => n.sla.breached.length > 0).length;
  return {
    count: needs.length,
    acknowledged: ack.length,
    closed: close.length,
    breached,
    adopted,
    declined,
    meanTimeToAcknowledgeMs: mean(ack),
    medianTimeToAcknowledgeMs: median(ack),
    meanTimeToCloseMs: mean(close),
    medianTimeToCloseMs: median(close),
    shareClosed: ratio(close.length, needs.length),
    shareBreached: ratio(breached, needs.length),
    adoptionRate: ratio(adopted, adopted + declined),
  };
}

function keysOf(need: NeedDoc, options: LoopFiguresOptions): string[] {
  switch (options.by) {
    case 'channel':
      return [need.channel];
    case 'kind':
      return [need.kind];
    case 'segment':
      return [need.segment ?? '(none)'];
    case 'tag':
      return need.tags.length > 0 ? [...new Set(need.tags)] : ['(none)'];
    case 'period':
      return [periodKey(need.createdAt, options.timezone ?? 'UTC', options.period ?? 'week')];
    default:
      return [];
  }
}

/** Pure: filters by capture time and groups; the same needs always give the same figures. */
export function computeLoopFigures(
  needs: readonly NeedDoc[],
  options: LoopFiguresOptions = {},
): LoopFiguresReport {
  const from = options.from === undefined ? -Infinity : toEpochMs(options.from);
  const to = options.to === undefined ? Infinity : toEpochMs(options.to);
  const chosen = needs.filter((n) => n.createdAt >= from && n.createdAt < to);
  const report: LoopFiguresReport = { total: figuresOf(chosen) };
  if (options.by === undefined) return report;
  const groups = new Map<string, NeedDoc[]>();
  for (const need of chosen) {
    for (const key of keysOf(need, options)) {
      const list = groups.get(key);
      if (list) list.push(need);
      else groups.set(key, [need]);
    }
  }
  report.groups = [...groups.keys()]
    .sort()
    .map((key) => ({ key, figures: figuresOf(groups.get(key) ?? []) }));
  return report;
}

/**
 * Loop-closure figures — time to acknowledge, time to close, share closed, share breached, adoption
 * rate — computed from the stored need items (never from counters), overall and per channel, segment,
 * tag, kind or period.
 *
 * @example
 * const { total, groups } = await loopFigures(store, { from: '2026-03-01T00:00:00Z', by: 'channel' });
 */
export async function loopFigures(
  store: Pick<Store, 'listDocuments'>,
  options: LoopFiguresOptions = {},
): Promise<LoopFiguresReport> {
  return computeLoopFigures(await readNeeds(store), options);
}
