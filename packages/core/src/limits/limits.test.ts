import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Limits, resolveLimits } from './limits';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('resolveLimits', () => {
  it('documents the defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      payloadBytes: 65_536,
      payloadDepth: 32,
      policyBytes: 5_242_880,
      policyRules: 5_000,
      policyDepth: 64,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(resolveLimits()).toBe(DEFAULT_LIMITS);
  });

  it('puts the given limits over the defaults; Infinity turns one off', () => {
    const limits = resolveLimits({ payloadBytes: 1024, policyRules: Number.POSITIVE_INFINITY });
    expect(limits).toMatchObject({
      payloadBytes: 1024,
      policyRules: Number.POSITIVE_INFINITY,
      policyDepth: 64,
    });
  });

  it('rejects unknown names and values that are not positive integers', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, '10', null]) {
      expect(codeOf(() => resolveLimits({ payloadDepth: bad as number }))).toBe('LIMITS_INVALID');
    }
    expect(codeOf(() => resolveLimits({ payloadSize: 1 } as Partial<Limits>))).toBe('LIMITS_INVALID');
  });
});
