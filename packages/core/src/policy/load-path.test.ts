import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { incentives } from './__fixtures__/plugins';
import { loadPolicyPath, validatePolicyPath } from './load';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const plugins = [incentives];

describe('loadPolicyPath', () => {
  it('merges a folder of .json files in file-name order', async () => {
    const dir = fixture('folder');
    const policy = await loadPolicyPath(dir, { plugins });
    expect(policy.name).toBe('folder-policy');
    expect(policy.files).toEqual(
      ['10-main.json', '20-settings.json', '30-vip.json'].map((f) => join(dir, f)),
    );
    // the policy's "welcome" replaces the plugin default rule of the same id
    expect(policy.rules.map((r) => r.id)).toEqual(['review-points', 'vip-thanks', 'welcome']);
    expect(policy.rules.find((r) => r.id === 'vip-thanks')?.source).toMatchObject({
      file: join(dir, '30-vip.json'),
      pointer: '/rules/0',
      line: 4,
      column: 5,
    });
    expect(policy.settings).toEqual({ incentives: { cap: 50, stages: [] } });
    expect(policy.defaults).toEqual({ timezone: 'Asia/Shanghai', locale: 'zh-CN' });
    expect(Object.keys(policy.conditions)).toEqual(['engaged']);
  });

  it('loads a single file', async () => {
    const policy = await loadPolicyPath(fixture('folder/10-main.json'), { plugins });
    expect(policy.rules.map((r) => r.id)).toEqual(['welcome', 'review-points']);
  });

  it('reports merge conflicts and rule errors across files with their places', async () => {
    const dir = fixture('bad-folder');
    const result = await validatePolicyPath(dir, { plugins });
    if (result.ok) throw new Error('expected errors');
    const lines = result.errors.map((e) => e.format());
    const b = join(dir, 'b.json');
    expect(lines).toContain(
      `${b}:3:3 POLICY_SCHEMA_INVALID "name" is set in more than one file (also at ${join(dir, 'a.json')}:3:3); set it once.`,
    );
    expect(result.errors.map((e) => e.code).sort()).toEqual([
      'POLICY_SCHEMA_INVALID',
      'POLICY_SCHEMA_INVALID',
      'RULE_EFFECT_UNKNOWN',
      'RULE_ID_DUPLICATE',
    ]);
    const unknown = result.errors.find((e) => e.code === 'RULE_EFFECT_UNKNOWN');
    expect([unknown?.file, unknown?.line, unknown?.column, unknown?.data?.suggestion]).toEqual([
      b,
      10,
      29,
      'incentives.award',
    ]);
    const dup = result.errors.find((e) => e.code === 'RULE_ID_DUPLICATE');
    expect(dup?.message).toContain(`${join(dir, 'a.json')}:5:21`);
  });

  it('reports JSON syntax errors per file and POLICY_READ_FAILED for missing paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engageloop-policy-'));
    writeFileSync(join(dir, 'a.json'), '{ "version": 1, "rules": [] }');
    writeFileSync(join(dir, 'b.json'), '{ "version": 1,\n  "rules": [ }');
    const result = await validatePolicyPath(dir, { plugins });
    expect(result.ok ? [] : result.errors.map((e) => [e.code, e.file, e.line])).toContainEqual([
      'POLICY_JSON_INVALID',
      join(dir, 'b.json'),
      2,
    ]);
    const missing = await validatePolicyPath(join(dir, 'nope'));
    expect(missing.ok ? '' : missing.errors[0]?.code).toBe('POLICY_READ_FAILED');
    const empty = mkdtempSync(join(tmpdir(), 'engageloop-empty-'));
    await expect(loadPolicyPath(empty)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof EngageLoopError &&
        e.code === 'POLICY_INVALID' &&
        e.errors[0]?.code === 'POLICY_READ_FAILED',
    );
  });
});
