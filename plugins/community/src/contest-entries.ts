import { type Ctx, type IntentCtx, str, subjectOf } from './context';
import { ENTITY_EVENTS } from './events';
import { contestEntity, contestKey, contestTimerId, groupEntity, itemEntity } from './keys';
import { periodOf } from './periods';
import type { CommunitySettings, ContestSettings } from './settings';
import type { ItemState } from './types';

/** The event type a contest entry is scored by when the entry is not the dispatch's own subject. */
export const SCORED_EVENT = ENTITY_EVENTS.scored;

/** Contests whose tally a reaction on an item of `kind` moves (`likes` count likes, `votes` count `yes` votes). */
export function contestsFor(settings: CommunitySettings, reaction: string, kind: string): ContestSettings[] {
  const counts =
    reaction === 'like' ? 'likes' : reaction === `vote:${settings.voteOptions[0]}` ? 'votes' : null;
  return settings.contests.filter(
    (c) => c.counts === counts && (c.itemKind === undefined || c.itemKind === kind),
  );
}

/** The counter key of `entry` in the contest period containing `time` (the policy's time zone). */
export function entryKey(contest: ContestSettings, time: number, timezone: string, entry: string): string {
  return contestKey(contest.id, periodOf(time, timezone, contest.period).key, entry);
}

/** Bumps the subject's own entry in a contest and (re-)arms the timer that closes the period. */
export function bumpEntry(ctx: IntentCtx, contest: ContestSettings, entry: string, delta: number): void {
  const tz = ctx.policy.defaults.timezone;
  const period = periodOf(ctx.event.time, tz, contest.period);
  ctx.addCounter(contestKey(contest.id, period.key, entry), delta);
  ctx.schedule({
    id: contestTimerId(contest.id, period.key),
    type: ENTITY_EVENTS.contestEnded,
    dueAt: period.endsAt,
    entity: contestEntity(contest.id),
    payload: { contest: contest.id, period: period.key },
  });
}

/**
 * Scores an entry of a contest for the subject it ranks: the dispatch's own subject directly, another one
 * (the item's group, the owner, a user's group) through a derived `community.contest.scored` event.
 */
export function scoreFor(
  ctx: IntentCtx,
  contest: ContestSettings,
  target: { entity?: string; userId?: string },
  delta: number,
): void {
  // Only an item's own reaction event names its entry counters in `prepare` (see `entryCounters`).
  const own = ctx.event.type === ENTITY_EVENTS.itemReacted && target.entity === ctx.event.entity;
  if (own) {
    bumpEntry(ctx, contest, subjectOf(ctx.event).id, delta);
    return;
  }
  ctx.derive({
    key: `scored:${contest.id}:${target.entity ?? `user:${target.userId}`}`,
    type: SCORED_EVENT,
    ...(target.entity !== undefined ? { entity: target.entity } : { userId: target.userId as string }),
    payload: { contest: contest.id, delta },
  });
}

/** On an item's reaction: every contest counting it moves the entry it ranks (the item, its group, its owner). */
export function scoreContests(ctx: Ctx, item: ItemState, reaction: string, delta: number): void {
  for (const contest of contestsFor(ctx.settings, reaction, item.kind)) {
    if (contest.ranks === 'item') scoreFor(ctx, contest, { entity: itemEntity(item.id) }, delta);
    else if (contest.ranks === 'group' && item.group !== null)
      scoreFor(ctx, contest, { entity: groupEntity(item.group) }, delta);
    else if (contest.ranks === 'user') scoreFor(ctx, contest, { userId: item.ownerId }, delta);
  }
}

/** `community.contest.scored` on its subject: bump the subject's entry. */
export function handleScored(ctx: Ctx): void {
  const p = ctx.event.payload;
  const contest = ctx.settings.contests.find((c) => c.id === str(p, 'contest'));
  if (contest) bumpEntry(ctx, contest, subjectOf(ctx.event).id, p.delta as number);
}

/** The contest counters an event may bump, for `prepare`. */
export function entryCounters(
  settings: CommunitySettings,
  event: { type: string; time: number; payload: Record<string, unknown>; userId: string; entity?: string },
  timezone: string,
): string[] {
  const self = subjectOf(event);
  if (event.type === SCORED_EVENT) {
    const contest = settings.contests.find((c) => c.id === event.payload.contest);
    return contest ? [entryKey(contest, event.time, timezone, self.id)] : [];
  }
  if (event.type === ENTITY_EVENTS.itemReacted && self.kind === 'item') {
    return settings.contests
      .filter((c) => c.ranks === 'item' && c.counts !== 'score')
      .map((c) => entryKey(c, event.time, timezone, self.id));
  }
  return [];
}
