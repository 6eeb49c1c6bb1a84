import type { EffectReport, EffectType, JsonSchema } from '@engageloop/core';
import { localized } from '@engageloop/core';
import { appendEntry, hasEntry, reversalId, reversibleEntries, roundAmount } from '../ledger/ledger';
import { hasId, idOf } from '../ledger/stored-entry';
import { lowestAvailableFrom } from '../ledger/wallets';
import { budgetCounterKey, budgetsFor, releaseUsage } from '../model/caps';
import { own } from '../model/state';
import { because } from '../reasons';
import { ID_PATTERN } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState, LedgerEntry, StoredEntry } from '../types';
import { reinstateAwards } from './revoke-reinstate';
import { type Ctx, readEventPath, settingsOf } from './shared';
import { withdrawContribution } from './withdraw';
import { notifyWithdrawn } from './withdraw-notice';

/** Params of `incentives.revoke`: reverse the awards an earlier event earned (a deleted review, an undo). */
export interface RevokeParams {
  /** The event whose awards are reversed… */
  eventId?: string;
  /** …or where to read its id in the current event, e.g. `$.payload.reviewEventId`. */
  eventIdPath?: string;
  /** Only the awards of this rule (default: every rule's). */
  ruleId?: string;
  /** Only the awards to this wallet (default: every wallet's). */
  wallet?: string;
  /** Why, kept on the reversing ledger entry. */
  reason?: string;
  /**
   * `points` (default): reverse the event's awards only. `event`: undo everything the event contributed —
   * its awards, action counts and distinct submissions — and recompute from what remains: milestones no
   * longer reached and badges no longer earned are withdrawn (`milestone:withdrawn`, `badge:withdrawn`, a
   * notice to the user in their locale) and a withdrawn milestone's award is reversed.
   */
  scope?: 'points' | 'event';
  /**
   * An event whose reversed awards count again (`reward:reinstated`): the previous best version of a task once
   * the better version that superseded it is undone. Awards of it still held are left as they are.
   */
  reinstate?: string;
}

export const revokeParamsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['eventId'] }, { required: ['eventIdPath'] }],
  properties: {
    eventId: { type: 'string', minLength: 1 },
    eventIdPath: { type: 'string', pattern: '^\\$?\\.?[A-Za-z0-9_.-]+$' },
    ruleId: { type: 'string' },
    wallet: { type: 'string', pattern: ID_PATTERN },
    reason: { type: 'string', maxLength: 200 },
    scope: { enum: ['points', 'event'], default: 'points' },
    reinstate: { type: 'string', minLength: 1 },
  },
};

/**
 * Reverses the (not yet reversed) awards of an event with new entries that reference them.
 * A wallet that does not allow negative balances is reversed only down to zero (reported `capped`).
 */
export function revoke(state: IncentivesState, params: RevokeParams, ctx: Ctx & { ruleId: string }) {
  const result = revokeTarget(state, params, ctx);
  if (params.reinstate === undefined) return result;
  const back = reinstateAwards(result.state, params.reinstate, ctx);
  if (back.reinstated.length === 0) return result;
  const data = result.report.status === 'skipped' ? {} : result.report.data;
  const report: EffectReport =
    result.report.status === 'skipped'
      ? { status: 'applied', data: { reversed: [], reinstated: back.reinstated } }
      : { ...result.report, data: { ...data, reinstated: back.reinstated } };
  return { state: back.state, report };
}

/** Reverses the target event's awards (and with scope `event` what else it contributed). */
function revokeTarget(state: IncentivesState, params: RevokeParams, ctx: Ctx & { ruleId: string }) {
  const settings = settingsOf(ctx);
  const target = params.eventId ?? readEventPath(ctx.event, params.eventIdPath ?? '');
  if (typeof target !== 'string' || target === '') {
    return { state, report: { status: 'skipped', ...because('no-event-id') } satisfies EffectReport };
  }
  const originals = reversibleEntries(state, {
    eventId: target,
    ruleId: params.ruleId,
    wallet: params.wallet,
  });
  if (params.scope !== 'event') {
    if (originals.length === 0)
      return { state, report: { status: 'skipped', ...because('nothing-to-revoke') } as EffectReport };
    return reverseEntries(state, originals, params, ctx, settings);
  }
  const taken = withdrawContribution(state, target, ctx, settings);
  const { withdrawn } = taken;
  // A withdrawn milestone's award is reversed too, whichever event reached it.
  const lostAwards = withdrawn.milestones.flatMap((m) =>
    reversibleEntries(taken.state, { ruleId: `milestone:${m}`, wallet: params.wallet }),
  );
  const all = [...originals, ...lostAwards.filter((e) => !originals.includes(e))];
  const nothing = withdrawn.badges.length === 0 && withdrawn.milestones.length === 0;
  if (all.length === 0 && nothing && taken.state === state)
    return { state, report: { status: 'skipped', ...because('nothing-to-revoke') } as EffectReport };
  const result =
    all.length === 0
      ? { state: taken.state, report: { status: 'applied', data: { reversed: [] } } as EffectReport }
      : releaseCaps(reverseEntries(taken.state, all, params, ctx, settings), all, ctx, settings);
  if (!nothing) notifyWithdrawn(ctx, settings, withdrawn);
  const report: EffectReport = {
    ...result.report,
    data: { ...result.report.data, withdrawn },
  };
  return { state: result.state, report };
}

