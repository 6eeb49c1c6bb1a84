/**
 * Whether JSON text leaves `value` out of an object (and writes it as `null` in an array), as `JSON.stringify`
 * does: `undefined`, a function, a symbol. The one test every JSON writer of the package shares.
 */
export const leftOutOfJson = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';
