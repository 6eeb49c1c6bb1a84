import { describe, expect, it } from 'vitest';
import { readTier } from './tier';

describe('readTier', () => {
  it('reads the tier id or name from another plugin slice', () => {
    expect(readTier({ tier: { id: 'core', since: 1 } })).toBe('core');
    expect(readTier({ tier: { name: 'advanced' } })).toBe('advanced');
    expect(readTier({ tier: 'basic' })).toBe('basic');
  });

  it('is null when absent or malformed, and never reads inherited keys', () => {
    expect(readTier(undefined)).toBeNull();
    expect(readTier({ tier: null })).toBeNull();
    expect(readTier({ tier: { id: 3 } })).toBeNull();
    expect(readTier(Object.create({ tier: 'core' }))).toBeNull();
  });
});
