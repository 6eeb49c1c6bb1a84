import { describe, expect, it } from 'vitest';
import { run } from '../__fixtures__/harness';

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
});
