import { community } from '@engageloop/community';
import type { Plugin } from '@engageloop/core';
import { EngageLoopError } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';
import { inBoth } from './i18n';
import { usedPluginNames } from './plugin-usage';

/**
 * The first-party plugins the CLI installs, by name. This is the ONE place the list lives:
 * a new first-party plugin is one line here.
 */
const FACTORIES: ReadonlyArray<readonly [string, () => Plugin]> = [
  ['incentives', () => incentives()],
  ['lifecycle', () => lifecycle()],
  ['replies', () => replies()],
  ['needs', () => needs()],
  ['community', () => community()],
];

/** Names of the plugins the CLI can install. */
export const FIRST_PARTY_PLUGIN_NAMES: readonly string[] = FACTORIES.map(([name]) => name);

/**
 * Creates the first-party plugins (all of them, or those named). Unknown names throw
 * `PLUGIN_OPTIONS_INVALID` with the list of known ones.
 */
export function firstPartyPlugins(names?: readonly string[]): Plugin[] {
  if (!names) return FACTORIES.map(([, create]) => create());
  return names.map((name) => {
    const entry = FACTORIES.find(([n]) => n === name);
    if (!entry) {
      throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
        message: inBoth((m) => m.unknownPlugin(name, FIRST_PARTY_PLUGIN_NAMES)),
        data: { plugin: name },
      });
    }
    return entry[1]();
  });
}

/**
 * Of `all` (first-party plugins already created), those a policy document uses (see
 * `usedPluginNames`) plus those `force` names; `force` containing `all` keeps every one. A run then
 * pays only for the plugins its policy has: no acknowledgements from `replies`, no stage reviews from
 * `lifecycle` for a points-only policy. Unknown forced names throw `PLUGIN_OPTIONS_INVALID`.
 *
 * @example
 * const plugins = pluginsForPolicy(policy.document, firstPartyPlugins(), ['replies']);
 */
export function pluginsForPolicy(
  document: unknown,
  all: readonly Plugin[],
  force: readonly string[] = [],
): Plugin[] {
  firstPartyPlugins(force.filter((name) => name !== 'all' && !FIRST_PARTY_PLUGIN_NAMES.includes(name)));
  if (force.includes('all')) return [...all];
  const used = usedPluginNames(document, all);
  return all.filter((plugin) => used.includes(plugin.name) || force.includes(plugin.name));
}
