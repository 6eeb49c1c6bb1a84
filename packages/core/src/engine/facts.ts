import { EngageLoopError, toEngageLoopError } from '../errors/error';
import type { FactResolver } from '../evaluator/types';
import type { DispatchState } from './dispatch-state';

/**
 * A lazy fact resolver over the dispatch state as it is now. Values are cached per (fact, params),
 * so one resolver must be used for one stage only: the next stage gets a fresh one and sees new state.
 */
export function createFactResolver(state: DispatchState): FactResolver {
  const cache = new Map<string, unknown>();
  return {
    value(factId, params) {
      const key = params === undefined ? factId : `${factId}\u0000${JSON.stringify(params)}`;
      if (cache.has(key)) return cache.get(key);
      const entry = state.registry.fact(factId);
      if (!entry) {
        throw new EngageLoopError('RULE_FACT_UNKNOWN', {
          message: `Unknown fact "${factId}".`,
          data: { fact: factId },
        });
      }
      let value: unknown;
      try {
        value = entry.definition.value(state.factContext(entry.plugin.name), params);
      } catch (error) {
        throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: entry.plugin.name, hook: `fact:${factId}` });
      }
      cache.set(key, value);
      return value;
    },
  };
}
