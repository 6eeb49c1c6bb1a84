import { describe, expect, it } from 'vitest';
import type { EngageLoopError } from '../errors/error';
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
        properties: { rating: { type: 'integer' }, need: { type: 'object', required: ['title'] } },
      },
    },
  },
});
const registry = createRegistry([reviews]);
const envelope = { id: 'e1', type: 'review.submitted', userId: 'u1', at: '2026-01-01T09:00:00Z' };

function thrown(fn: () => unknown): EngageLoopError {
  try {
    fn();
  } catch (e) {
    return e as EngageLoopError;
  }
  throw new Error('expected a throw');
}

describe('event size limits', () => {
  it('rejects a payload past payloadBytes before copying it, naming the limit', () => {
    const payload = { rating: 5, text: 'x'.repeat(DEFAULT_LIMITS.payloadBytes) };
    const e = thrown(() => validateEvent({ ...envelope, payload }, registry));
    expect(e.code).toBe('EVENT_TOO_LARGE');
    expect(e.pointer).toBe('/payload/text');
    expect(e.data).toEqual({ limit: 'payloadBytes', max: 65_536 });
  });

  it('accepts a payload just within the limit, and takes a configured limit', () => {
    const payload = { rating: 5, text: 'x'.repeat(100) };
    expect(validateEvent({ ...envelope, payload }, registry).payload).toEqual(payload);
    const small = resolveLimits({ payloadBytes: 64 });
    expect(thrown(() => validateEvent({ ...envelope, payload }, registry, small)).code).toBe(
      'EVENT_TOO_LARGE',
    );
  });

  it('rejects a payload nested past payloadDepth with EVENT_TOO_DEEP, at any depth without overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const e = thrown(() => validateEvent({ ...envelope, payload: { rating: 5, deep } }, registry));
    expect(e.code).toBe('EVENT_TOO_DEEP');
    expect(e.pointer).toBe(`/payload/deep${'/d'.repeat(31)}`);
  });
});

describe('inherited properties never satisfy validation', () => {
  it('rejects an envelope whose fields come from a prototype', () => {
    const e = thrown(() => validateEvent(Object.create(envelope), registry));
    expect(e.code).toBe('EVENT_INVALID');
    const partly = Object.assign(Object.create({ userId: 'u1' }), { ...envelope, userId: undefined });
    delete partly.userId;
    expect(thrown(() => validateEvent(partly, registry)).code).toBe('EVENT_INVALID');
  });

  it('rejects a payload, or a part of it, with inherited fields', () => {
    const payload = Object.create({ rating: 5 });
    expect(thrown(() => validateEvent({ ...envelope, payload }, registry)).code).toBe(
      'EVENT_PAYLOAD_INVALID',
    );
    const need = Object.create({ title: 'x' });
    const e = thrown(() => validateEvent({ ...envelope, payload: { rating: 5, need } }, registry));
    expect(e).toMatchObject({ code: 'EVENT_PAYLOAD_INVALID', pointer: '/payload/need' });
  });

  it('accepts null-prototype objects (plain data)', () => {
    const payload = Object.assign(Object.create(null), { rating: 5 });
    const event = Object.assign(Object.create(null), { ...envelope, payload });
    expect(validateEvent(event, registry).payload.rating).toBe(5);
  });
});
