import { resolvePath } from '@engageloop/core';
import { eventCatalogue } from '../arbitraries/event-types';
import { defineInvariant, stableJson } from './define';
import { entriesOf } from './ledger-view';

/** The same events in the same order on a fresh store give the same user states, outbox and timers. */
export const replayDeterminism = defineInvariant(
  'replay-determinism (same events → same state and outbox)',
  (run) => {
    if (!run.rerun) return undefined;
    for (const [userId, user] of Object.entries(run.final.users)) {
      if (stableJson(user) !== stableJson(run.rerun.users[userId]))
        return `${userId}'s state differs when the journey runs again`;
    }
    const a = run.final.outbox.map((m) => stableJson(m));
    const b = run.rerun.outbox.map((m) => stableJson(m));
    const i = a.findIndex((m, k) => m !== b[k]);
    if (a.length !== b.length || i >= 0)
      return `the outbox differs when the journey runs again (message ${i + 1} of ${a.length})`;
    if (stableJson(run.final.timers) !== stableJson(run.rerun.timers))
      return 'the timers differ when the journey runs again';
    return undefined;
  },
);

/**
 * Undo restores: after an undo event (a rule revoking `eventIdPath`, e.g. `review.removed` naming the
 * review), everything the undone event credited is reversed — its entries and their reversals net to zero.
 */
export const undoRestores = defineInvariant(
  'undo restores state',
  (run) => {
    const undo = eventCatalogue(run.policy, run.registry).undo;
    const applied = new Set<string>();
    for (const step of run.steps) {
      const event = step.event;
      if (!event) continue;
      const key = Object.hasOwn(undo, event.type) ? undo[event.type] : undefined;
      if (key === undefined) {
        if (step.outcomes.some((o) => o.status === 'applied')) applied.add(event.id);
        continue;
      }
      const target = resolvePath(event, `$.payload.${key}`);
      if (typeof target !== 'string' || !applied.has(target) || event.userId === undefined) continue;
      const entries = entriesOf(step.users[event.userId]);
      const credited = entries.filter((e) => e.eventId === target && e.reverses === undefined);
      for (const entry of credited) {
        const net =
          entry.amount + entries.filter((e) => e.reverses === entry.id).reduce((s, e) => s + e.amount, 0);
        if (net !== 0) {
          return `after undoing ${target} (step ${step.index + 1}), its "${entry.wallet}" credit ${entry.id} still nets ${net}`;
        }
      }
    }
    return undefined;
  },
  (policy, registry) => Object.keys(eventCatalogue(policy, registry).undo).length > 0,
);
