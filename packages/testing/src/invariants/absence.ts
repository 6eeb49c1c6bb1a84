import type { UserState } from '@engageloop/core';
import { undoTypes } from '../arbitraries/event-types';
import type { PolicyRun, RunSnapshot } from '../run/types';
import { asRecord, defineInvariant, stableJson } from './define';
import { entriesOf, openingOf } from './ledger-view';
import { undoneAt } from './unearned';

const DECIDED = new Set(['adopted', 'declined', 'duplicate', 'closed']);

/** A plain record's own entries, `[]` for anything else. */
const entries = (value: unknown): Array<[string, unknown]> => Object.entries(asRecord(value) ?? {});

/** What a user's incentives slice shows besides points: badges and levels, milestones, counts, distinct keys and their best, streaks. */
function incentivesView(user: UserState | undefined) {
  const s = asRecord(user?.slices.incentives) ?? {};
  const held = entries(s.distinct).filter(([, keys]) => Array.isArray(keys) && keys.length > 0);
  const distinct = held.map(([counter, keys]) => [
    counter,
    (Array.isArray(keys) ? keys : []).map((k) => {
      const subs = asRecord(k)?.subs;
      const scores = (Array.isArray(subs) ? subs : []).map((x) => asRecord(x)?.score);
      const best = Math.max(...scores.map((x) => (typeof x === 'number' ? x : -Infinity)));
      return [String(asRecord(k)?.key), best];
    }),
  ]);
  return {
    badges: entries(s.badges).map(([id, b]) => [id, asRecord(b)?.level]),
    milestones: Object.keys(asRecord(s.milestones) ?? {}).sort(),
    actions: s.actions ?? {},
    distinct,
    streaks: entries(s.streaks).map(([id, st]) => {
      const r = asRecord(st) ?? {};
      return [id, r.count, r.last, r.best];
    }),
  };
}

/** The kept best version of each task (replies), and the user's community reactions, ratings and groups. */
function othersView(user: UserState | undefined) {
  const best = asRecord(user?.slices.replies)?.best;
  const c = asRecord(asRecord(user?.slices.community)?.user) ?? {};
  return {
    best: (Array.isArray(best) ? best : []).map((b) => [asRecord(b)?.taskId, asRecord(b)?.eventId]),
    reacted: c.reacted ?? {},
    // A user part the undo created holds no ratings: the same as none.
    ratings: Number(asRecord(c.ratings)?.count ?? 0) > 0 ? c.ratings : null,
    groups: c.groups ?? {},
  };
}

/**
 * Points per wallet (rounded to hundredths, zero wallets left out) of the awards the journey's own events
 * earned, with their reversals: what derived events credited (a like's point to the post's author, a contest
 * award) is left out, as an undo does not reach it (see the incentives guide, "Undo").
 */
function points(user: UserState | undefined, own: ReadonlySet<string>): Record<string, number> {
  const all = entriesOf(user);
  const byId = new Map(all.map((e) => [e.id, e]));
  const out: Record<string, number> = {};
  for (const [wallet, total] of openingOf(user)) out[wallet] = total;
  for (const e of all) {
    const award = e.reverses === undefined ? e : byId.get(e.reverses);
    if (award && own.has(award.eventId)) out[e.wallet] = (out[e.wallet] ?? 0) + e.amount;
  }
  for (const [wallet, total] of Object.entries(out)) {
    const rounded = Math.round(total * 100) / 100;
    if (rounded === 0) delete out[wallet];
    else out[wallet] = rounded;
  }
  return out;
}

/** What the issue lists as undoable results, in a snapshot: per user, plus counters and open needs. */
function observed(snapshot: RunSnapshot, undoer: string, own: ReadonlySet<string>) {
  const users = Object.keys(snapshot.users)
    .sort()
    .map((id) => {
      const user = snapshot.users[id];
      const view = { id, ...incentivesView(user), ...othersView(user) };
      // Points another user earned from the undone event (through derived events) are theirs: see the guide.
      return id === undoer ? { ...view, points: points(user, own) } : view;
    });
  const open = Object.values(snapshot.needs)
    .filter((n) => !DECIDED.has(n.status))
    .map((n) => [n.id, n.userId, n.status, n.supporters.length])
    .sort();
  return { users, counters: snapshot.counters ?? {}, open };
}

/** The first part where two views differ, for the report. */
function firstDifference(a: ReturnType<typeof observed>, b: ReturnType<typeof observed>): string {
  for (const [i, user] of a.users.entries()) {
    for (const [key, value] of Object.entries(user)) {
      const other = (b.users[i] as Record<string, unknown> | undefined)?.[key];
      if (stableJson(value) !== stableJson(other))
        return `${user.id}'s ${key}: ${stableJson(value)} with the undo, ${stableJson(other)} without the event`;
    }
  }
  if (stableJson(a.counters) !== stableJson(b.counters))
    return `counters: ${stableJson(a.counters)} with the undo, ${stableJson(b.counters)} without the event`;
  return `open needs: ${stableJson(a.open)} with the undo, ${stableJson(b.open)} without the event`;
}

/**
 * Undo equals absence: a journey with an event E and, right after it, an applied undo that takes E back whole
 * (replies' `action.undone`, a revoke with scope `event`) ends in the same
 * observable state as the same journey without both — points of the undoing user, badges and levels,
 * milestones, action counts, distinct keys and their best score, streaks, the kept best version of each
 * task, likes, votes, ratings and groups, every counter (tallies, contest entries) and the open need items.
 * Everything E caused is taken back and recomputed from what remains, so the events after it behave as if
 * E never happened (the runner reruns the journey without the pair, see `AbsenceRun`).
 */
export const undoEqualsAbsence = defineInvariant(
  'an undo leaves the state as if the event never happened',
  (run: PolicyRun) => {
    const absence = run.absence;
    const step = absence ? run.steps[absence.step] : undefined;
    // Only an undo that takes the whole event back (replies' undo, a revoke with scope `event`).
    if (!absence || !step || !undoneAt(run, step).includes(absence.undone)) return undefined;
    const undoer = step.event?.userId ?? '';
    const own = new Set(run.journey.steps.flatMap((s) => (s.kind === 'event' ? [s.event.id] : [])));
    const withUndo = observed(run.final, undoer, own);
    const without = observed(absence.without, undoer, own);
    if (stableJson(withUndo) === stableJson(without)) return undefined;
    return `undoing ${absence.undone} (step ${absence.step + 1}) does not equal its absence: ${firstDifference(withUndo, without)}`;
  },
  (policy) => undoTypes(policy).size > 0,
);
