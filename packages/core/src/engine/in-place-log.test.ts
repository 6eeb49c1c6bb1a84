import { describe, expect, it } from 'vitest';
import { InPlaceLog } from './in-place-log';

describe('InPlaceLog', () => {
  it('knows the bags written into, whether first asked before or after the writes, and undoes them in order', () => {
    const log = new InPlaceLog();
    const a: Record<string, unknown> = { x: 1 };
    const b: Record<string, unknown> = { y: 1 };
    expect(log.holds(a)).toBe(false);
    log.set(a, 'x', 2, a.x);
    log.set(a, 'z', 1, a.z);
    expect(log.holds(a)).toBe(true);
    expect(log.holds(b)).toBe(false);
    const mark = log.mark();
    // A write after the first question is known too.
    log.set(b, 'y', 2, b.y);
    expect(log.holds(b)).toBe(true);
    log.undoTo(mark);
    expect(b).toEqual({ y: 1 });
    log.undoTo(0);
    expect(a).toEqual({ x: 1 });
    expect(Object.keys(a)).toEqual(['x']);
  });

  it('holds nothing once every write is undone before anyone asked', () => {
    const log = new InPlaceLog();
    const a: Record<string, unknown> = { x: 1 };
    log.set(a, 'x', 2, a.x);
    log.undoTo(0);
    expect(a).toEqual({ x: 1 });
    expect(log.holds(a)).toBe(false);
  });
});
