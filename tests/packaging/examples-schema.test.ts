import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesSchemaProblems } from './example-schemas';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = join(root, 'docs/examples');

// The repository root is a project with @engageloop/cli installed (a workspace link), like a user's project:
// an example copied there finds its schema. packaging.test.ts does the same in an app installed from tarballs.
describe('example policies and their $schema', { timeout: 60_000 }, () => {
  it('each names the shipped schema by a path that works from a project root, and satisfies it', () => {
    const files = readdirSync(examples).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(3);
    const list = files.map((name) => ({ name, text: readFileSync(join(examples, name), 'utf8') }));
    for (const { text } of list)
      expect(JSON.parse(text).$schema).toBe('./node_modules/@engageloop/cli/schema/policy.schema.json');
    expect(examplesSchemaProblems(list, root)).toEqual([]);
  });

  it('reports an example its schema rejects, and a $schema that names no file', () => {
    const bad = JSON.stringify({
      $schema: './node_modules/@engageloop/cli/schema/policy.schema.json',
      version: 1,
      settings: { incentives: { caps: 'daily' } },
    });
    const lost = JSON.stringify({ $schema: '../../packages/core/schema/nowhere.json', version: 1 });
    const problems = examplesSchemaProblems(
      [
        { name: 'bad.json', text: bad },
        { name: 'lost.json', text: lost },
      ],
      root,
    );
    expect(problems.some((p) => p.startsWith('bad.json: /settings/incentives/caps'))).toBe(true);
    expect(problems.some((p) => p.startsWith('lost.json: "$schema" names'))).toBe(true);
  });
});