/**
 * An undo frees the room its reversed awards took: in the per-user caps their rule and wallet reach, and in
 * the global budgets when the award fell in the undo's own budget period (the counter `prepare` loaded).
 */
function releaseCaps(
  result: { state: IncentivesState; report: EffectReport },
  originals: readonly StoredEntry[],
  ctx: Ctx,
  settings: IncentivesSettings,
) {
  if (settings.caps.length === 0 && settings.budgets.length === 0) return result;
  const reversed = (result.report.data?.reversed ?? []) as Array<{ entryId: string; points: number }>;
  const tz = ctx.policy.defaults.timezone;
  let state = result.state;
  for (const { entryId, points } of reversed) {
    const original = originals.find((e) => hasId(e, entryId));
    // A milestone's award is outside caps and budgets (`reachMilestones` awards it without limits).
    if (!original || original.ruleId.startsWith('milestone:')) continue;
    const input = {
      ruleId: original.ruleId,
      wallet: original.wallet,
      t: original.at,
      timeZone: ctx.timezone,
    };
    state = releaseUsage(state, { ...input, caps: settings.caps }, points);
    for (const budget of budgetsFor(settings.budgets, original.ruleId, original.wallet)) {
      const key = budgetCounterKey(budget, original.at, tz);
      if (key === budgetCounterKey(budget, ctx.event.time, tz)) ctx.addCounter(key, -points);
    }
  }
  return { state, report: result.report };
}

/** Reversal entries for `originals` (down to zero for wallets that do not allow negative balances). */
function reverseEntries(
  state: IncentivesState,
  originals: readonly StoredEntry[],
  params: RevokeParams,
  ctx: Ctx & { ruleId: string },
  settings: IncentivesSettings,
): { state: IncentivesState; report: EffectReport } {
  let next = state;
  const reversed: Array<{ entryId: string; points: number }> = [];
  let short = 0;
  for (const original of originals) {
    const originalId = idOf(original);
    const id = reversalId(originalId);
    if (hasEntry(next, id)) continue;
    const at = Math.max(ctx.event.time, original.at);
    const entry: LedgerEntry = {
      id,
      kind: 'revoke',
      eventId: ctx.event.id,
      ruleId: ctx.ruleId,
      wallet: original.wallet,
      amount: -original.amount,
      reason: params.reason ?? `revoke ${originalId}`,
      at,
      reverses: originalId,
    };
    let candidate = appendEntry(next, entry);
    const allowNegative = own(settings.wallets, original.wallet)?.allowNegative === true;
    const after = lowestAvailableFrom(candidate, original.wallet, at);
    if (after < 0 && !allowNegative) {
      const amount = roundAmount(original.amount + after);
      short += original.amount - amount;
      if (amount <= 0) continue;
      candidate = appendEntry(next, { ...entry, amount: -amount });
    }
    next = candidate;
    const points = -next.entries[next.entries.length - 1]!.amount;
    reversed.push({ entryId: originalId, points });
    ctx.emit('reward:revoked', {
      eventId: ctx.event.id,
      userId: ctx.event.userId,
      ruleId: ctx.ruleId,
      wallet: original.wallet,
      points,
      reverses: originalId,
    });
  }
  const report: EffectReport =
    short > 0
      ? {
          status: 'capped',
          reason: `insufficient balance: ${roundAmount(short)} not reversed`,
          reasonText: localized(
            `insufficient balance: ${roundAmount(short)} not reversed`,
            `余额不足：${roundAmount(short)} 未能撤回`,
          ),
          data: { reversed },
        }
      : { status: 'applied', data: { reversed } };
  return { state: next, report };
}

/** `incentives.revoke`: reversal entries for the awards of an event (never edits or deletes). */
export const revokeEffect: EffectType<IncentivesState, RevokeParams, IncentivesSettings> = {
  description: {
    en: 'Reverses the awards of an event with reversal entries (undo, fraud, deleted review).',
    'zh-CN': '以冲正记录撤销某事件的积分奖励（撤销、作弊、删除评价）。',
  },
  params: revokeParamsSchema,
  apply(state, params, ctx) {
    const result = revoke(state, params, ctx);
    ctx.report(result.report);
    return result.state;
  },
};
