import { EngageLoopError, toEngageLoopError } from '../errors/error';
import type { FactResolver } from '../evaluator/types';
import type { DispatchState } from './dispatch-state';

/** True when `params` has no enumerable keys (the evaluator passes `{}` for a condition without params). */
function isEmpty(params: Record<string, unknown>): boolean {
  for (const _ in params) return false;
  return true;
}

/**
 * A lazy fact resolver over the dispatch state as it is now. Values are cached per (fact, params),
 * so one resolver must be used for one stage only: the next stage gets a fresh one and sees new state.
 * Facts read without params (or with `{}`) are cached by name, without serialising anything.
 */
class StageFacts implements FactResolver {
  private readonly plain = new Map<string, unknown>();
  private empty: Map<string, unknown> | undefined;
  private keyed: Map<string, unknown> | undefined;

  constructor(private readonly state: DispatchState) {}

  value(factId: string, params?: Record<string, unknown>): unknown {
    let cache: Map<string, unknown>;
    let key = factId;
    if (params === undefined) cache = this.plain;
    else if (isEmpty(params)) {
      this.empty ??= new Map();
      cache = this.empty;
    } else {
      this.keyed ??= new Map();
      cache = this.keyed;
      key = `${factId}\u0000${JSON.stringify(params)}`;
    }
    const cached = cache.get(key);
    if (cached !== undefined || cache.has(key)) return cached;
    const value = this.resolve(factId, params);
    cache.set(key, value);
    return value;
  }

  private resolve(factId: string, params: Record<string, unknown> | undefined): unknown {
    const state = this.state;
    const entry = state.registry.fact(factId);
    if (!entry) {
      throw new EngageLoopError('RULE_FACT_UNKNOWN', {
        message: `Unknown fact "${factId}".`,
        data: { fact: factId },
      });
    }
    try {
      return entry.definition.value(state.factContext(entry.plugin), params);
    } catch (error) {
      throw toEngageLoopError(error, 'PLUGIN_ERROR', { plugin: entry.plugin.name, hook: `fact:${factId}` });
    }
  }
}

export function createFactResolver(state: DispatchState): FactResolver {
  return new StageFacts(state);
}
