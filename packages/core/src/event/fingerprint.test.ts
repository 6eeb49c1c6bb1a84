import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEnvelope, canonicalJson, envelopeFingerprint, validatedFingerprint } from './fingerprint';
import type { ValidatedEvent } from './types';

const fp = (payload: Record<string, unknown>, type = 'order.paid', time = 0) =>
  envelopeFingerprint({ type, time, payload });
const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

describe('envelopeFingerprint', () => {
  it('reads only own keys: an enumerable key on Object.prototype is not part of any payload', () => {
    const before = fp({ b: 1, a: { y: 2 } });
    const enumerable = { value: 1, enumerable: true, configurable: true, writable: true };
    Object.defineProperty(Object.prototype, 'polluted', enumerable);
    try {
      expect(fp({ b: 1, a: { y: 2 } })).toBe(before);
      expect(before).toBe(sha('["order.paid",0,{"a":{"y":2},"b":1}]'));
    } finally {
      delete (Object.prototype as { polluted?: unknown }).polluted;
    }
  });

  it('hashes the bytes of each text, whatever lengths came before (views of the scratch are reused)', () => {
    // Texts of the same lengths with other characters, and lengths on both sides of the kept views' bound.
    for (const letter of ['a', 'b', 'a'])
      for (let n = 1000; n < 1060; n += 7) {
        const text = letter.repeat(n);
        expect(fp({ text })).toBe(sha(`["order.paid",0,{"text":"${text}"}]`));
        expect(fp({ text }).length).toBe(32);
      }
  });

  it('is the SHA-256 of the canonical JSON: keys sorted at every level, arrays in order', () => {
    // The canonical text, written out: a stored fingerprint must never change.
    const canonical = '["order.paid",0,{"a":"é","b":[{"x":[2,1],"y":1},null],"c":null}]';
    expect(fp({ b: [{ y: 1, x: [2, 1] }, undefined], a: 'é', c: null, skip: undefined })).toBe(
      sha(canonical),
    );
    expect(fp({ c: null, a: 'é', b: [{ x: [2, 1], y: 1 }, null] })).toBe(sha(canonical));
  });

  it('tells apart another type, instant, payload value, or array order', () => {
    const base = fp({ a: [1, 2] });
    expect(fp({ a: [1, 2] }, 'order.refunded')).not.toBe(base);
    expect(fp({ a: [1, 2] }, 'order.paid', 1)).not.toBe(base);
    expect(fp({ a: [2, 1] })).not.toBe(base);
    expect(fp({ a: [1, 2], b: 0 })).not.toBe(base);
    // A `__proto__` key is data like any other.
    const withProto = JSON.parse('{"__proto__":1,"a":[1,2]}') as Record<string, unknown>;
    expect(fp(withProto)).not.toBe(base);
    expect(fp(withProto)).toBe(fp(JSON.parse('{"a":[1,2],"__proto__":1}') as Record<string, unknown>));
  });

  it('rejects a payload that is not JSON data with EVENT_PAYLOAD_INVALID', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => fp(cyclic)).toThrowError(expect.objectContaining({ code: 'EVENT_PAYLOAD_INVALID' }));
    expect(() => fp({ big: 1n })).toThrowError(expect.objectContaining({ code: 'EVENT_PAYLOAD_INVALID' }));
  });

  it('sorts keys as sort() does (code units, numeric-looking keys, many keys)', () => {
    const keys = ['b', '10', '2', 'a', 'A', 'é', 'aa', '', 'Z', '\u{1F600}', 'ﬀ', '__proto__'];
    const many = Array.from({ length: 40 }, (_, i) => `k${(i * 7919) % 40}`);
    for (const list of [keys, many]) {
      const payload = JSON.parse(JSON.stringify(Object.fromEntries(list.map((k, i) => [k, i])))) as Record<
        string,
        unknown
      >;
      const canonical = `["order.paid",0,{${[...list]
        .sort()
        .map((k) => `${JSON.stringify(k)}:${list.indexOf(k)}`)
        .join(',')}}]`;
      expect(fp(payload)).toBe(sha(canonical));
    }
  });

  it('writes the same canonical text through one JSON.stringify as key by key (any payload)', () => {
    // The text key by key, as fingerprints were always made: the fast path must give exactly this.
    const general = (type: string, time: number, payload: unknown) =>
      `[${JSON.stringify(type)},${JSON.stringify(time)},${canonicalJson(payload)}]`;
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '10', '2', '__proto__', 'toJSON', 'a', 'B', 'é'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.constantFrom(undefined, () => 1, Symbol('s'), new Number(1), new Date(0), new Map()),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 6 }),
        fc.dictionary(key, tie('node'), { maxKeys: 6, noNullPrototype: false }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.string(), fc.double(), value, (type, time, payload) => {
        const event = { type, time, payload: payload as Record<string, unknown> };
        expect(canonicalEnvelope(event)).toBe(general(type, time, payload));
      }),
      { numRuns: 2000 },
    );
    // The fingerprint, written as bytes where it can (`hashCanonicalBytes`), is the hash of that same text.
    const ascii = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', ' ', '"', '\\', '\n', '~', 'é') });
    const instant = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.constantFrom(-0, 2 ** 53, 1e21, 1.5e-7),
    );
    fc.assert(
      fc.property(fc.oneof(ascii, fc.string()), instant, value, (type, time, payload) => {
        const event = { type, time, payload: payload as Record<string, unknown> };
        if (typeof payload !== 'object' || payload === null) return;
        expect(envelopeFingerprint(event)).toBe(sha(general(type, time, payload)));
        if (Array.isArray(payload)) return;
        // An event `validateEvent` made: its payload is a copy of the one given, whose prototype is not asked.
        const validated = { ...event, payload: { ...payload } } as unknown as ValidatedEvent;
        expect(validatedFingerprint(validated)).toBe(sha(general(type, time, validated.payload)));
      }),
      { numRuns: 2000 },
    );
    const withToJson = { b: 1, a: { toJSON: () => ({ z: 1, y: 2 }) } };
    expect(canonicalEnvelope({ type: 't', time: 0, payload: withToJson })).toBe(
      '["t",0,{"a":{"y":2,"z":1},"b":1}]',
    );
  });

  it('is the same for a payload past the bytes written at once, or read while another is fingerprinted', () => {
    const long = { text: 'x'.repeat(5000), n: 1767225600000 };
    expect(fp(long)).toBe(sha(`["order.paid",0,${canonicalJson(long)}]`));
    // A getter that fingerprints another event while the first is written: both as if alone.
    let inner = '';
    const payload = {
      b: 2,
      get a() {
        inner = fp({ y: [1, 'two'] }, 'other');
        return 'one';
      },
    };
    expect(fp(payload)).toBe(sha('["order.paid",0,{"a":"one","b":2}]'));
    expect(inner).toBe(sha('["other",0,{"y":[1,"two"]}]'));
  });
});
