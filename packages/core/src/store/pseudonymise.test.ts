import { describe, expect, it } from 'vitest';
import {
  counterNamesUser,
  erasedOutcome,
  jsonNeedle,
  pseudonymCounterKey,
  pseudonymiseAll,
  pseudonymisedDerived,
  pseudonymiseJson,
  pseudonymiseKey,
  pseudonymiseValues,
  uniqueKey,
} from './pseudonymise';

const alias = 'forgotten:0123456789abcdef';

describe('pseudonymiseKey', () => {
  it('replaces the id as a whole `:` part, anywhere, every time', () => {
    expect(pseudonymiseKey('e1:reply:done:u-42', 'u-42', alias)).toBe(`e1:reply:done:${alias}`);
    expect(pseudonymiseKey('reply:u-42:done', 'u-42', alias)).toBe(`reply:${alias}:done`);
    expect(pseudonymiseKey('u-42', 'u-42', alias)).toBe(alias);
    expect(pseudonymiseKey('u-42:x:u-42', 'u-42', alias)).toBe(`${alias}:x:${alias}`);
  });

  it('leaves ids that only contain it as a substring alone', () => {
    expect(pseudonymiseKey('e1:reply:done:u-421', 'u-42', alias)).toBe('e1:reply:done:u-421');
    expect(pseudonymiseKey('xu-42:u-42y', 'u-42', alias)).toBe('xu-42:u-42y');
    expect(pseudonymiseKey('anything', '', alias)).toBe('anything');
  });

  it('handles ids that contain `:` themselves', () => {
    expect(pseudonymiseKey('e1:care:org:7:2026', 'org:7', alias)).toBe(`e1:care:${alias}:2026`);
  });
});

describe('pseudonymiseAll', () => {
  it('replaces every occurrence, bounded or not (the forgotten user’s own rows)', () => {
    expect(pseudonymiseAll('timer:care:a@x.org@17', 'a@x.org', alias)).toBe(`timer:care:${alias}@17`);
    expect(pseudonymiseAll('a@x.org#a@x.org', 'a@x.org', alias)).toBe(`${alias}#${alias}`);
    expect(pseudonymiseAll('e1', 'a@x.org', alias)).toBe('e1');
    expect(pseudonymiseAll('e1', '', alias)).toBe('e1');
  });
});

describe('pseudonymiseJson', () => {
  it('rewrites string values and keys at any depth, other values untouched', () => {
    const input = { userId: 'u-42', n: 3, ok: true, none: null, list: ['e1:n:t:u-42', 'other'], 'u-42': 1 };
    expect(pseudonymiseJson(input, 'u-42', alias)).toEqual({
      userId: alias,
      n: 3,
      ok: true,
      none: null,
      list: [`e1:n:t:${alias}`, 'other'],
      [alias]: 1,
    });
  });

  it('treats a `__proto__` key as data', () => {
    const out = pseudonymiseJson(JSON.parse('{"__proto__":{"polluted":"u-42"}}'), 'u-42', alias) as object;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('uniqueKey, jsonNeedle, erasedOutcome', () => {
  it('appends ~n only on a clash', () => {
    const taken = new Set(['k', 'k~2']);
    expect(uniqueKey('free', (key) => taken.has(key))).toBe('free');
    expect(uniqueKey('k', (key) => taken.has(key))).toBe('k~3');
  });

  it('finds an id the way JSON text spells it', () => {
    expect(JSON.stringify({ id: 'a"b\\c' })).toContain(jsonNeedle('a"b\\c'));
  });

  it('keeps only what a replay answers, under the pseudonym', () => {
    const outcome = {
      eventId: 'e1',
      userId: 'a@x.org',
      type: 'need.captured',
      status: 'applied',
      fired: ['r1'],
      effects: [{ params: { text: 'phone 555-1234' } }],
      messages: [{ id: 'e1#0', userId: 'a@x.org' }],
      timers: { scheduled: ['need:e1:sla:acknowledge'], cancelled: [] },
      emitted: ['need:captured'],
    };
    expect(erasedOutcome(outcome, 'a@x.org', alias)).toEqual({
      eventId: 'e1',
      userId: alias,
      source: 'event',
      type: 'need.captured',
      status: 'applied',
      fired: [],
      effects: [],
      messages: [],
      timers: { scheduled: [], cancelled: [] },
      emitted: [],
    });
    expect(erasedOutcome(undefined, 'a@x.org', alias)).toMatchObject({
      eventId: '',
      type: '',
      status: 'applied',
    });
    expect(erasedOutcome({ eventId: 'order-a@x.org-1', source: 'timer' }, 'a@x.org', alias)).toMatchObject({
      eventId: `order-${alias}-1`,
      source: 'timer',
    });
    expect(erasedOutcome({ eventId: 'd-1', source: 'derived' }, 'a@x.org', alias)).toMatchObject({
      source: 'derived',
    });
    expect(erasedOutcome({ eventId: 'x', source: 'forged' }, 'a@x.org', alias)).toMatchObject({
      source: 'event',
    });
  });
});

describe('counters and derived payloads', () => {
  it('names a counter when its key ends with the id, after the prefix or a `:`', () => {
    const prefixes = ['wall:'];
    expect(counterNamesUser('wall:naming:u:42', prefixes, 'u:42')).toBe(true);
    expect(counterNamesUser('wall:u:42', prefixes, 'u:42')).toBe(true);
    expect(counterNamesUser('wall:naming:xu:42', prefixes, 'u:42')).toBe(false);
    expect(counterNamesUser('other:u:42', prefixes, 'u:42')).toBe(false);
    expect(counterNamesUser('wall:naming:u:42:x', prefixes, 'u:42')).toBe(false);
    expect(counterNamesUser('wall:', prefixes, '')).toBe(false);
    expect(pseudonymCounterKey('wall:naming:u:42', 'u:42', alias)).toBe(`wall:naming:${alias}`);
  });

  it('replaces only whole string values equal to the id, in derived events only', () => {
    const payload = { user: 'u-42', by: ['u-42', 'u-421'], note: 'u-42 wrote', 'u-42': 1 };
    expect(pseudonymiseValues(payload, 'u-42', alias)).toEqual({
      user: alias,
      by: [alias, 'u-421'],
      note: 'u-42 wrote',
      'u-42': 1,
    });
    const derived = { derived: { eventId: 'd1' }, payload: { user: 'u-42' } };
    expect(pseudonymisedDerived(derived, 'u-42', alias)).toEqual({ ...derived, payload: { user: alias } });
    expect(pseudonymisedDerived({ payload: { user: 'u-42' } }, 'u-42', alias)).toBeUndefined();
    expect(pseudonymisedDerived({ ...derived, payload: { user: 'u-1' } }, 'u-42', alias)).toBeUndefined();
  });
});
