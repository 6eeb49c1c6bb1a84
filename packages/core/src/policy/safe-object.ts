/** Object helpers that treat every key — `__proto__` and `constructor` included — as plain data. */

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own, enumerable data property, even for keys like `__proto__`. */
export function safeSet(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Own property value or undefined (never inherited). */
export function ownValue(target: unknown, key: string): unknown {
  return isPlainObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
}

/** A deep copy of JSON-like data (plain objects, arrays, primitives). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) safeSet(out, key, cloneJson(value[key]));
    return out as T;
  }
  return value;
}

/** `overrides` deep-merged over `defaults`: plain objects merge, anything else (arrays too) replaces. */
export function deepMerge(defaults: unknown, overrides: unknown): unknown {
  if (overrides === undefined) return cloneJson(defaults);
  if (!isPlainObject(defaults) || !isPlainObject(overrides)) return cloneJson(overrides);
  const out = cloneJson(defaults) as Record<string, unknown>;
  for (const key of Object.keys(overrides)) {
    safeSet(out, key, deepMerge(Object.hasOwn(out, key) ? out[key] : undefined, overrides[key]));
  }
  return out;
}

/** Freezes a value and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
