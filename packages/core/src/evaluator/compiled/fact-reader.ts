import { compilePath, resolvePath as coreResolvePath } from '../../policy/path';
import { isThenable } from '../../thenable';
import type { FactResolver } from '../types';

/** Reads one fact value (with params and path) as json-rules-engine's almanac would. */
export type FactReader = (facts: FactResolver) => unknown;

export interface ReaderContext {
  facts: ReadonlySet<string>;
  resolvePath(value: unknown, path: string): unknown;
}

/** Thrown when a fact value is a thenable: the rule is then evaluated by json-rules-engine instead. */
export class AsyncFactSignal {
  readonly fact: string;
  /** The index of the rule (in its candidate list) that met it, when generated code knows it; else -1. */
  readonly rule: number;
  constructor(fact: string, rule = -1) {
    this.fact = fact;
    this.rule = rule;
  }
}

const EMPTY_PARAMS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

// A fact value that is a thenable hands its rule to json-rules-engine.
export { isThenable };

/**
 * Compiles `almanac.factValue(fact, params, path)`: an unknown fact is `undefined`
 * (`allowUndefinedFacts: true`); params default to `{}`; a path applies only to a non-null object and
 * otherwise the value itself is compared.
 */
export function createFactReader(
  fact: unknown,
  params: unknown,
  path: unknown,
  ctx: ReaderContext,
): FactReader {
  if (typeof fact !== 'string' || !ctx.facts.has(fact)) return () => undefined;
  const p = (params === undefined ? EMPTY_PARAMS : params) as Record<string, unknown>;
  const read = (facts: FactResolver) => {
    const v = facts.value(fact, p);
    if (isThenable(v)) throw new AsyncFactSignal(fact);
    return v;
  };
  if (!path) return read;
  const at = path as string;
  // the core's resolver, parsed once; any other resolver is called as json-rules-engine would call it
  const resolve =
    ctx.resolvePath === coreResolvePath ? compilePath(at) : (v: unknown) => ctx.resolvePath(v, at);
  return (facts) => {
    const v = read(facts);
    return v != null && typeof v === 'object' ? resolve(v) : v;
  };
}
