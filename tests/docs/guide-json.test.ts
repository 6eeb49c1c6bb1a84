/**
 * Every ```json block of the guides (docs/guide/en and zh-CN) is checked as what it is: a whole policy
 * with the real loader and the installed plugins, a rule, an effect, a condition, a part of a policy or a
 * plugin's settings inside a minimal policy, an event envelope with `validateEvent`. What a block is comes
 * from a marker on the line above its fence (`<!-- json: rule -->`, `<!-- json: settings incentives -->`)
 * or else from its shape; a block showing a mistake on purpose is marked `<!-- invalid -->` and must fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { kudos } from '../../docs/examples/plugin-kudos/kudos';
import { firstPartyPlugins } from '../../packages/cli/src/plugins';
import { type BlockKind, jsonBlocks, problemsOf, shapeOf, valuesOf } from './json-blocks';

const root = fileURLToPath(new URL('../..', import.meta.url));
const guides = ['docs/guide/en', 'docs/guide/zh-CN'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, dir, name)),
);
// The installed plugins: the first-party ones, and the plugin guide's example (its rule uses its fact).
const plugins = [...firstPartyPlugins(), kudos()];
const setup = { plugins, registry: createRegistry(plugins) };
const KINDS = new Set<string>([
  'policy',
  'policy-part',
  'rule',
  'rules',
  'effect',
  'condition',
  'event',
  'settings',
]);

const blocks = guides.flatMap((path) => jsonBlocks(relative(root, path), readFileSync(path, 'utf8')));

/** Why a block is not what it shows (empty when it is). */
function checkBlock(block: (typeof blocks)[number]): string[] {
  const where = `${block.file}:${block.line}`;
  const [markedKind, plugin] = (block.marker ?? '').split(/\s+/);
  if (markedKind && !KINDS.has(markedKind)) return [`${where}: unknown marker "${block.marker}"`];
  let values: unknown[];
  try {
    values = valuesOf(block.text);
  } catch (error) {
    return block.invalid ? [] : [`${where}: not JSON: ${(error as Error).message}`];
  }
  if (values.length === 0) return [`${where}: empty`];
  const problems: string[] = [];
  for (const value of values) {
    const kind = (markedKind || shapeOf(value)) as BlockKind | undefined;
    if (!kind) {
      problems.push(`${where}: neither a policy, a rule, an effect, a condition nor an event: add a marker`);
      continue;
    }
    if (kind === 'settings' && !plugin) problems.push(`${where}: "settings" needs the plugin's name`);
    const found = problemsOf(kind, value, setup, plugin);
    if (block.invalid && found.length === 0)
      problems.push(`${where}: marked invalid, but it is a valid ${kind}`);
    if (!block.invalid) problems.push(...found.map((p) => `${where} (${kind}): ${p}`));
  }
  return problems;
}

describe('JSON blocks of the guides', () => {
  it('finds the blocks of both languages', () => {
    expect(guides.length).toBeGreaterThanOrEqual(20);
    expect(blocks.filter((b) => b.file.includes('/en/')).length).toBeGreaterThan(10);
    expect(blocks.filter((b) => b.file.includes('/zh-CN/')).length).toBeGreaterThan(10);
  });

  it('every block is valid as what it is (policy, rule, effect, condition, event, settings), or marked invalid and fails', () => {
    expect(blocks.flatMap(checkBlock)).toEqual([]);
  });

  it('the checker catches what it is for: a misspelt effect, a wrong param, an unknown fact, an unmarked mistake', () => {
    const sample = (text: string, marker = '') =>
      checkBlock({ file: 'sample.md', line: 1, invalid: marker === 'invalid', marker: undefined, text });
    expect(sample('{ "type": "incentives.awrd", "params": { "amount": 1 } }')).toHaveLength(1);
    expect(sample('{ "type": "incentives.award", "params": { "amount": "10" } }')).toHaveLength(1);
    expect(sample('{ "fact": "incentives.teir", "operator": "equal", "value": "core" }')).toHaveLength(1);
    expect(sample('{ "id": "r", "stage": "action", "on": "lifecycle.timr", "effects": [] }')).toHaveLength(1);
    expect(sample('{ "version": 1, "rules": [], "settings": { "incentives": { "caps": 3 } } }')).toHaveLength(
      1,
    );
    expect(
      sample('{ "id": "e1", "type": "profile.updated", "userId": "u1", "at": "yesterday" }'),
    ).toHaveLength(1);
    expect(sample('{ "what": 1 }')).toHaveLength(1);
    // Names the surrounding policy would declare are not the fragment's mistake:
    expect(sample('{ "type": "incentives.grantBadge", "params": { "badge": "helper" } }')).toEqual([]);
    expect(sample('{ "id": "r", "stage": "action", "on": "order.placed", "effects": [] }')).toEqual([]);
    // A block marked invalid must fail:
    expect(sample('{ "type": "incentives.award", "params": { "amount": 1 } }', 'invalid')).toHaveLength(1);
    expect(sample('{ "type": "incentives.award", "params": { "amount": 0 } }', 'invalid')).toEqual([]);
  });
});
