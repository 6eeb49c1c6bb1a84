import type { Policy, Registry } from '@engageloop/core';

/** What a journey for a policy may contain: event types users send, and undo events. */
export interface EventCatalogue {
  /** Event types users send (policy `eventTypes`, rule `on`s, plugins' non-timer types). */
  types: string[];
  /** Undo events: type → payload key naming the undone event id (e.g. `review.removed` → `reviewEventId`). */
  undo: Record<string, string>;
}

/** Plugin event types fired by timers (their payload carries `timerId`); they come from ticks, not users. */
function isTimerType(registry: Registry, type: string): boolean {
  const found = registry.eventType(type);
  if (!found || found.plugin.name === 'core') return false;
  const props = (found.definition.payload as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  return /timer|review$/i.test(type) || (props !== undefined && Object.hasOwn(props, 'timerId'));
}

/**
 * The event types a policy understands, from the policy document and the registry: every type the policy
 * declares or a rule listens to, plus types plugins declare except timer events (those come from ticks).
 */
export function eventCatalogue(policy: Policy, registry: Registry): EventCatalogue {
  const types = new Set<string>();
  const undo: Record<string, string> = Object.create(null);
  for (const type of Object.keys(policy.document.eventTypes ?? {})) types.add(type);
  for (const rule of policy.rules) {
    for (const on of rule.on ?? []) types.add(on);
    for (const effect of rule.effects) {
      const path = (effect.params as Record<string, unknown> | undefined)?.eventIdPath;
      const m = typeof path === 'string' ? /^\$\.payload\.([A-Za-z0-9_-]+)$/.exec(path) : null;
      const key = m?.[1];
      if (effect.type.endsWith('.revoke') && key) for (const on of rule.on ?? []) undo[on] = key;
    }
  }
  for (const name of registry.eventTypeNames) {
    if (registry.eventType(name)?.plugin.name !== 'core') types.add(name);
  }
  types.delete('profile.updated');
  for (const type of [...types]) if (isTimerType(registry, type)) types.delete(type);
  return { types: [...types].sort(), undo };
}
