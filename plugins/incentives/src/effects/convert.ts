import type { EffectReport, EffectType, JsonSchema } from '@engageloop/core';
import { appendEntry, entryId, hasEntry, roundAmount } from '../ledger/ledger';
import { lowestAvailableFrom, walletBalanceOf } from '../ledger/wallets';
import { own } from '../model/state';
import { because } from '../reasons';
import { ID_PATTERN } from '../settings';
import type { IncentivesSettings } from '../settings-types';
import type { IncentivesState } from '../types';
import { type Ctx, readEventPath, settingsOf } from './shared';

/** Params of `incentives.convert`: move units from one wallet to another (points to a charity donation, say). */
export interface ConvertParams {
  /** The wallet taken from. */
  from: string;
  /** The wallet credited. */
  to: string;
  /** Fixed amount to take from `from`; or `amountPath` to read it from the event; or `all`. */
  amount?: number;
  /** JSONPath into the event where the amount is, e.g. `$.payload.points`. */
  amountPath?: string;
  /** Take the whole available balance of `from`. */
  all?: boolean;
  /** Units credited to `to` per unit taken from `from` (default 1). */
  rate?: number;
  reason?: string;
}

export const convertParamsSchema: JsonSchema = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  oneOf: [{ required: ['amount'] }, { required: ['amountPath'] }, { required: ['all'] }],
  properties: {
    from: { type: 'string', pattern: ID_PATTERN },
    to: { type: 'string', pattern: ID_PATTERN },
    amount: { type: 'number', exclusiveMinimum: 0 },
    amountPath: { type: 'string', pattern: '^\\$?\\.?[A-Za-z0-9_.-]+$' },
    all: { const: true },
    rate: { type: 'number', exclusiveMinimum: 0, default: 1 },
    reason: { type: 'string', maxLength: 200 },
  },
};

/** Moves points between wallets (e.g. points → charity 公益), once per (event, rule). */
export function convert(state: IncentivesState, params: ConvertParams, ctx: Ctx & { ruleId: string }) {
  const debitId = entryId(ctx.event.id, ctx.ruleId, params.from);
  if (hasEntry(state, debitId))
    return { state, report: { status: 'duplicate', ...because('already-converted') } as EffectReport };
  if (params.from === params.to)
    return { state, report: { status: 'skipped', ...because('same-wallet') } as EffectReport };
  const t = ctx.event.time;
  const available = walletBalanceOf(state, params.from, t).available;
  const raw = params.all ? available : (params.amount ?? readEventPath(ctx.event, params.amountPath ?? ''));
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) {
    return { state, report: { status: 'skipped', ...because('no-amount') } as EffectReport };
  }
  const amount = roundAmount(raw);
  const allowNegative = own(settingsOf(ctx).wallets, params.from)?.allowNegative === true;
  const spendable = Math.min(available, lowestAvailableFrom(state, params.from, t));
  if (amount > spendable && !allowNegative) {
    return {
      state,
      report: {
        status: 'skipped',
        ...because('insufficient-balance'),
        data: { available: spendable, amount },
      } as EffectReport,
    };
  }
  const credited = roundAmount(amount * (params.rate ?? 1));
  const reason = params.reason ?? `convert ${params.from} → ${params.to}`;
  const base = { kind: 'convert' as const, eventId: ctx.event.id, ruleId: ctx.ruleId, reason, at: t };
  let next = appendEntry(state, { ...base, id: debitId, wallet: params.from, amount: -amount });
  next = appendEntry(next, {
    ...base,
    id: entryId(ctx.event.id, ctx.ruleId, params.to),
    wallet: params.to,
    amount: credited,
  });
  ctx.emit('reward:converted', {
    eventId: ctx.event.id,
    userId: ctx.event.userId,
    from: params.from,
    to: params.to,
    points: amount,
    credited,
  });
  return { state: next, report: { status: 'applied', data: { points: amount, credited } } as EffectReport };
}

/** `incentives.convert`: convert points into another wallet (social value: charity donations). */
export const convertEffect: EffectType<IncentivesState, ConvertParams, IncentivesSettings> = {
  description: {
    en: 'Converts points into another wallet, e.g. a charity donation.',
    'zh-CN': '积分转换，例如捐赠给公益钱包。',
  },
  params: convertParamsSchema,
  apply(state, params, ctx) {
    const result = convert(state, params, ctx);
    ctx.report(result.report);
    return result.state;
  },
};
