import { describe, expect, it } from 'vitest';
import { exceededCap, fitsWindow, pruneHistory, type SentRecord } from './caps';

const H = 3_600_000;
const rec = (at: number, channel = 'app', trigger = 't'): SentRecord => ({ at, channel, trigger });

describe('caps', () => {
  it('allows up to max in a window and refuses one more', () => {
    const history = [rec(0), rec(H)];
    expect(fitsWindow(history, 2 * H, { max: 3, windowMs: 24 * H })).toBe(true);
    expect(fitsWindow([...history, rec(2 * H)], 3 * H, { max: 3, windowMs: 24 * H })).toBe(false);
  });

  it('frees a slot once the oldest message leaves the window', () => {
    const history = [rec(0), rec(H), rec(2 * H)];
    expect(fitsWindow(history, 24 * H, { max: 3, windowMs: 24 * H })).toBe(true);
    expect(fitsWindow(history, 24 * H - 1, { max: 3, windowMs: 24 * H })).toBe(false);
  });

  it('counts deferred messages that lie after the new one', () => {
    // a message deferred to 10h; a new one at 0 with a 1-per-12h cap would share a window with it
    expect(fitsWindow([rec(10 * H)], 0, { max: 1, windowMs: 12 * H })).toBe(false);
    expect(fitsWindow([rec(12 * H)], 0, { max: 1, windowMs: 12 * H })).toBe(true);
  });

  it('applies per-channel caps only to their channel, overall caps to all', () => {
    const caps = [
      { max: 1, window: { days: 1 }, channel: 'sms' },
      { max: 2, window: { days: 1 } },
    ];
    const history = [rec(0, 'sms')];
    expect(exceededCap(history, H, 'sms', caps)).toEqual(caps[0]);
    expect(exceededCap(history, H, 'app', caps)).toBeUndefined();
    expect(exceededCap([...history, rec(H, 'app')], 2 * H, 'email', caps)).toEqual(caps[1]);
  });

  it('a cap of 0 refuses everything', () => {
    expect(fitsWindow([], 0, { max: 0, windowMs: H })).toBe(false);
  });

  it('prunes records older than the longest window', () => {
    const caps = [{ max: 3, window: { days: 7 } }];
    const history = [rec(0), rec(8 * 24 * H)];
    expect(pruneHistory(history, 8 * 24 * H, caps)).toEqual([rec(8 * 24 * H)]);
  });
});
