import { EngageLoopError } from '../errors/error';
import type { FactResolver } from '../evaluator/types';
import { pluginError } from './plugin-driver';
import type { StateAccess } from './state-access';

/** True when `params` has no enumerable keys (the evaluator passes `{}` for a condition without params). */
function isEmpty(params: Record<string, unknown>): boolean {
  for (const _ in params) return false;
  return true;
}

/**
 * A lazy fact resolver over the dispatch state as it is now. Plugins' facts are cached per (fact, params),
 * so one resolver must be used for one stage only: the next stage gets a fresh one and sees new state.
 * Facts read without params and with `{}` are one read, cached by name without serialising anything.
 * The core facts are read from the state each time (see `value`).
 */
class StageFacts implements FactResolver {
  /*
   * Plugins' facts read without params: the first three in fixed slots (a stage reads a handful), the rest in a
   * Map. No allocation for the common case.
   */
  private n0: string | undefined;
  private v0: unknown;
  private n1: string | undefined;
  private v1: unknown;
  private n2: string | undefined;
  private v2: unknown;
  private more: Map<string, unknown> | undefined;
  private keyed: Map<string, unknown> | undefined;

  constructor(private readonly state: StateAccess) {}

  /** Forgets every value read: what a new resolver over the same state would hold. */
  reset(): void {
    this.n0 = this.n1 = this.n2 = undefined;
    this.v0 = this.v1 = this.v2 = undefined;
    this.more?.clear();
    this.keyed?.clear();
  }

  value(factId: string, params?: Record<string, unknown>): unknown {
    // The core plugin's facts (`CORE_FACTS`): each is one member of the dispatch state, which its fact function reads
    // through a fact view (`ctx.event` is the state's `event`, `ctx.user` its `userForFacts()`…). Read here from the
    // state itself: no registry lookup, fact view or cache slot per read (these names are the core plugin's alone:
    // another plugin's facts are named `<plugin>.<name>`). Their params change nothing.
    switch (factId) {
      case 'event':
        return this.state.event;
      case 'user':
        return this.state.userForFacts();
      case 'now':
        return this.state.now;
      case 'signals':
        return this.state.signals;
    }
    if (params === undefined || isEmpty(params)) {
      if (this.n0 === factId) return this.v0;
      if (this.n1 === factId) return this.v1;
      if (this.n2 === factId) return this.v2;
      const more = this.more;
      if (more?.has(factId)) return more.get(factId);
      const value = this.resolve(factId, params);
      if (this.n0 === undefined) {
        this.n0 = factId;
        this.v0 = value;
      } else if (this.n1 === undefined) {
        this.n1 = factId;
        this.v1 = value;
      } else if (this.n2 === undefined) {
        this.n2 = factId;
        this.v2 = value;
      } else {
        this.more ??= new Map();
        this.more.set(factId, value);
      }
      return value;
    }
    this.keyed ??= new Map();
    const key = `${factId}\u0000${JSON.stringify(params)}`;
    const cached = this.keyed.get(key);
    if (cached !== undefined || this.keyed.has(key)) return cached;
    const value = this.resolve(factId, params);
    this.keyed.set(key, value);
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
    } catch (thrown) {
      throw pluginError(thrown, entry.plugin.name, `fact:${factId}`);
    }
  }
}

export function createFactResolver(state: StateAccess): FactResolver {
  return new StageFacts(state);
}

/**
 * The resolver of a dispatch's next stage: `previous` (one `createFactResolver` made over the same state, whose
 * stage is over) emptied, else a new one. One per dispatch instead of one per stage (four).
 */
export function nextStageFacts(state: StateAccess, previous: FactResolver | undefined): FactResolver {
  if (!(previous instanceof StageFacts)) return new StageFacts(state);
  previous.reset();
  return previous;
}
