import type { Policy, Registry } from '@engageloop/core';
import type { PolicyRun } from '../run/types';

/**
 * A property every run of a policy must have. Call it with a run: `undefined` means it holds, a string
 * explains the failure. `applies` says whether the invariant means anything for a policy (a policy
 * without the incentives plugin has no balances to check).
 */
export interface Invariant {
  (run: PolicyRun): string | undefined;
  readonly invariantName: string;
  /** Whether the invariant means anything for this policy and its plugins (otherwise it is skipped and listed as such). */
  applies(policy: Policy, registry: Registry): boolean;
}

/**
 * Builds an invariant from a check and an applicability test.
 *
 * @example
 * const fewMessages = defineInvariant('few messages', (run) =>
 *   run.final.outbox.length > 50 ? `${run.final.outbox.length} messages` : undefined);
 */
export function defineInvariant(
  name: string,
  check: (run: PolicyRun) => string | undefined,
  applies: (policy: Policy, registry: Registry) => boolean = () => true,
): Invariant {
  const invariant = ((run: PolicyRun) => check(run)) as Invariant;
  Object.defineProperty(invariant, 'invariantName', { value: name, enumerable: true });
  Object.defineProperty(invariant, 'applies', { value: applies, enumerable: true });
  return invariant;
}

/** Plain-object view of an unknown value (never a prototype-carrying object). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `settings.<plugin>` of a loaded policy, when the plugin is installed and configured. */
export function pluginSettings(
  policy: Policy,
  registry: Registry,
  plugin: string,
): Record<string, unknown> | undefined {
  if (!registry.plugin(plugin)) return undefined;
  return Object.hasOwn(policy.settings, plugin) ? asRecord(policy.settings[plugin]) : undefined;
}

/** Applicability test: the plugin is installed and the policy configures it (`settings.<plugin>`). */
export const configures =
  (plugin: string) =>
  (policy: Policy, registry: Registry): boolean =>
    pluginSettings(policy, registry, plugin) !== undefined;

/** A user's time zone as the engine sees it (profile, else the policy default). */
export function timezoneOf(run: PolicyRun, userId: string): string {
  const tz = run.final.users[userId]?.profile.timezone;
  return typeof tz === 'string' ? tz : run.policy.defaults.timezone;
}

/** JSON with sorted keys, for comparing states regardless of key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    const record = asRecord(v);
    if (!record) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(record).sort()) out[k] = record[k];
    return out;
  });
}
