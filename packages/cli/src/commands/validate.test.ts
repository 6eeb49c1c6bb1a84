import { describe, expect, it } from 'vitest';
import { example, fixture, run } from '../__fixtures__/harness';

describe('engageloop validate', () => {
  it('reports a misspelled effect type at file:line:col with did-you-mean and exits 1', async () => {
    const { code, out } = await run(['validate', fixture('misspelled-effect.json')]);
    expect(code).toBe(1);
    expect(out).toMatch(/misspelled-effect\.json:9:\d+ RULE_EFFECT_UNKNOWN/);
    expect(out).toContain('"incentives.award"');
    expect(out).toMatch(/hint: /);
  });

  it('prints machine-readable errors with --json', async () => {
    const { code, out } = await run(['validate', fixture('misspelled-effect.json'), '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      ok: boolean;
      files: Array<{ errors: Array<Record<string, unknown>> }>;
    };
    expect(report.ok).toBe(false);
    const error = report.files[0]?.errors[0];
    expect(error).toMatchObject({
      code: 'RULE_EFFECT_UNKNOWN',
      line: 9,
      data: { suggestion: 'incentives.award' },
    });
  });

  it('accepts every shipped example policy', async () => {
    const files = [
      'learning-partners.json',
      'community-mutual-help.json',
      'ecommerce-reviews.json',
      'lifecycle-care.json',
    ];
    const { code, out } = await run(['validate', ...files.map(example)]);
    expect(out).not.toMatch(/RULE_|POLICY_|SETTINGS_/);
    expect(code).toBe(0);
  });

  it('speaks Chinese with --lang zh-CN or a zh LANG', async () => {
    expect((await run(['validate', example('lifecycle-care.json'), '--lang', 'zh-CN'])).out).toContain(
      '校验通过',
    );
    expect((await run(['validate', example('lifecycle-care.json')], { LANG: 'zh_CN.UTF-8' })).out).toContain(
      '校验通过',
    );
  });

  it('exits 2 without paths and on an unknown command, suggesting the nearest', async () => {
    expect((await run(['validate'])).code).toBe(2);
    const unknown = await run(['validte']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"validate"');
  });
});
