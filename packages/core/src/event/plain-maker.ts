/*
 * V8 tracks an object literal's allocation site and, once most of what a site made outlived a young-generation
 * collection, allocates everything it makes from then on in the old generation (pretenuring). An object the
 * engine holds for a while (a batch's events until they settle, the outcomes `dispatchBatch` returns) then
 * costs a full collection's work however soon it is dropped, and while it waits for one, whatever young object
 * it points to is kept through every young-generation collection (an old object's references are roots there)
 * and promoted. An object made by `new` has no allocation site: it dies young when it is let go.
 */

/**
 * `init` as a constructor of plain objects: `new` of it makes an object whose prototype is `Object.prototype`,
 * its fields set by `init` in order, with no allocation site (see above).
 *
 * @example
 * const Point = plainMaker(function (this: { x: number }, x: number) { this.x = x; });
 * Object.getPrototypeOf(new Point(1)) === Object.prototype // true
 */
export function plainMaker<T, A extends unknown[]>(
  init: (this: T, ...args: A) => void,
): new (
  ...args: A
) => T {
  init.prototype = Object.prototype;
  return init as unknown as new (
    ...args: A
  ) => T;
}
