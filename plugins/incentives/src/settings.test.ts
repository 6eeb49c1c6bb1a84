import { describe, expect, it } from 'vitest';
import { defaultSettings, resolveSettings } from './settings';
import type { IncentivesSettings } from './settings-types';

describe('resolveSettings', () => {
  it('fills the top-level keys a policy left out, once per settings object', () => {
    const a: Partial<IncentivesSettings> = { wallets: { gems: {} }, nudgeWithin: 5 };
    const b: Partial<IncentivesSettings> = { caps: [{ id: 'daily', period: 'day', max: 50 }] };
    const first = resolveSettings(a);
    expect(first).toEqual({ ...defaultSettings, wallets: { gems: {} }, nudgeWithin: 5 });
    // Two policies in one process (alternating engines) each keep their own settings.
    for (let i = 0; i < 3; i++) {
      expect(resolveSettings(b)).toEqual({ ...defaultSettings, caps: b.caps });
      expect(resolveSettings(a)).toBe(first);
    }
    expect(resolveSettings(undefined)).toEqual(defaultSettings);
    expect(resolveSettings({})).toEqual(defaultSettings);
  });
});
