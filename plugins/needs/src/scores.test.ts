import { describe, expect, it } from 'vitest';
import { priorityOf } from './priority';
import { reliabilityOf } from './reliability';
import { NEEDS_DEFAULTS } from './settings';

type Assessment = { importance: number | null; difficulty: number | null; impact: number | null };
const need = (
  supporters: number,
  assessment: Assessment = { importance: null, difficulty: null, impact: null },
) => ({
  supporters: Array.from({ length: supporters }, (_, i) => `u${i}`),
  assessment,
});

describe('priority', () => {
  it('scores an unassessed single-voice need below the middle (reach counts)', () => {
    const p = priorityOf(need(1), NEEDS_DEFAULTS.priority);
    expect(p.reach).toBe('individual');
    expect(p.score).toBeGreaterThan(0);
    expect(p.score).toBeLessThan(50);
  });

  it('rises with importance, impact, ease and supporters; common at the threshold', () => {
    const base = priorityOf(need(1), NEEDS_DEFAULTS.priority).score;
    expect(
      priorityOf(need(1, { importance: 5, difficulty: null, impact: null }), NEEDS_DEFAULTS.priority).score,
    ).toBeGreaterThan(base);
    expect(
      priorityOf(need(1, { importance: null, difficulty: 1, impact: null }), NEEDS_DEFAULTS.priority).score,
    ).toBeGreaterThan(base);
    expect(
      priorityOf(need(1, { importance: null, difficulty: 5, impact: null }), NEEDS_DEFAULTS.priority).score,
    ).toBeLessThan(base);
    const common = priorityOf(need(5), NEEDS_DEFAULTS.priority);
    expect(common).toMatchObject({ reach: 'common' });
    expect(common.score).toBeGreaterThan(base);
    expect(
      priorityOf(need(50, { importance: 5, difficulty: 1, impact: 5 }), NEEDS_DEFAULTS.priority).score,
    ).toBe(100);
    expect(
      priorityOf(need(1, { importance: 1, difficulty: 5, impact: 1 }), NEEDS_DEFAULTS.priority).score,
    ).toBe(0);
  });

  it('weights come from settings: a mature product weighting experience', () => {
    const weights = { importance: 0, difficulty: 0, impact: 1, supporters: 0 };
    const p = priorityOf(need(1, { importance: 1, difficulty: 5, impact: 5 }), {
      weights,
      commonThreshold: 5,
    });
    expect(p.score).toBe(100);
  });
});

describe('reliability', () => {
  const signals = (
    s: Partial<{ accountAgeDays: number; pastAdopted: number; sentiment: number | null; reports: number }>,
  ) => ({
    signals: { accountAgeDays: 0, pastAdopted: 0, sentiment: null, reports: 0, ...s },
  });
  it('grows with account age, adopted history and corroborating reports; falls with extreme sentiment', () => {
    const w = NEEDS_DEFAULTS.reliability;
    const fresh = reliabilityOf(signals({}), w);
    expect(reliabilityOf(signals({ accountAgeDays: 60 }), w)).toBeGreaterThan(fresh);
    expect(reliabilityOf(signals({ pastAdopted: 2 }), w)).toBeGreaterThan(fresh);
    expect(reliabilityOf(signals({ reports: 3 }), w)).toBeGreaterThan(fresh);
    expect(reliabilityOf(signals({ sentiment: -1 }), w)).toBeLessThan(fresh);
    expect(reliabilityOf(signals({ sentiment: 0 }), w)).toBeGreaterThan(fresh);
    expect(reliabilityOf(signals({ accountAgeDays: 90, pastAdopted: 5, reports: 9, sentiment: 0 }), w)).toBe(
      1,
    );
  });
});
