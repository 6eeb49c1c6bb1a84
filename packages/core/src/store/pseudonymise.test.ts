import { describe, expect, it } from 'vitest';
import { forgottenUserId } from './keys';
import { pseudonymiseDedupeKey, pseudonymiseJson, pseudonymiseKey } from './pseudonymise';

const alias = forgottenUserId('u-42');

describe('pseudonymiseKey', () => {
  it('replaces the id as a whole `:` part, anywhere, every time', () => {
    expect(pseudonymiseKey('e1:reply:done:u-42', 'u-42')).toBe(`e1:reply:done:${alias}`);
    expect(pseudonymiseKey('reply:u-42:done', 'u-42')).toBe(`reply:${alias}:done`);
    expect(pseudonymiseKey('u-42', 'u-42')).toBe(alias);
    expect(pseudonymiseKey('u-42:x:u-42', 'u-42')).toBe(`${alias}:x:${alias}`);
  });

  it('leaves ids that only contain it as a substring alone', () => {
    expect(pseudonymiseKey('e1:reply:done:u-421', 'u-42')).toBe('e1:reply:done:u-421');
    expect(pseudonymiseKey('xu-42:u-42y', 'u-42')).toBe('xu-42:u-42y');
    expect(pseudonymiseKey('anything', '')).toBe('anything');
  });

  it('handles ids that contain `:` themselves', () => {
    expect(pseudonymiseKey('e1:care:org:7:2026', 'org:7')).toBe(`e1:care:${forgottenUserId('org:7')}:2026`);
  });
});

describe('pseudonymiseJson', () => {
  it('rewrites string values and keys at any depth, other values untouched', () => {
    const input = { userId: 'u-42', n: 3, ok: true, none: null, list: ['e1:n:t:u-42', 'other'], 'u-42': 1 };
    expect(pseudonymiseJson(input, 'u-42')).toEqual({
      userId: alias,
      n: 3,
      ok: true,
      none: null,
      list: [`e1:n:t:${alias}`, 'other'],
      [alias]: 1,
    });
  });

  it('treats a `__proto__` key as data', () => {
    const out = pseudonymiseJson(JSON.parse('{"__proto__":{"polluted":"u-42"}}'), 'u-42') as object;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('pseudonymiseDedupeKey', () => {
  it('appends the pseudonymised message id only on a clash', () => {
    expect(pseudonymiseDedupeKey('c:u-42', 'e1#1', 'u-42', () => false)).toBe(`c:${alias}`);
    expect(pseudonymiseDedupeKey('c:u-42', 'e1#1', 'u-42', () => true)).toBe(`c:${alias}:e1#1`);
    expect(pseudonymiseDedupeKey('c:other', 'e1#1', 'u-42', () => true)).toBe('c:other');
  });
});
