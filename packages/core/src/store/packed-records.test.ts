import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRecord } from './compact-record';
import { KeyNotes } from './key-notes';
import { entityRecordKey, recordKey } from './keys';
import { packableFingerprint } from './packed-format';
import { PackedRecords } from './packed-records';

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
/** Keys in every form: the scoped ones the engine writes (one-byte event ids or not), look-alikes, any string. */
const key = fc.oneof(
  fc
    .tuple(fc.constantFrom('event', 'timer', 'derived') as fc.Arbitrary<'event'>, fc.string(), fc.string())
    .map(([source, user, id]) => recordKey(source, user, id)),
  fc
    .tuple(fc.constantFrom('event', 'timer', 'derived') as fc.Arbitrary<'event'>, fc.string(), fc.string())
    .map(([source, entity, id]) => entityRecordKey(source, entity, id)),
  fc
    .tuple(fc.constantFrom('e.', 'nd.', 'x.', 'e', ''), hex32, fc.constantFrom(':', ';', ''), fc.string())
    .map((parts) => parts.join('')),
  fc.tuple(hex32, fc.string({ unit: 'binary' })).map(([hash, id]) => `t.${hash}:${id}`),
  fc.string({ unit: 'binary' }),
);
const record = fc
  .tuple(
    fc.string({ unit: 'binary' }),
    fc.option(hex32, { nil: undefined }),
    fc.oneof(fc.double(), fc.integer({ min: 0, max: 4e12 })),
  )
  .map(([userId, fingerprint, committedAt]) => new CompactRecord(userId, fingerprint, committedAt));

describe('PackedRecords', () => {
  it('keeps records with an outcome under scoped keys only', () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 60 }), record, (keys, kept) => {
        const packed = new PackedRecords();
        for (const k of keys) {
          const address = packed.setLive(k, kept.userId, kept.fingerprint, kept.committedAt);
          if (address < 0) {
            packed.set(k, kept);
            continue;
          }
          expect(k.charCodeAt(1) === 46 || k.charCodeAt(2) === 46).toBe(true);
          expect(packed.addressOf(k)).toBe(address);
          expect(packed.recordAt(address)).toEqual(kept);
        }
        for (const k of keys) if (packableFingerprint(kept.fingerprint)) expect(packed.get(k)).toEqual(kept);
      }),
      { numRuns: 100 },
    );
  });

  it('holds what a map would: has, get, size and entries (in the order of their last write), through growth and replacement', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, record), { maxLength: 300 }), fc.array(key), (writes, probes) => {
        const packed = new PackedRecords();
        const model = new Map<string, CompactRecord>();
        for (const [k, r] of writes) {
          expect(packed.set(k, r)).toBe(true);
          model.delete(k);
          model.set(k, r);
        }
        expect(packed.size).toBe(model.size);
        for (const k of [...model.keys(), ...probes]) {
          expect(packed.has(k)).toBe(model.has(k));
          const read = packed.get(k);
          const expected = model.get(k);
          expect(read).toEqual(expected);
          if (read !== undefined) expect(Object.is(read.committedAt, expected?.committedAt)).toBe(true);
        }
        expect([...packed.entries()]).toEqual([...model]);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps 100,000 records of the engine form and finds each', () => {
    const packed = new PackedRecords();
    const fingerprint = 'ab'.repeat(16);
    for (let i = 0; i < 100_000; i++) {
      packed.set(
        recordKey('event', `u${i % 700}`, `ev-${i}`),
        new CompactRecord(`u${i % 700}`, fingerprint, i),
      );
    }
    expect(packed.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) {
      expect(packed.get(recordKey('event', `u${i % 700}`, `ev-${i}`))).toEqual(
        new CompactRecord(`u${i % 700}`, fingerprint, i),
      );
      expect(packed.has(recordKey('event', `u${(i + 1) % 700}`, `ev-${i}`))).toBe(false);
      expect(packed.has(recordKey('timer', `u${i % 700}`, `ev-${i}`))).toBe(false);
    }
  });

  it('refuses, changing nothing, a fingerprint in another form or a key too long to keep', () => {
    const packed = new PackedRecords();
    for (const fingerprint of ['not-hex', 'A'.repeat(32), `${'0'.repeat(31)}g`, '0'.repeat(33)]) {
      expect(packed.set('k', new CompactRecord('u', fingerprint, 1))).toBe(false);
    }
    expect(packed.set('界'.repeat(40_000), new CompactRecord('u', undefined, 1))).toBe(false);
    expect(packed.size).toBe(0);
    expect(packed.has('k')).toBe(false);
    expect([...packed.entries()]).toEqual([]);
  });

  it('writes a key by what a read of it noted as the same record, through growth and other writes since', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 80 }),
        fc.array(key, { maxLength: 80 }),
        fc.array(key, { maxLength: 40 }),
        record,
        (first, read, between, kept) => {
          const packed = new PackedRecords();
          const model = new PackedRecords();
          for (const k of first) {
            packed.set(k, kept);
            model.set(k, kept);
          }
          const notes = new KeyNotes(read.length);
          for (const [i, k] of read.entries()) packed.addressOf(k, notes, i);
          for (const k of between) {
            packed.set(k, kept);
            model.set(k, kept);
          }
          for (const [i, k] of read.entries()) {
            const at = packed.setLive(k, kept.userId, kept.fingerprint, kept.committedAt, notes, i);
            expect(at < 0).toBe(model.setLive(k, kept.userId, kept.fingerprint, kept.committedAt) < 0);
            if (at >= 0) expect(packed.addressOf(k)).toBe(at);
          }
          expect(packed.size).toBe(model.size);
          expect([...packed.entries()]).toEqual([...model.entries()]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
