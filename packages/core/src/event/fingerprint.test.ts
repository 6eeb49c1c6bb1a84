import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeFingerprint } from './fingerprint';

const fp = (payload: Record<string, unknown>, type = 'order.paid', time = 0) =>
  envelopeFingerprint({ type, time, payload });
const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

describe('envelopeFingerprint', () => {
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
});
