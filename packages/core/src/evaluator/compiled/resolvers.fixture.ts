import type { FactResolver } from '../types';
import { resolverOver } from './differential.fixture';

/**
 * `resolverOver`, but the facts named in `later` come as thenables (resolved promises of the same
 * values): json-rules-engine awaits them, the compiled evaluator hands their rules to it.
 */
export function thenablesOver(values: Record<string, unknown>, later: ReadonlySet<string>): FactResolver {
  const sync = resolverOver(values);
  return {
    value(id, params) {
      const v = sync.value(id, params);
      return later.has(id) ? Promise.resolve(v) : v;
    },
  };
}

/** Counts how often each (fact, params as JSON) is resolved, to compare which facts each evaluator reads. */
export function countingResolver(inner: FactResolver): {
  resolver: FactResolver;
  reads: Map<string, number>;
} {
  const reads = new Map<string, number>();
  return {
    reads,
    resolver: {
      value(id, params) {
        const key = `${id} ${JSON.stringify(params ?? {})}`;
        reads.set(key, (reads.get(key) ?? 0) + 1);
        return inner.value(id, params);
      },
    },
  };
}
