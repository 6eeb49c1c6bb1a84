import { type Period, periodKey } from '@engageloop/core';
import { asRecord, defineInvariant, pluginSettings, stableJson, timezoneOf } from './define';

const hasIncentives = (
  policy: Parameters<typeof pluginSettings>[0],
  registry: Parameters<typeof pluginSettings>[1],
) => pluginSettings(policy, registry, 'incentives') !== undefined;

/**
 * One award per event, rule and wallet, however often the event is delivered (duplicates, retries with
 * the same id); and dispatching every event again afterwards changes no state and sends nothing new.
 */
export const noDoubleAward = defineInvariant(
  'no double award on replay or retry',
  (run) => {
    const seen = new Set<string>();
    for (const s of run.signals) {
      if (s.name !== 'reward:granted') continue;
      const key = `${String(s.payload.eventId)}|${String(s.payload.ruleId)}|${String(s.payload.wallet)}`;
      if (seen.has(key)) {
        return `event ${String(s.payload.eventId)} was awarded twice by rule ${String(s.payload.ruleId)} (step ${s.step + 1})`;
      }
      seen.add(key);
    }
    if (run.replay) {
      for (const [userId, user] of Object.entries(run.replay.after.users)) {
        if (stableJson(user.slices) !== stableJson(run.final.users[userId]?.slices)) {
          return `replaying the events changed ${userId}'s state`;
        }
      }
      if (run.replay.after.outbox.length !== run.final.outbox.length) {
        return `replaying the events queued ${run.replay.after.outbox.length - run.final.outbox.length} new message(s)`;
      }
    }
    return undefined;
  },
  hasIncentives,
);

interface CapLike {
  id: string;
  rules?: string[];
  wallet?: string;
  period: Period;
  max: number;
}

function capsOf(value: unknown): CapLike[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c) => {
    const r = asRecord(c);
    if (!r || typeof r.max !== 'number' || typeof r.period !== 'string') return [];
    const cap: CapLike = { id: String(r.id), period: r.period as Period, max: r.max };
    if (Array.isArray(r.rules)) cap.rules = r.rules.map(String);
    if (typeof r.wallet === 'string') cap.wallet = r.wallet;
    return [cap];
  });
}

/**
 * Per-user caps (`settings.incentives.caps`, per period in the user's time zone) and global budgets
 * (`settings.incentives.budgets`, per period in the policy's default time zone) are never exceeded by
 * the points granted.
 */
export const capsHold = defineInvariant(
  'caps hold',
  (run) => {
    const settings = asRecord(run.policy.settings.incentives) ?? {};
    const check = (caps: CapLike[], global: boolean): string | undefined => {
      for (const cap of caps) {
        const used = new Map<string, number>();
        for (const s of run.signals) {
          if (s.name !== 'reward:granted') continue;
          const p = s.payload;
          if (cap.rules && !cap.rules.includes(String(p.ruleId))) continue;
          if (cap.wallet !== undefined && cap.wallet !== p.wallet) continue;
          const time = run.eventTimes.get(String(p.eventId));
          if (time === undefined) continue;
          const userId = String(p.userId);
          const tz = global ? run.policy.defaults.timezone : timezoneOf(run, userId);
          const key = `${global ? '*' : userId} ${periodKey(time, tz, cap.period)}`;
          const total = (used.get(key) ?? 0) + Number(p.points);
          used.set(key, total);
          if (total > cap.max) {
            return `${global ? 'budget' : 'cap'} "${cap.id}" (max ${cap.max} per ${cap.period}) reached ${total} for ${key}`;
          }
        }
      }
      return undefined;
    };
    return check(capsOf(settings.caps), false) ?? check(capsOf(settings.budgets), true);
  },
  hasIncentives,
);
