import type { EffectReport, EffectType, JsonSchema } from '@engageloop/core';
import { localized } from '@engageloop/core';
import { awardEntry } from '../ledger/award-entry';
import { noteLastId } from '../ledger/last-id';
import { appendEntry, entryId, hasEntry, roundAmount } from '../ledger/ledger';
import { hashId } from '../ledger/ledger-index';
import { budgetCounterKey, budgetsFor, type CapHit, limitAward, recordUsage } from '../model/caps';
import { baseOf, noteBase } from '../model/dispatch-base';
import { multiplierFactor } from '../model/multipliers';
import { own } from '../model/state';
import { because } from '../reasons';
import { ID_PATTERN } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { type Ctx, settingsOf } from './shared';
import { reviewAwarded } from './tier-review';

/** Params of `incentives.award`: credit `amount` to a wallet once per event, rule and wallet. */
export interface AwardParams {
  /** Points (or units of the wallet) to credit, before multipliers and caps. */
  amount: number;
  /** The wallet to credit (default `points`); declared in `settings.incentives.wallets` unless `points`. */
  wallet?: string;
  /** Why, kept on the ledger entry and shown to the user. */
  reason?: string;
  /** The credit expires this many days after it is granted. */
  validForDays?: number;
  /** The credit becomes spendable only after this many days (e.g. after the return period). */
  pendingDays?: number;
  /** Caps or budgets (by id) that limit this award, in addition to those matching by rule and wallet. */
  caps?: string[];
  /** Apply the policy's multipliers (default true). */
  multipliers?: boolean;
}

export const awardParamsSchema: JsonSchema = {
  type: 'object',
  required: ['amount'],
  additionalProperties: false,
  properties: {
    amount: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Points (or units) to credit before multipliers.',
    },
    wallet: { type: 'string', pattern: ID_PATTERN, default: 'points' },
    reason: { type: 'string', maxLength: 200 },
    validForDays: { type: 'number', exclusiveMinimum: 0 },
    pendingDays: { type: 'number', minimum: 0 },
    caps: { type: 'array', items: { type: 'string', pattern: ID_PATTERN } },
    multipliers: { type: 'boolean', default: true },
  },
};

/** `award`'s options when none are given (one object, not one per award). */
const DEFAULT_OPTIONS: { limits?: boolean } = Object.freeze({});

/** What an award needs from its context. */
export type AwardContext = Pick<
  Ctx,
  'event' | 'timezone' | 'policy' | 'settings' | 'counter' | 'addCounter' | 'emit'
> & {
  ruleId: string;
  /**
   * The dispatch's memo (`Ctx.memo`), when the caller has one: the slice it started from is looked up there, and an
   * award notes there that slice and the entry it appended (`noteBase`, `noteLastId`).
   */
  memo?: Record<string, unknown>;
};

