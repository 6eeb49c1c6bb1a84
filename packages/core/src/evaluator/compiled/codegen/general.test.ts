import { describe, expect, it } from 'vitest';
import type { FactResolver } from '../../types';
import { AsyncFactSignal } from '../fact-reader';
import { type GeneralParts, runGeneral } from './general';

const facts: FactResolver = { value: () => undefined };

/**
 * A general program of `n` rules whose run from `start` meets a thenable as `signal(start, state)` says (a rule
 * index for the signal's `rule`, `-1` for none, `null` for no thenable: every rule from `start` fires); `starts`
 * lists where each run began.
 */
function program(
  n: number,
  signal: (start: number, state: { at: number }) => number | null,
  starts: number[],
) {
  const state = { at: 0 };
  const parts: GeneralParts = {
    rules: new Array(n).fill(null),
    runFrom(_facts, out, start) {
      starts.push(start);
      if (starts.length > 100) throw new Error('runGeneral does not end');
      const rule = signal(start, state);
      if (rule === null) for (let i = start; i < out.length; i++) out[i] = true;
      else throw new AsyncFactSignal('later', rule);
    },
    firstReads: () => [],
    firstValues: [],
    firstCount: () => 0,
    state,
  };
  return parts;
}

describe('runGeneral', () => {
  it('resumes after each rule that met a thenable (named by the signal, or by P.at for a closure)', () => {
    const starts: number[] = [];
    const parts = program(
      5,
      (start, state) => {
        if (start === 0) return 1;
        if (start === 2) {
          state.at = 3; // a closure call for rule 3
          return -1;
        }
        return null;
      },
      starts,
    );
    const out = new Array<boolean>(5).fill(false);
    expect(runGeneral(parts, facts, out, 0, null)).toEqual([1, 3]);
    expect(starts).toEqual([0, 2, 4]);
    expect(out).toEqual([false, false, false, false, true]);
  });

  it('hands every rule from where it began to json-rules-engine when a signal names no rule this run set', () => {
    const starts: number[] = [];
    // P.at left at 0 by an earlier evaluation, the signal naming no rule: resuming at 0 + 1 = 1 would loop forever.
    const parts = program(4, () => -1, starts);
    parts.state.at = 0;
    expect(runGeneral(parts, facts, new Array<boolean>(4).fill(false), 1, null)).toEqual([1, 2, 3]);
    expect(starts).toEqual([1]);
  });

  it('does the same for a signal naming a rule before the one it began at, keeping what was pending', () => {
    const starts: number[] = [];
    const parts = program(5, (start) => (start === 0 ? 1 : 0), starts);
    expect(runGeneral(parts, facts, new Array<boolean>(5).fill(false), 0, [4])).toEqual([4, 1, 2, 3]);
    expect(starts).toEqual([0, 2]);
  });
});
