import { asRecord, defineInvariant, type pluginSettings } from './define';
import { entriesOf, openingOf, walletTotals } from './ledger-view';

const hasIncentives = (
  policy: Parameters<typeof pluginSettings>[0],
  registry: Parameters<typeof pluginSettings>[1],
) => registry.plugin('incentives') !== undefined && policy.settings.incentives !== undefined;

/**
 * No wallet ever goes below zero (after any step), unless the policy's wallet allows it
 * (`settings.incentives.wallets.<w>.allowNegative`).
 */
export const noNegativeBalance = defineInvariant(
  'no negative balance',
  (run) => {
    const wallets = asRecord(asRecord(run.policy.settings.incentives)?.wallets) ?? {};
    for (const step of run.steps) {
      for (const [userId, user] of Object.entries(step.users)) {
        for (const [wallet, total] of walletTotals(user)) {
          if (asRecord(wallets[wallet])?.allowNegative === true) continue;
          if (total < 0) return `after step ${step.index + 1}, ${userId}'s "${wallet}" balance is ${total}`;
        }
      }
    }
    return undefined;
  },
  hasIncentives,
);

/**
 * The ledger is the truth: each wallet's total equals the sum of its entries, every entry is a finite
 * number, entry ids are unique, and the granted/revoked/converted events add up to the same totals.
 */
export const balanceMatchesLedger = defineInvariant(
  'balance = sum of ledger entries',
  (run) => {
    const expected = new Map<string, number>();
    const add = (userId: unknown, wallet: unknown, amount: unknown) => {
      const key = `${String(userId)}|${String(wallet)}`;
      expected.set(key, (expected.get(key) ?? 0) + Number(amount));
    };
    for (const s of run.signals) {
      const p = s.payload;
      if (s.name === 'reward:granted') add(p.userId, p.wallet, p.points);
      if (s.name === 'reward:revoked') add(p.userId, p.wallet, -Number(p.points));
      if (s.name === 'reward:converted') {
        add(p.userId, p.from, -Number(p.points));
        add(p.userId, p.to, p.credited);
      }
    }
    for (const [userId, user] of Object.entries(run.final.users)) {
      const entries = entriesOf(user);
      const ids = new Set<string>();
      for (const e of entries) {
        if (!Number.isFinite(e.amount)) return `${userId} has a ledger entry ${e.id} without a finite amount`;
        if (ids.has(e.id)) return `${userId} has two ledger entries with id ${e.id}`;
        ids.add(e.id);
      }
      if (openingOf(user).size > 0) continue;
      const totals = walletTotals(user);
      const wallets = new Set([...totals.keys()]);
      for (const key of expected.keys())
        if (key.startsWith(`${userId}|`)) wallets.add(key.slice(userId.length + 1));
      for (const wallet of wallets) {
        const fromEvents = Math.round((expected.get(`${userId}|${wallet}`) ?? 0) * 1e6) / 1e6;
        const fromLedger = Math.round((totals.get(wallet) ?? 0) * 1e6) / 1e6;
        if (fromEvents !== fromLedger) {
          return `${userId}'s "${wallet}" ledger sums to ${fromLedger} but the reward events add up to ${fromEvents}`;
        }
      }
    }
    return undefined;
  },
  hasIncentives,
);