/** Credits a wallet once per (event, rule, wallet), through multipliers, caps and budgets. */
export function award(
  state: IncentivesState,
  params: AwardParams,
  ctx: AwardContext,
  settings: IncentivesSettings = settingsOf(ctx),
  options: { limits?: boolean } = DEFAULT_OPTIONS,
): { state: IncentivesState; report: EffectReport } {
  const event = ctx.event;
  const ruleId = ctx.ruleId;
  const wallet = params.wallet ?? 'points';
  const id = entryId(event.id, ruleId, wallet);
  const memo = ctx.memo;
  // Hashed once, with a memo: the duplicate check reads the hash, and the id hashes of the slice the dispatch leaves
  // take it for the entry appended here (noted below) instead of hashing the id again after the rules.
  const full = memo === undefined ? undefined : hashId(id);
  if (hasEntry(state, id, (memo && baseOf(memo)) ?? state, memo, full))
    return { state, report: { status: 'duplicate', ...because('already-awarded'), data: { entryId: id } } };
  const t = event.time;
  const tier = state.tier?.id ?? settings.tiers.levels[0]?.id;
  const factor =
    params.multipliers === false || settings.multipliers.length === 0
      ? 1
      : multiplierFactor(settings.multipliers, { ruleId, wallet, tier, t });
  const requested = roundAmount(params.amount * factor);
  const capInput =
    options.limits === false ? undefined : capInputOf(ctx, settings, params, wallet, requested);
  let granted = requested;
  let hits: CapHit[] | undefined;
  if (capInput) ({ granted, hits } = limitAward(state, capInput));
  const reason = params.reason ?? ruleId;
  let next = state;
  if (granted > 0) {
    const walletSettings = own(settings.wallets, wallet);
    const entry = awardEntry(
      event.id,
      ruleId,
      wallet,
      granted,
      t,
      reason,
      params.validForDays ?? walletSettings?.validForDays,
      params.pendingDays ?? walletSettings?.pendingDays,
    );
    next = appendEntry(state, entry);
    if (memo !== undefined) {
      noteBase(memo, state);
      noteLastId(memo, next.entries, id, state.entries, full! >> 1);
    }
    if (capInput) {
      next = recordUsage(next, capInput, granted);
      for (const b of budgetsFor(capInput.budgets, ruleId, wallet, capInput.named)) {
        ctx.addCounter(budgetCounterKey(b, t, ctx.policy.defaults.timezone), granted);
      }
    }
    ctx.emit('reward:granted', {
      eventId: event.id,
      userId: event.userId,
      ruleId,
      wallet,
      points: granted,
      requested,
      multiplier: factor,
      reason,
      entryId: id,
    });
  }
  if (hits === undefined || hits.length === 0)
    return {
      state: next,
      report: { status: 'applied', data: { entryId: id, points: granted, multiplier: factor } },
    };
  ctx.emit('reward:capped', {
    eventId: event.id,
    userId: event.userId,
    ruleId,
    wallet,
    requested,
    granted,
    caps: hits,
  });
  return { state: next, report: cappedReport(id, requested, granted, hits) };
}

/**
 * What limits an award of `requested` to `wallet` (`limitAward`'s input): undefined when the policy has no caps or
 * budgets (nothing limits it, nothing is recorded). Built here rather than in `award`: the budget reader's closure
 * would make `award` keep its context and time in a context object of their own on every call.
 */
function capInputOf(
  ctx: AwardContext,
  settings: IncentivesSettings,
  params: AwardParams,
  wallet: string,
  requested: number,
) {
  const { caps, budgets } = settings;
  if (caps.length === 0 && budgets.length === 0) return undefined;
  const t = ctx.event.time;
  return {
    ruleId: ctx.ruleId,
    wallet,
    amount: requested,
    t,
    timeZone: ctx.timezone,
    caps,
    budgets,
    named: params.caps ?? [],
    budgetUsed: (b: IncentivesSettings['budgets'][number]) =>
      ctx.counter(budgetCounterKey(b, t, ctx.policy.defaults.timezone)),
  };
}

/** The report of an award the caps or budgets `hits` limited to `granted` of `requested`. */
function cappedReport(id: string, requested: number, granted: number, hits: CapHit[]): EffectReport {
  const names = (zh: boolean) =>
    hits
      .map((h) =>
        zh
          ? `${h.kind === 'cap' ? '上限' : '预算'} ${h.id}${h.reason === 'late' ? '（迟到事件）' : ''}`
          : `${h.kind} ${h.id}${h.reason === 'late' ? ' (late event)' : ''}`,
      )
      .join(zh ? '、' : ', ');
  return {
    status: 'capped',
    reason: `${granted} of ${requested} granted: ${names(false)}`,
    reasonText: localized(
      `${granted} of ${requested} granted: ${names(false)}`,
      `申请 ${requested}，发放 ${granted}：受 ${names(true)} 限制`,
    ),
    data: { entryId: id, points: granted, requested },
  };
}

/** `incentives.award`: credit points (or any unit) to a wallet. */
export const awardEffect: EffectType<IncentivesState, AwardParams, IncentivesSettings> = {
  description: {
    en: 'Credits a wallet once per event, rule and wallet; multipliers, caps and budgets apply.',
    'zh-CN': '向钱包发放积分（每个事件、规则、钱包仅一次），应用倍率、上限与预算。',
  },
  params: awardParamsSchema,
  apply(state, params, ctx) {
    // The award notes in the memo the slice it started from and the id it appended (`noteBase`, `noteLastId`).
    // The slice it returns is reviewed there when the review after the stage would only read it (`reviewAwarded`).
    const result = award(state, params, ctx);
    reviewAwarded(result.state, state, ctx, settingsOf(ctx));
    ctx.report(result.report);
    return result.state;
  },
};
