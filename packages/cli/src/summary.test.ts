import { describe, expect, it } from 'vitest';
import { bump, type Counts } from './summary';

describe('bump', () => {
  it('counts keys Object.prototype has as data, without touching a prototype', () => {
    const counts: Counts = {};
    for (const key of ['__proto__', 'toString', 'constructor', 'a', '__proto__', 'toString', 'a'])
      bump(counts, key);
    expect(JSON.stringify(counts)).toBe('{"__proto__":2,"toString":2,"constructor":1,"a":2}');
    expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
  });

  it('adds `by` on a prototype-less object too', () => {
    const counts: Counts = Object.create(null);
    bump(counts, '__proto__', 2);
    bump(counts, '__proto__', 3);
    expect(Object.getOwnPropertyDescriptor(counts, '__proto__')?.value).toBe(5);
  });
});
