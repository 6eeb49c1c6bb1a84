import type { StoredEntry } from '../types';
import { availableAfter, expiresAfter } from './ledger';

/**
 * An award entry with its pending and expiry instants (those of `withCreditTimes`), built as one object literal
 * with every field it has, in the order `withCreditTimes` gives them: kind, event, rule, wallet, amount, time,
 * reason, availableAt, expiresAt. Fields set after a literal go to a property array of their own (about 40
 * bytes per entry, its two instants boxed in it): an entry in a wallet with pending or valid days is then ~25%
 * larger, on every award of a user's ledger. The fields are passed one by one: an object of them, built for the
 * call on every award, is thrown away at once. `reason` is kept only when it is not the rule id.
 */
export function awardEntry(
  eventId: string,
  ruleId: string,
  wallet: string,
  amount: number,
  at: number,
  reason: string | undefined,
  validForDays: number | undefined,
  pendingDays: number | undefined,
): StoredEntry {
  const availableAt = availableAfter(at, pendingDays);
  const expiresAt = expiresAfter(at, availableAt, validForDays);
  const kind = 'award';
  if (reason === undefined || reason === ruleId) {
    if (expiresAt === undefined)
      return availableAt === undefined
        ? { kind, eventId, ruleId, wallet, amount, at }
        : { kind, eventId, ruleId, wallet, amount, at, availableAt };
    return availableAt === undefined
      ? { kind, eventId, ruleId, wallet, amount, at, expiresAt }
      : { kind, eventId, ruleId, wallet, amount, at, availableAt, expiresAt };
  }
  if (expiresAt === undefined)
    return availableAt === undefined
      ? { kind, eventId, ruleId, wallet, amount, at, reason }
      : { kind, eventId, ruleId, wallet, amount, at, reason, availableAt };
  return availableAt === undefined
    ? { kind, eventId, ruleId, wallet, amount, at, reason, expiresAt }
    : { kind, eventId, ruleId, wallet, amount, at, reason, availableAt, expiresAt };
}
