import { describe, expect, it } from 'vitest';
import { positionAt, tooDeepAt } from './text-depth';

describe('tooDeepAt', () => {
  it('finds the bracket that passes the limit, skipping strings and escapes', () => {
    expect(tooDeepAt('{"a":[[1]]}', 2)).toBe(6);
    expect(tooDeepAt('{"a":[[1]]}', 3)).toBe(-1);
    expect(tooDeepAt('{"[[[[": "\\"[[[["}', 1)).toBe(-1);
    expect(tooDeepAt('[], [], []', 1)).toBe(-1);
  });

  it('scans a million brackets without recursion', () => {
    const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(tooDeepAt(text, 64)).toBe(64);
  });
});

describe('positionAt', () => {
  it('gives 1-based line and column', () => {
    expect(positionAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
