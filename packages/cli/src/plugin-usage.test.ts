import { readdirSync, readFileSync } from 'node:fs';
import { createEngine, loadPolicy, type PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { usedPluginNames } from './plugin-usage';
import { firstPartyPlugins, pluginsForPolicy } from './plugins';

const examples = new URL('../../../docs/examples/', import.meta.url);
const files = readdirSync(examples).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(new URL(file, examples), 'utf8')) as PolicyDocument;
const all = firstPartyPlugins();
const names = (doc: unknown, force?: string[]) => pluginsForPolicy(doc, all, force).map((p) => p.name);

describe('the plugins a policy uses', () => {
  it.each(files)('%s loads into an engine with only the plugins it uses', (file) => {
    const doc = read(file);
    const plugins = pluginsForPolicy(doc, all);
    expect(plugins.length).toBeGreaterThan(0);
    const engine = createEngine({ plugins, policy: loadPolicy(doc, { plugins }) });
    expect(engine.policy.rules.length).toBe(doc.rules.length);
  });

  it('a points-only policy (the e-commerce example) installs incentives alone', () => {
    expect(names(read('ecommerce-reviews.json'))).toEqual(['incentives']);
  });

  it('finds a plugin by its settings key, effect, fact, operator or the event types it alone declares', () => {
    const rule = (extra: Record<string, unknown>) => ({
      rules: [{ id: 'r', stage: 'action', effects: [], ...extra }],
    });
    expect(usedPluginNames({ settings: { lifecycle: {} }, rules: [] }, all)).toEqual(['lifecycle']);
    expect(usedPluginNames(rule({ effects: [{ type: 'replies.send', params: {} }] }), all)).toEqual([
      'replies',
    ]);
    const fact = { all: [{ fact: 'lifecycle.stage', operator: 'equal', value: 'active' }] };
    expect(usedPluginNames({ conditions: { named: fact }, rules: [] }, all)).toEqual(['lifecycle']);
    expect(usedPluginNames(rule({ on: 'need.captured' }), all)).toEqual(['needs']);
    // A type the policy declares itself needs no plugin.
    expect(
      usedPluginNames(
        { ...rule({ on: 'feedback.submitted' }), eventTypes: { 'feedback.submitted': {} } },
        all,
      ),
    ).toEqual([]);
    expect(usedPluginNames(rule({ on: ['feedback.submitted'] }), all)).toEqual(['replies']);
    expect(usedPluginNames('not a policy', all)).toEqual([]);
  });

  it('--plugins adds named plugins, `all` installs every one, an unknown name is a typed error', () => {
    const doc = read('ecommerce-reviews.json');
    expect(names(doc, ['replies'])).toEqual(['incentives', 'replies']);
    expect(names(doc, ['all'])).toEqual(all.map((p) => p.name));
    expect(() => names(doc, ['replys'])).toThrow(expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID' }));
  });
});
