import { appendEntry, hasEntry } from '../ledger/ledger';
import { idOf, ledgerEntry } from '../ledger/stored-entry';
import type { IncentivesState, StoredEntry } from '../types';
import type { Ctx } from './shared';

/** What `reinstateAwards` credited again: the award entry repeated and the points. */
export interface Reinstated {
  entryId: string;
  points: number;
}

/**
 * The awards of `eventId` count again (a previous best version that is the best again once the better one is
 * undone): for each rule and wallet whose awards of the event are all reversed, a new award entry
 * `re:<reversal id>` credits what the last reversal took, with the original's times. Awards still held are left.
 */
export function reinstateAwards(
  state: IncentivesState,
  eventId: string,
  ctx: Pick<Ctx, 'event' | 'emit'> & { ruleId: string },
): { state: IncentivesState; reinstated: Reinstated[] } {
  const reversal = new Map<string, StoredEntry>();
  for (const e of state.entries) if (e.reverses !== undefined) reversal.set(e.reverses, e);
  const last = new Map<string, StoredEntry | null>();
  for (const e of state.entries) {
    if (e.kind !== 'award' || e.eventId !== eventId) continue;
    const key = `${e.ruleId}|${e.wallet}`;
    // null: the rule still holds an award of the event in this wallet, nothing to reinstate.
    if (last.get(key) !== null) last.set(key, reversal.has(idOf(e)) ? e : null);
  }
  let next = state;
  const reinstated: Reinstated[] = [];
  for (const award of last.values()) {
    const awardId = award ? idOf(award) : '';
    const taken = award ? reversal.get(awardId) : undefined;
    if (!award || !taken || taken.amount >= 0) continue;
    const id = ['re', idOf(taken)].join(':');
    if (hasEntry(next, id)) continue;
    const { reverses: _none, ...rest } = ledgerEntry(award);
    next = appendEntry(next, { ...rest, id, amount: -taken.amount, reason: `reinstated ${awardId}` });
    reinstated.push({ entryId: awardId, points: -taken.amount });
    ctx.emit('reward:reinstated', {
      eventId: ctx.event.id,
      userId: ctx.event.userId,
      ruleId: ctx.ruleId,
      wallet: award.wallet,
      points: -taken.amount,
      reinstates: awardId,
    });
  }
  return { state: next, reinstated };
}
