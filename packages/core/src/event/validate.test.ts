import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { DEFAULT_LIMITS, resolveLimits } from '../limits/limits';
import { definePlugin } from '../plugin/define-plugin';
import { createRegistry } from '../plugin/registry';
import { validateEvent } from './validate';

const reviews = definePlugin({
  name: 'reviews',
  version: '1.0.0',
  eventTypes: {
    'review.submitted': {
      payload: {
        type: 'object',
        required: ['rating'],
        properties: { rating: { type: 'integer', minimum: 1, maximum: 5 }, text: { type: 'string' } },
      },
    },
  },
});
const timers = definePlugin({
  name: 'timers',
  version: '1.0.0',
  eventTypes: {
    'timers.due': { sources: ['timer', 'derived'] },
    'timers.any': { sources: ['event', 'timer'] },
  },
});
const registry = createRegistry([reviews, timers]);
const base = {
  id: 'e1',
  type: 'review.submitted',
  userId: 'u1',
  at: '2026-01-01T09:00:00Z',
  payload: { rating: 5 },
};

function thrown(fn: () => unknown): EngageLoopError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EngageLoopError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('validateEvent', () => {
  it('refuses a host dispatch of a type whose sources leave out "event", and accepts the others', () => {
    const input = { id: 'e9', type: 'timers.due', userId: 'u1', at: '2026-01-01T09:00:00Z' };
    const error = thrown(() => validateEvent(input, registry));
    expect(error.code).toBe('EVENT_TYPE_INTERNAL');
    expect(error.pointer).toBe('/type');
    expect(error.plugin).toBe('timers');
    expect(error.messageIn('zh-CN')).toContain('timers.due');
    expect(input).toEqual({ id: 'e9', type: 'timers.due', userId: 'u1', at: '2026-01-01T09:00:00Z' });
    expect(validateEvent({ ...input, type: 'timers.any' }, registry).source).toBe('event');
  });

  it('refuses a plugin whose sources are not a non-empty list of event, timer, derived', () => {
    for (const sources of [[], ['host'], 'event'])
      expect(
        thrown(() =>
          definePlugin({
            name: 'bad',
            version: '1.0.0',
            eventTypes: { 'bad.due': { sources: sources as never } },
          }),
        ).code,
      ).toBe('PLUGIN_INVALID');
  });

  it('returns a new event with time and a default payload', () => {
    const input = { id: 'e2', type: 'checkin.done', userId: 'u1', at: '2026-01-01T10:00:00+08:00' };
    const event = validateEvent(input, registry);
    expect(event).toEqual({
      ...input,
      payload: {},
      source: 'event',
      subject: 'user:u1',
      time: Date.UTC(2026, 0, 1, 2),
    });
    expect(input).not.toHaveProperty('payload');
    expect(event).not.toBe(input);
  });

  it('validates the payload declared by a plugin and copies it', () => {
    const event = validateEvent(base, registry);
    expect(event.payload).toEqual({ rating: 5 });
    expect(event.payload).not.toBe(base.payload);
  });

  it.each([
    [{ ...base, id: '' }, '/id'],
    [{ ...base, id: 'x'.repeat(201) }, '/id'],
    [{ ...base, type: 'Review' }, '/type'],
    [{ ...base, userId: 3 }, '/userId'],
    [{ ...base, at: '2026-01-01T09:00:00' }, '/at'],
    [{ ...base, at: 'yesterday' }, '/at'],
    [{ ...base, payload: [] }, '/payload'],
    [{ ...base, extra: true }, '/extra'],
  ])('rejects a bad envelope %# with EVENT_INVALID at the pointer', (input, pointer) => {
    const error = thrown(() => validateEvent(input, registry));
    expect(error.code).toBe('EVENT_INVALID');
    expect(error.pointer).toBe(pointer);
  });

  it('lists every problem of the envelope', () => {
    const error = thrown(() => validateEvent({ type: 'x' }, registry));
    expect(error.code).toBe('EVENT_INVALID');
    const problems = error.data?.problems as unknown[];
    // id and at; the subject (userId or entity) is checked once the envelope is well-formed.
    expect(problems.length).toBe(2);
  });

  it('takes an entity as the subject, and refuses no subject or both with EVENT_SUBJECT_INVALID', () => {
    const entity = validateEvent(
      { id: 'e1', type: 'x', entity: 'group:g1', at: '2026-01-01T00:00:00Z' },
      registry,
    );
    expect(entity).toMatchObject({ userId: 'group:g1', entity: 'group:g1', subject: 'entity:group:g1' });
    expect(
      thrown(() => validateEvent({ id: 'e1', type: 'x', at: '2026-01-01T00:00:00Z' }, registry)).code,
    ).toBe('EVENT_SUBJECT_INVALID');
    const both = { id: 'e1', type: 'x', userId: 'u1', entity: 'group:g1', at: '2026-01-01T00:00:00Z' };
    expect(thrown(() => validateEvent(both, registry)).code).toBe('EVENT_SUBJECT_INVALID');
    for (const bad of ['group', 'Group:g1', ':g1', 'group:', '1x:a'])
      expect(
        thrown(() =>
          validateEvent({ id: 'e1', type: 'x', entity: bad, at: '2026-01-01T00:00:00Z' }, registry),
        ).code,
      ).toBe('EVENT_INVALID');
  });

  it.each([null, 'event', 42, []])('rejects a non-object %j', (input) => {
    expect(thrown(() => validateEvent(input, registry)).code).toBe('EVENT_INVALID');
  });

  it('rejects a bad payload with EVENT_PAYLOAD_INVALID and a payload pointer', () => {
    const error = thrown(() => validateEvent({ ...base, payload: { rating: 9 } }, registry));
    expect(error.code).toBe('EVENT_PAYLOAD_INVALID');
    expect(error.pointer).toBe('/payload/rating');
    const missing = thrown(() => validateEvent({ ...base, payload: {} }, registry));
    expect(missing.code).toBe('EVENT_PAYLOAD_INVALID');
  });

  it('treats hostile payload keys as data and never touches prototypes', () => {
    const input = JSON.parse(
      '{"id":"e3","type":"checkin.done","userId":"u1","at":"2026-01-01T09:00:00Z","payload":{"__proto__":{"polluted":true},"constructor":{"x":1}}}',
    );
    const event = validateEvent(input, registry);
    expect(Object.hasOwn(event.payload, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event.payload)).toBe(Object.prototype);
  });

  it('rejects __proto__ as an envelope key', () => {
    const input = JSON.parse(
      '{"id":"e4","type":"a","userId":"u","at":"2026-01-01T09:00:00Z","__proto__":{}}',
    );
    expect(thrown(() => validateEvent(input, registry)).code).toBe('EVENT_INVALID');
  });
});

