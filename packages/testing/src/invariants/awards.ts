import { configures, defineInvariant, stableJson } from './define';
import { walletOf } from './policy-view';

const hasIncentives = configures('incentives');

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
      // An event that failed the first time was not recorded: delivering it again may rightly apply it
      // (at-least-once delivery). Its user's state is then not compared; any other event applying twice is a bug.
      const applied = new Set<string>();
      const userOf = new Map<string, string>();
      for (const step of run.steps) {
        if (!step.event) continue;
        userOf.set(step.event.id, step.event.userId ?? step.event.entity ?? '');
        if (step.outcomes[0]?.status === 'applied') applied.add(step.event.id);
      }
      const retried = new Set<string>();
      for (const o of run.replay.outcomes) {
        const userId = userOf.get(o.eventId);
        if (o.status !== 'applied' || userId === undefined) continue;
        if (applied.has(o.eventId)) return `replaying event ${o.eventId} applied it a second time`;
        retried.add(userId);
      }
      for (const [userId, user] of Object.entries(run.replay.after.users)) {
        if (retried.has(userId)) continue;
        if (stableJson(user.slices) !== stableJson(run.final.users[userId]?.slices)) {
          return `replaying the events changed ${userId}'s state`;
        }
      }
      const counted = (outbox: typeof run.final.outbox) =>
        outbox.filter((m) => !retried.has(m.userId)).length;
      const added = counted(run.replay.after.outbox) - counted(run.final.outbox);
      if (added !== 0) return `replaying the events queued ${added} new message(s)`;
    }
    return undefined;
  },
  hasIncentives,
);

/**
 * A rule pays at most one award per event into each wallet, so its effects never list two awards
 * into the same wallet: the engine keeps the first (one ledger entry per event, rule and wallet) and
 * drops the others, so the rule pays less than it says. Checked on every dispatch that ran such a rule.
 */
export const oneAwardPerRule = defineInvariant(
  'one award per rule, wallet and event',
  (run) => {
    for (const step of run.steps) {
      for (const o of step.outcomes) {
        if (o.status !== 'applied') continue;
        const seen = new Set<string>();
        for (const e of o.effects) {
          if (e.type !== 'incentives.award') continue;
          const key = `${e.ruleId}|${walletOf(e.params)}`;
          if (seen.has(key)) {
            const dropped = e.report.status === 'duplicate' ? ', and the engine dropped the second' : '';
            return `rule "${e.ruleId}" lists two incentives.award effects into "${walletOf(e.params)}" for event ${o.eventId} (step ${step.index + 1})${dropped}: a rule pays one award per event and wallet`;
          }
          seen.add(key);
        }
      }
    }
    return undefined;
  },
  hasIncentives,
);
