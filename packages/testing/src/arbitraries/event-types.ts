import type { Policy, Registry } from '@engageloop/core';

/** What a journey for a policy may contain: event types users send, and undo events. */
export interface EventCatalogue {
  /** Event types users send (policy `eventTypes`, rule `on`s, plugins' types), never timers or derived events. */
  types: string[];
  /**
   * Undo events: type → where under `payload` it names the undone event id (`review.removed` →
   * `reviewEventId`; dotted for nested keys).
   */
  undo: Record<string, string>;
}

/** An event type that undoes or removes an earlier event, and what the policy says about it. */
export interface UndoType {
  /** Where the event names the undone event, e.g. `$.payload.reviewEventId`. */
  eventIdPath: string;
  /** Declared in `eventTypes.<type>.undoes` (else found from a rule revoking on it). */
  declared: boolean;
  /** Rules that may still award on it (`undoes.allowAwards`). */
  allowAwards: readonly string[];
}

const PAYLOAD_PATH = /^\$\.payload\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)$/;

/**
 * The policy's undo and removal event types: those it declares (`eventTypes.<type>.undoes`), and —
 * for types it does not declare — those a rule listens to with an `incentives.revoke` effect reading
 * the undone event from the payload (`eventIdPath: "$.payload.…"`). A declaration wins over a rule:
 * it says what clients send, the rule may read the wrong place.
 */
export function undoTypes(policy: Policy): Map<string, UndoType> {
  const out = new Map<string, UndoType>();
  const declared = policy.document.eventTypes ?? {};
  for (const type of Object.keys(declared)) {
    const undoes = declared[type]?.undoes;
    if (undoes && PAYLOAD_PATH.test(undoes.eventIdPath)) {
      out.set(type, {
        eventIdPath: undoes.eventIdPath,
        declared: true,
        allowAwards: undoes.allowAwards ?? [],
      });
    }
  }
  for (const rule of policy.rules) {
    for (const effect of rule.effects) {
      const path = (effect.params as Record<string, unknown> | undefined)?.eventIdPath;
      if (!effect.type.endsWith('.revoke') || typeof path !== 'string' || !PAYLOAD_PATH.test(path)) continue;
      for (const on of rule.on ?? []) {
        if (!out.has(on)) out.set(on, { eventIdPath: path, declared: false, allowAwards: [] });
      }
    }
  }
  return out;
}

/**
 * Whether a host may send `type`: a type no plugin declares (the policy's own), or one whose `sources`
 * include `'event'` (the default). Timers and derived events (`sources: ['timer']`, `['derived']`) come from
 * the engine, and a host dispatch of them is refused with `EVENT_TYPE_INTERNAL`.
 */
export function hostMaySend(registry: Registry, type: string): boolean {
  const sources = registry.eventType(type)?.definition.sources;
  return sources === undefined || sources.includes('event');
}

/**
 * The event types a policy understands, from the policy document and the registry: every type the policy
 * declares or a rule listens to, plus types plugins declare, except those hosts may not send (timers and
 * derived events: see `hostMaySend`).
 */
export function eventCatalogue(policy: Policy, registry: Registry): EventCatalogue {
  const types = new Set<string>();
  const undo: Record<string, string> = Object.create(null);
  for (const type of Object.keys(policy.document.eventTypes ?? {})) types.add(type);
  for (const rule of policy.rules) for (const on of rule.on ?? []) types.add(on);
  for (const [type, u] of undoTypes(policy)) undo[type] = u.eventIdPath.replace(/^\$\.payload\./, '');
  for (const name of registry.eventTypeNames) {
    if (registry.eventType(name)?.plugin.name !== 'core') types.add(name);
  }
  types.delete('profile.updated');
  for (const type of [...types]) if (!hostMaySend(registry, type)) types.delete(type);
  return { types: [...types].sort(), undo };
}