describe('event size limits', () => {
  it('rejects a payload past payloadBytes before copying it, naming the limit', () => {
    const payload = { rating: 5, text: 'x'.repeat(DEFAULT_LIMITS.payloadBytes) };
    const e = thrown(() => validateEvent({ ...base, payload }, registry));
    expect(e.code).toBe('EVENT_TOO_LARGE');
    expect(e.pointer).toBe('/payload/text');
    expect(e.data).toEqual({ limit: 'payloadBytes', max: 65_536 });
  });

  it('accepts a payload just within the limit, and takes a configured limit', () => {
    const payload = { rating: 5, text: 'x'.repeat(100) };
    expect(validateEvent({ ...base, payload }, registry).payload).toEqual(payload);
    const small = resolveLimits({ payloadBytes: 64 });
    expect(thrown(() => validateEvent({ ...base, payload }, registry, small)).code).toBe('EVENT_TOO_LARGE');
  });

  it('rejects a payload nested past payloadDepth with EVENT_TOO_DEEP, at any depth without overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const e = thrown(() => validateEvent({ ...base, payload: { rating: 5, deep } }, registry));
    expect(e.code).toBe('EVENT_TOO_DEEP');
    expect(e.pointer).toBe(`/payload/deep${'/d'.repeat(31)}`);
  });
});

