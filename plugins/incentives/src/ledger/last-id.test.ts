import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../types';
import { extendsLedger, noteLastId } from './last-id';
import { appended } from './ledger-index';

const entry = (eventId: string): StoredEntry => ({
  kind: 'award',
  eventId,
  ruleId: 'r',
  wallet: 'points',
  amount: 1,
  at: 0,
});

describe('extendsLedger', () => {
  it("knows a row of this dispatch's appends from the memo, and compares any other ledger item by item", () => {
    const start = [entry('a')];
    const one = appended(start, entry('b'));
    const two = appended(one, entry('c'));
    const memo: Record<string, unknown> = {};
    noteLastId(memo, one, 'b:r:points', start);
    noteLastId(memo, two, 'c:r:points', one);
    expect(extendsLedger(memo, start, two)).toBe(true);
    expect(extendsLedger(memo, one, two)).toBe(true);
    expect(extendsLedger(undefined, start, two)).toBe(true);
    // Not an extension: another first entry, or fewer entries.
    const other = appended([entry('x')], entry('b'));
    expect(extendsLedger(memo, start, other)).toBe(false);
    expect(extendsLedger(memo, two, start)).toBe(false);
  });

  it('a note that does not continue the row starts a new one', () => {
    const start = [entry('a')];
    const one = appended(start, entry('b'));
    const elsewhere = appended([entry('x')], entry('y'));
    const memo: Record<string, unknown> = {};
    noteLastId(memo, one, 'b:r:points', start);
    noteLastId(memo, elsewhere, 'y:r:points', [entry('x')]);
    // The memo no longer vouches for `start`; the items say `elsewhere` does not extend it.
    expect(extendsLedger(memo, start, elsewhere)).toBe(false);
    expect(extendsLedger(memo, start, one)).toBe(true);
  });
});
