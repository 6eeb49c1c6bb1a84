import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../__fixtures__/harness';
import { schemaText } from './schema';

const shipped = fileURLToPath(new URL('../../schema/policy.schema.json', import.meta.url));

describe('engageloop schema', () => {
  it('prints the composed JSON Schema with $schema and the plugins’ effect types', async () => {
    const { code, out } = await run(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(out) as { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(out).toContain('incentives.award');
    expect(out).toContain('lifecycle.care');
  });

  it('limits the schema to --plugins and rejects unknown ones by code', async () => {
    const only = await run(['schema', '--plugins', 'lifecycle']);
    expect(only.out).not.toContain('incentives.award');
    const bad = await run(['schema', '--plugins', 'incentivs']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('PLUGIN_OPTIONS_INVALID');
  });

  it('writes the schema with --out (creating the folder) and prints nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engageloop-schema-'));
    try {
      const out = join(dir, 'nested', 'policy.schema.json');
      const result = await run(['schema', '--out', out]);
      expect(result.code).toBe(0);
      expect(result.out).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(schemaText());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the schema the package ships (written by the build) is the one the registry composes today', () => {
    expect(existsSync(shipped), `${shipped} is missing: run \`npm run build\``).toBe(true);
    expect(readFileSync(shipped, 'utf8')).toBe(schemaText());
  });
});
