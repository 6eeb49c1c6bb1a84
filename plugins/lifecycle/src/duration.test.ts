import { describe, expect, it } from 'vitest';
import { DAY, durationMs } from './duration';

describe('durationMs', () => {
  it('adds days, hours and minutes', () => {
    expect(durationMs({ days: 1, hours: 2, minutes: 30 })).toBe(DAY + 2.5 * 3_600_000);
    expect(durationMs({})).toBe(0);
  });
});
