import type { CommunitySettings } from './settings';

/** A loop event as a run records it: its name and payload (e.g. `@engageloop/testing`'s `run.signals`). */
export interface SignalLike {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * A contest awards at most its `top` winners per period, ranked 1…n in order, and closes each period once.
 * Returns why not, or undefined when it holds. For `@engageloop/testing`: wrap with `defineInvariant`.
 */
export function contestWithinTop(
  settings: Pick<CommunitySettings, 'contests'>,
  signals: readonly SignalLike[],
): string | undefined {
  const closed = new Set<string>();
  for (const s of signals) {
    if (s.name !== 'community:contest-closed') continue;
    const contest = String(s.payload.contest);
    const period = String(s.payload.period);
    const key = `${contest}|${period}`;
    if (closed.has(key)) return `contest "${contest}" closed period ${period} twice`;
    closed.add(key);
    const top = settings.contests.find((c) => c.id === contest)?.top ?? 0;
    const winners = Array.isArray(s.payload.winners) ? (s.payload.winners as Array<{ rank: number }>) : [];
    if (winners.length > top)
      return `contest "${contest}" ${period}: ${winners.length} winners, top is ${top}`;
    if (winners.some((w, i) => w.rank !== i + 1)) return `contest "${contest}" ${period}: ranks are not 1…n`;
  }
  return undefined;
}

/**
 * A like, and a vote, count once per user and item: the running sum of a user's reactions of one kind on one
 * item (`community:reacted` deltas) is always 0 or 1. Returns why not, or undefined when it holds.
 */
export function reactionsCountOnce(signals: readonly SignalLike[]): string | undefined {
  const held = new Map<string, number>();
  for (const s of signals) {
    if (s.name !== 'community:reacted') continue;
    const reaction = String(s.payload.reaction);
    const kind = reaction.startsWith('vote:') ? 'vote' : reaction;
    const key = `${String(s.payload.by)}|${String(s.payload.item)}|${kind}`;
    const next = (held.get(key) ?? 0) + Number(s.payload.delta);
    if (next < 0 || next > 1)
      return `${String(s.payload.by)} holds ${next} ${kind}s on ${String(s.payload.item)}`;
    held.set(key, next);
  }
  return undefined;
}
