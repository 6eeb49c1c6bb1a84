import { describe, expect, it } from 'vitest';
import { defaultSettings, resolveSettings } from './settings';
import type { IncentivesSettings } from './settings-types';

describe('resolveSettings', () => {
  it('fills the top-level keys a policy left out', () => {
    const a: Partial<IncentivesSettings> = { wallets: { gems: {} }, nudgeWithin: 5 };
    const b: Partial<IncentivesSettings> = { caps: [{ id: 'daily', period: 'day', max: 50 }] };
    expect(resolveSettings(a)).toEqual({ ...defaultSettings, wallets: { gems: {} }, nudgeWithin: 5 });
    expect(resolveSettings(b)).toEqual({ ...defaultSettings, caps: b.caps });
    expect(resolveSettings(undefined)).toEqual(defaultSettings);
    expect(resolveSettings({})).toEqual(defaultSettings);
  });
});
