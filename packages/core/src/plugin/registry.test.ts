import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { corePlugin } from './core-plugin';
import { definePlugin } from './define-plugin';
import { createRegistry } from './registry';
import type { Plugin } from './types';

const awards = definePlugin({
  name: 'awards',
  version: '1.0.0',
  settings: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cap: { type: 'integer', minimum: 0 },
        tiers: { type: 'object', properties: { gold: { type: 'integer' } } },
      },
    },
    defaults: { cap: 100, tiers: { gold: 1000, silver: 100 } },
  },
  facts: { 'awards.balance': { value: () => 0 } },
  operators: { near: () => true },
  eventTypes: { 'review.submitted': {} },
  effects: {
    'awards.grant': {
      params: { type: 'object', required: ['points'], properties: { points: { type: 'integer' } } },
      apply: (s) => s,
    },
  },
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof EngageLoopError ? error.code : 'OTHER';
  }
  return 'NONE';
};

describe('createRegistry', () => {
  it('puts the core plugin first and indexes every part', () => {
    const registry = createRegistry([awards]);
    expect(registry.plugins).toEqual([corePlugin, awards]);
    expect(registry.effectTypes).toEqual(['core.setAttribute', 'core.message', 'awards.grant']);
    expect(registry.factNames).toEqual(['event', 'user', 'now', 'signals', 'awards.balance']);
    expect(registry.eventTypeNames).toEqual(['profile.updated', 'review.submitted']);
    expect(Object.keys(registry.operators)).toEqual(['near']);
    expect(registry.operatorNames).toContain('greaterThanInclusive');
    expect(registry.operatorNames).toContain('near');
    expect(registry.fact('awards.balance')?.plugin).toBe(awards);
    expect(registry.plugin('nope')).toBeUndefined();
  });

  it('validates effect params with the compiled schema', () => {
    const registry = createRegistry([awards]);
    expect(registry.effect('awards.grant')?.validate({ points: 2 })).toEqual([]);
    const errors =
      registry.effect('awards.grant')?.validate({ points: 'x' }, '/rules/0/effects/0/params') ?? [];
    expect(errors.map((e) => [e.code, e.pointer])).toEqual([
      ['RULE_EFFECT_PARAMS_INVALID', '/rules/0/effects/0/params/points'],
    ]);
  });

  it('deep-applies settings defaults and validates them', () => {
    const registry = createRegistry([awards]);
    expect(registry.settingsFor('awards', undefined)).toEqual({
      value: { cap: 100, tiers: { gold: 1000, silver: 100 } },
      errors: [],
    });
    expect(registry.settingsFor('awards', { tiers: { gold: 5 } }).value).toEqual({
      cap: 100,
      tiers: { gold: 5, silver: 100 },
    });
    const bad = registry.settingsFor('awards', { cap: -1 });
    expect(bad.errors.map((e) => [e.code, e.pointer])).toEqual([
      ['SETTINGS_INVALID', '/settings/awards/cap'],
    ]);
    expect(registry.settingsFor('core', { x: 1 }).errors[0]?.code).toBe('SETTINGS_INVALID');
    expect(registry.settingsFor('nope', {}).errors[0]?.code).toBe('SETTINGS_PLUGIN_UNKNOWN');
  });

  it('merges settings without touching prototypes', () => {
    const registry = createRegistry([awards]);
    const raw = JSON.parse('{"tiers":{"__proto__":{"polluted":1}}}');
    const { value } = registry.settingsFor('awards', raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn((value as { tiers: object }).tiers, '__proto__')).toBe(true);
  });

  it.each<[string, Plugin[]]>([
    ['plugin name', [awards, { ...awards }]],
    ['core plugin', [{ name: 'core', version: '9.0.0' }]],
    [
      'operator',
      [
        { name: 'a', version: '1.0.0', operators: { near: () => true } },
        { name: 'b', version: '1.0.0', operators: { near: () => true } },
      ],
    ],
    ['built-in operator', [{ name: 'a', version: '1.0.0', operators: { equal: () => true } }]],
    ['event type', [{ name: 'a', version: '1.0.0', eventTypes: { 'profile.updated': {} } }]],
  ])('throws PLUGIN_DUPLICATE for a duplicate %s', (_what, plugins) => {
    expect(code(() => createRegistry(plugins))).toBe('PLUGIN_DUPLICATE');
  });

  it('throws PLUGIN_INVALID for a malformed plugin', () => {
    expect(code(() => createRegistry([{ name: 'Bad', version: '1' } as Plugin]))).toBe('PLUGIN_INVALID');
  });

  it('compiles a schema at its first use: one the meta-schema admits and ajv refuses is PLUGIN_INVALID then', () => {
    const odd = definePlugin({
      name: 'odd',
      version: '1.0.0',
      effects: {
        'odd.pick': { params: { type: 'object', properties: { k: { enum: [] } } }, apply: (s) => s },
      },
    });
    const registry = createRegistry([odd]);
    expect(code(() => registry.effect('odd.pick')?.validate({}))).toBe('PLUGIN_INVALID');
  });
});
