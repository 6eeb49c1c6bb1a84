import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { definePlugin } from './define-plugin';
import type { Plugin } from './types';

function problems(plugin: unknown): string[] {
  try {
    definePlugin(plugin as Plugin);
  } catch (error) {
    if (error instanceof EngageLoopError && error.code === 'PLUGIN_INVALID')
      return error.data?.problems as string[];
    throw error;
  }
  return [];
}

describe('definePlugin', () => {
  it('returns a valid plugin unchanged', () => {
    const plugin = {
      name: 'greeter',
      version: '1.0.0',
      effects: { 'greeter.hi': { params: { type: 'object' }, apply: (s: unknown) => s } },
    };
    expect(definePlugin(plugin)).toBe(plugin);
  });

  it.each([
    [{ name: 'Bad Name', version: '1.0.0' }, 'name'],
    [{ name: 'ok', version: 'one' }, 'version'],
    [{ name: 'ok', version: '1.0.0', effects: { 'other.hi': { params: {}, apply: () => 0 } } }, 'ok.<name>'],
    [{ name: 'ok', version: '1.0.0', effects: { 'ok.hi': { params: {}, apply: 1 } } }, 'apply'],
    [
      { name: 'ok', version: '1.0.0', effects: { 'ok.hi': { params: { type: 'nope' }, apply: () => 0 } } },
      'compile',
    ],
    [{ name: 'ok', version: '1.0.0', facts: { balance: { value: () => 0 } } }, 'ok.<name>'],
    [{ name: 'ok', version: '1.0.0', operators: { 'a:b': () => true } }, 'operator'],
    [{ name: 'ok', version: '1.0.0', hooks: { onBoot: () => undefined } }, 'hook'],
    [{ name: 'ok', version: '1.0.0', settings: { schema: { type: 'object' } } }, 'defaults'],
    [{ name: 'ok', version: '1.0.0', eventTypes: { 'Bad Type': {} } }, 'event type'],
  ])('rejects %j naming the problem', (plugin, fragment) => {
    const list = problems(plugin);
    expect(list.join('\n')).toContain(fragment);
  });

  it('compiles a schema with a $ref at once: only a compile tells whether it resolves', () => {
    const params = { $ref: '#/$defs/missing' };
    const list = problems({ name: 'ok', version: '1.0.0', effects: { 'ok.hi': { params, apply: () => 0 } } });
    expect(list.join('\n')).toContain('does not compile');
  });

  it('lets the core plugin use bare fact names', () => {
    expect(problems({ name: 'core', version: '0.1.0', facts: { now: { value: () => 0 } } })).toEqual([]);
  });

  it('can define the same plugin twice (schemas with $id do not clash)', () => {
    const make = () =>
      definePlugin({
        name: 'x',
        version: '1.0.0',
        settings: { schema: { $id: 'https://example.com/x.schema.json', type: 'object' }, defaults: {} },
      });
    expect(() => {
      make();
      make();
    }).not.toThrow();
  });
});
