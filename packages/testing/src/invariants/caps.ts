import { type NormalizedRule, type Period, periodKey } from '@engageloop/core';
import { undoTypes } from '../arbitraries/event-types';
import type { PolicyRun } from '../run/types';
import { asRecord, configures, defineInvariant, timezoneOf } from './define';
import { awardWallets, eventTypesOf, named } from './policy-view';

const hasIncentives = configures('incentives');

interface CapLike {
  id: string;
  rules?: string[];
  wallet?: string;
  period: Period;
  max: number;
  /** A budget (one total for all users, periods in the policy's time zone) rather than a per-user cap. */
  global: boolean;
}

function capsOf(value: unknown, global: boolean): CapLike[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c) => {
    const r = asRecord(c);
    if (!r || typeof r.max !== 'number' || typeof r.period !== 'string') return [];
    const cap: CapLike = { id: String(r.id), period: r.period as Period, max: r.max, global };
    if (Array.isArray(r.rules)) cap.rules = r.rules.map(String);
    if (typeof r.wallet === 'string') cap.wallet = r.wallet;
    return [cap];
  });
}

/** Per-user caps, then global budgets, of `settings.incentives`. */
function limitsOf(run: Pick<PolicyRun, 'policy'>): CapLike[] {
  const settings = asRecord(run.policy.settings.incentives) ?? {};
  return [...capsOf(settings.caps, false), ...capsOf(settings.budgets, true)];
}

type Grant = Record<string, unknown>;

/**
 * Adds up the `reward:granted` points `counts` selects, per user (or all users, for a budget) and
 * period of `cap`; returns the first total above the cap's max, with the rules that paid into it. An award an
 * undo reversed (`reward:revoked` during an event of an undo type) gives its room back.
 */
function firstExcess(run: PolicyRun, cap: CapLike, counts: (grant: Grant) => boolean) {
  const used = new Map<string, { total: number; rules: Set<string> }>();
  const counted = new Map<string, string>();
  const undo = undoTypes(run.policy);
  for (const s of run.signals) {
    if (s.name === 'reward:revoked') {
      const type = run.steps[s.step]?.event?.type;
      const key = counted.get(String(s.payload.reverses));
      const sum = key === undefined ? undefined : used.get(key);
      if (type !== undefined && undo.has(type) && sum) sum.total -= Number(s.payload.points);
      continue;
    }
    if (s.name !== 'reward:granted' || !counts(s.payload)) continue;
    const p = s.payload;
    const time = run.eventTimes.get(String(p.eventId));
    if (time === undefined) continue;
    const userId = String(p.userId);
    const tz = cap.global ? run.policy.defaults.timezone : timezoneOf(run, userId);
    const key = `${cap.global ? '*' : userId} ${periodKey(time, tz, cap.period)}`;
    const sum = used.get(key) ?? { total: 0, rules: new Set<string>() };
    sum.total += Number(p.points);
    sum.rules.add(String(p.ruleId));
    used.set(key, sum);
    counted.set([String(p.eventId), String(p.ruleId), String(p.wallet)].join(':'), key);
    if (sum.total > cap.max) return { key, ...sum };
  }
  return undefined;
}

const label = (cap: CapLike) =>
  `${cap.global ? 'budget' : 'cap'} "${cap.id}" (max ${cap.max} per ${cap.period})`;

/**
 * Per-user caps (`settings.incentives.caps`, per period in the user's time zone) and global budgets
 * (`settings.incentives.budgets`, per period in the policy's default time zone) are never exceeded by
 * the points granted by the rules they list (and into the wallet they name).
 */
export const capsHold = defineInvariant(
  'caps hold',
  (run) => {
    for (const cap of limitsOf(run)) {
      const over = firstExcess(
        run,
        cap,
        (p) =>
          (cap.rules === undefined || cap.rules.includes(String(p.ruleId))) &&
          (cap.wallet === undefined || cap.wallet === p.wallet),
      );
      if (over) return `${label(cap)} reached ${over.total} for ${over.key}`;
    }
    return undefined;
  },
  hasIncentives,
);

/** Rules a cap limits by name: listed in its `rules`, or naming it in an award's `caps`. */
function coveredBy(cap: CapLike, rules: readonly NormalizedRule[]): NormalizedRule[] {
  return rules.filter((r) => cap.rules?.includes(r.id) || named(r).includes(cap.id));
}

/**
 * A cap that limits some rules limits what users earn for the events those rules listen to: the points
 * paid into the cap's wallet (its `wallet`, else the wallets those rules' awards pay into) for those
 * event types, by ANY rule, stay within the cap per period. Not counted: milestone awards (the policy
 * declares them in `milestones`, outside caps) and rules another cap or budget limits by name (declared
 * limits of their own). Catches a second rule paying for the same event outside the cap, and an award
 * left out of the cap it was meant to join (`"caps": []`). Caps without a `rules` list limit every
 * rule already (see `caps hold`).
 */
export const capsHoldPerEvent = defineInvariant(
  'caps hold across every rule paying for a capped event',
  (run) => {
    const rules = run.policy.rules;
    const limits = limitsOf(run);
    const typeOf = eventTypesOf(run);
    for (const cap of limits) {
      if (cap.rules === undefined) continue;
      const covered = coveredBy(cap, rules);
      if (covered.length === 0) continue;
      const anyType = covered.some((r) => r.on === null);
      const types = new Set(covered.flatMap((r) => r.on ?? []));
      const wallets = new Set(cap.wallet !== undefined ? [cap.wallet] : covered.flatMap(awardWallets));
      const ownLimits = new Set(
        limits.filter((c) => c !== cap).flatMap((c) => coveredBy(c, rules).map((r) => r.id)),
      );
      const inCap = new Set(covered.map((r) => r.id));
      const over = firstExcess(run, cap, (p) => {
        const ruleId = String(p.ruleId);
        if (ruleId.startsWith('milestone:') || (ownLimits.has(ruleId) && !inCap.has(ruleId))) return false;
        const type = typeOf.get(String(p.eventId));
        return wallets.has(String(p.wallet)) && (anyType || (type !== undefined && types.has(type)));
      });
      if (over) {
        const outside = [...over.rules].filter((r) => !inCap.has(r));
        const why =
          outside.length > 0
            ? `: ${outside.map((r) => `"${r}"`).join(', ')} also pay${outside.length === 1 ? 's' : ''} for ${[...types].join(', ') || 'these events'} outside the cap`
            : '';
        return `${label(cap)} on ${[...types].join(', ') || 'every event'} into ${[...wallets].join(', ')} reached ${over.total} for ${over.key}${why}`;
      }
    }
    return undefined;
  },
  hasIncentives,
);
