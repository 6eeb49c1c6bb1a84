import type { StoredEntry } from '../types';
import { availableAfter, expiresAfter } from './ledger';

/** The fields of an award entry as the slice keeps it (see `StoredEntry`). */
export interface AwardFields {
  eventId: string;
  ruleId: string;
  wallet: string;
  amount: number;
  at: number;
  /** Kept only when it is not the rule id. */
  reason?: string;
  validForDays?: number;
  pendingDays?: number;
}

/**
 * An award entry with its pending and expiry instants (those of `withCreditTimes`), built as one object literal
 * with every field it has, in the order `withCreditTimes` gives them: kind, event, rule, wallet, amount, time,
 * reason, availableAt, expiresAt. Fields set after a literal go to a property array of their own (about 40
 * bytes per entry, its two instants boxed in it): an entry in a wallet with pending or valid days is then ~25%
 * larger, on every award of a user's ledger.
 */
export function awardEntry(f: AwardFields): StoredEntry {
  const { eventId, ruleId, wallet, amount, at } = f;
  const availableAt = availableAfter(at, f.pendingDays);
  const expiresAt = expiresAfter(at, availableAt, f.validForDays);
  const kind = 'award';
  if (f.reason === undefined || f.reason === ruleId) {
    if (expiresAt === undefined)
      return availableAt === undefined
        ? { kind, eventId, ruleId, wallet, amount, at }
        : { kind, eventId, ruleId, wallet, amount, at, availableAt };
    return availableAt === undefined
      ? { kind, eventId, ruleId, wallet, amount, at, expiresAt }
      : { kind, eventId, ruleId, wallet, amount, at, availableAt, expiresAt };
  }
  const reason = f.reason;
  if (expiresAt === undefined)
    return availableAt === undefined
      ? { kind, eventId, ruleId, wallet, amount, at, reason }
      : { kind, eventId, ruleId, wallet, amount, at, reason, availableAt };
  return availableAt === undefined
    ? { kind, eventId, ruleId, wallet, amount, at, reason, expiresAt }
    : { kind, eventId, ruleId, wallet, amount, at, reason, availableAt, expiresAt };
}
