import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean';

describe('didYouMean', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('awrad', 'award')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests close names and nothing for distant ones', () => {
    expect(didYouMean('incentives.awrad', ['incentives.award', 'core.message'])).toBe('incentives.award');
    expect(didYouMean('greaterThen', ['greaterThan', 'lessThan'])).toBe('greaterThan');
    expect(didYouMean('EQUAL', ['equal'])).toBe('equal');
    expect(didYouMean('xyz', ['incentives.award'])).toBeUndefined();
    expect(didYouMean('ab', ['cd'])).toBeUndefined();
    expect(didYouMean('', ['a'])).toBeUndefined();
  });
});
