import { localized } from '@engageloop/core';
import { closePeriod, placings } from './contests';
import { type Ctx, str } from './context';
import { ENTITY_EVENTS, OWNER_EVENTS } from './events';
import { contestPrefix, groupEntity, itemEntity } from './keys';

/**
 * A contest's period ended (its timer, on the `contest:` entity): rank the period's entries (loaded by
 * `prepare` as a leaderboard), tell each winner once, and remember the period as closed.
 */
export function handleContestEnded(ctx: Ctx, id: string): void {
  const p = ctx.event.payload;
  const period = str(p, 'period') as string;
  const contest = ctx.settings.contests.find((c) => c.id === id);
  if (!contest) {
    ctx.note(localized('contest no longer in the policy', '该评比已不在策略中'), { contest: id });
    return;
  }
  const slice = ctx.slice();
  const state = closePeriod(slice.contest ?? { id, closed: [] }, period, ctx.settings.limits.closedPeriods);
  if (!state) {
    ctx.note(localized('period already closed', '该周期已结束'), { contest: id, period });
    return;
  }
  ctx.setSlice({ ...slice, contest: state });
  const prefix = contestPrefix(id, period);
  const winners = placings(contest, prefix, ctx.top(prefix));
  for (const w of winners) {
    const payload = { contest: id, period, rank: w.rank, value: w.value };
    if (contest.ranks === 'item') {
      ctx.derive({
        key: `placed:${w.entry}`,
        type: ENTITY_EVENTS.itemPlaced,
        entity: itemEntity(w.entry),
        payload,
      });
    } else if (contest.ranks === 'group') {
      ctx.derive({
        key: `placed:${w.entry}`,
        type: ENTITY_EVENTS.groupPlaced,
        entity: groupEntity(w.entry),
        payload,
      });
    } else {
      ctx.derive({
        key: `won:${w.entry}`,
        type: OWNER_EVENTS.won,
        userId: w.entry,
        payload: { ...payload, entry: w.entry, as: 'user' },
      });
    }
  }
  ctx.emit('community:contest-closed', { contest: id, period, winners });
}