describe('inherited properties never satisfy validation', () => {
  it('rejects an envelope whose fields come from a prototype', () => {
    const e = thrown(() => validateEvent(Object.create(base), registry));
    expect(e.code).toBe('EVENT_INVALID');
    const partly = Object.assign(Object.create({ userId: 'u1' }), { ...base, userId: undefined });
    delete partly.userId;
    expect(thrown(() => validateEvent(partly, registry)).code).toBe('EVENT_INVALID');
  });

  it('rejects a payload, or a part of it, with inherited fields', () => {
    const payload = Object.create({ rating: 5 });
    expect(thrown(() => validateEvent({ ...base, payload }, registry)).code).toBe('EVENT_PAYLOAD_INVALID');
    const need = Object.create({ title: 'x' });
    const e = thrown(() => validateEvent({ ...base, payload: { rating: 5, need } }, registry));
    expect(e).toMatchObject({ code: 'EVENT_PAYLOAD_INVALID', pointer: '/payload/need' });
  });

  it('accepts null-prototype objects (plain data)', () => {
    const payload = Object.assign(Object.create(null), { rating: 5 });
    const event = Object.assign(Object.create(null), { ...base, payload });
    expect(validateEvent(event, registry).payload.rating).toBe(5);
  });
});

describe('validateEvent messages, in words and in both message locales', () => {
  const HAN = /\p{Script=Han}/u;
  /** English words left in a Chinese message, once quoted names, codes and `limits.x` are taken out. */
  const englishIn = (text: string) =>
    text
      .replace(/"[^"]*"/g, '')
      .replace(/\{[^}]*\}/g, '')
      .replace(/\b(?:limits\.\w+|JSON|ISO 8601|JSON\.parse|Date|BigInt|null|payload)\b/g, '')
      .match(/[A-Za-z]{3,}(?:\s+[A-Za-z]{2,})+/g) ?? [];
  const cases: Array<[string, unknown]> = [
    ['a missing field', { ...base, at: undefined }],
    ['an unknown field and a bad type name', { ...base, extra: 1, type: 'Review!' }],
    ['a bad date', { ...base, at: 'yesterday' }],
    ['an impossible date', { ...base, at: '2026-02-30T09:00:00Z' }],
    ['a payload of the wrong shape', { ...base, payload: { rating: 9, text: 5 } }],
    ['a payload that is not JSON data', { ...base, payload: { when: new Date(0) } }],
    ['an envelope that is not a plain object', Object.create({ id: 'e1' })],
    [
      'a payload past the size limit',
      { ...base, payload: { text: 'x'.repeat(DEFAULT_LIMITS.payloadBytes) } },
    ],
    [
      'a payload past the depth limit',
      { ...base, payload: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) },
    ],
  ];
  it.each(cases)('%s: a Chinese message without English sentences, and an English one', (_, input) => {
    const error = thrown(() => validateEvent(input, registry));
    const zh = error.messageIn('zh-CN');
    expect(zh).toMatch(HAN);
    expect(englishIn(zh)).toEqual([]);
    expect(error.messageIn('en')).not.toMatch(HAN);
  });

  it('names the place in words before any pointer: the field, the payload field', () => {
    expect(thrown(() => validateEvent({ ...base, at: 'yesterday' }, registry)).messageIn('en')).toMatch(
      /^The event is not valid: field "at" must be/,
    );
    const payload = thrown(() => validateEvent({ ...base, payload: { rating: 9 } }, registry));
    expect(payload.messageIn('en')).toMatch(
      /^The payload of a "review\.submitted" event is not valid: payload field "rating"/,
    );
    expect(payload.messageIn('zh-CN')).toMatch(/^"review\.submitted" 事件的载荷无效：载荷字段 "rating"/);
    expect(payload.pointer).toBe('/payload/rating');
  });
});
