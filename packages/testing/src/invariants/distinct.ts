import { type LoopEvent, resolvePath, type UserState } from '@engageloop/core';
import type { PolicyRun } from '../run/types';
import { asRecord, defineInvariant, pluginSettings } from './define';

/** A distinct counter as the policy declares it (read defensively). */
interface CounterView {
  id: string;
  events: string[];
  key: string;
  maxKeys: number;
}

/** The distinct counters of `settings.incentives.distinct`. */
export function countersOf(run: Pick<PolicyRun, 'policy' | 'registry'>): CounterView[] {
  const distinct = asRecord(pluginSettings(run.policy, run.registry, 'incentives')?.distinct) ?? {};
  return Object.keys(distinct).flatMap((id) => {
    const c = asRecord(distinct[id]);
    if (!c || !Array.isArray(c.events) || typeof c.key !== 'string') return [];
    const maxKeys = typeof c.maxKeys === 'number' ? c.maxKeys : 1000;
    return [{ id, events: c.events.map(String), key: c.key, maxKeys }];
  });
}

/** The keys a user's slice holds for a counter: `[key, eventIds of its submissions]`. */
export function keysHeld(user: UserState | undefined, counter: string): Array<[string, string[]]> {
  const distinct = asRecord(asRecord(user?.slices.incentives)?.distinct);
  const keys = distinct && Object.hasOwn(distinct, counter) ? distinct[counter] : undefined;
  if (!Array.isArray(keys)) return [];
  return keys.map((k) => {
    const r = asRecord(k) ?? {};
    const subs = Array.isArray(r.subs) ? r.subs.map((s) => String(asRecord(s)?.eventId)) : [];
    return [String(r.key), subs];
  });
}

/** The key an event names at a counter's path, as the plugin reads it (a string, or a finite number). */
function keyOf(event: LoopEvent, path: string): string | undefined {
  const value = resolvePath(event, path.startsWith('$') ? path : `$.${path.replace(/^\./, '')}`);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A distinct counter never exceeds its distinct keys: after every step, each counter of each user holds
 * each key once, at most `maxKeys` of them, and only keys that applied events of that user (of the counter's
 * types) named — each kept submission being such an event with that key. A task submitted three times
 * counts once.
 */
export const distinctWithinKeys = defineInvariant(
  'a distinct counter never exceeds its distinct keys',
  (run) => {
    const counters = countersOf(run);
    const applied = new Map<string, LoopEvent>();
    for (const step of run.steps) {
      const event = step.event;
      if (event && step.outcomes[0]?.status === 'applied') applied.set(event.id, event);
      for (const [userId, user] of Object.entries(step.users)) {
        for (const c of counters) {
          const held = keysHeld(user, c.id);
          const where = `${userId}'s counter "${c.id}" after step ${step.index + 1}`;
          const names = held.map(([k]) => k);
          if (new Set(names).size !== names.length) return `${where} holds a key twice: ${names.join(', ')}`;
          if (held.length > c.maxKeys)
            return `${where} holds ${held.length} keys, over its maxKeys ${c.maxKeys}`;
          for (const [key, subs] of held) {
            for (const id of subs) {
              const e = applied.get(id);
              if (!e || e.userId !== userId || !c.events.includes(e.type) || keyOf(e, c.key) !== key)
                return `${where} keeps submission ${id} under key "${key}", which no applied ${c.events.join('/')} event of ${userId} named`;
            }
            if (subs.length === 0) return `${where} holds key "${key}" with no submission`;
          }
        }
      }
    }
    return undefined;
  },
  (policy, registry) => countersOf({ policy, registry }).length > 0,
);
