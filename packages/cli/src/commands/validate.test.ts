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

  it('lists schema errors and unknown references of a file in one run, in file order', async () => {
    const { code, out } = await run(['validate', fixture('typos.json')]);
    expect(code).toBe(1);
    const lines = out.split('\n').filter((l) => l.startsWith('typos.json:'));
    expect(lines.map((l) => l.split(' ')[1])).toEqual([
      'SETTINGS_REFERENCE_UNKNOWN', // the cap names "review-media-bonuz"
      'RULE_REFERENCE_UNKNOWN', // grantBadge of an undeclared badge
      'POLICY_SCHEMA_INVALID', // the second rule has no "stage"…
      'RULE_REFERENCE_UNKNOWN', // …and its reply template is misspelled
    ]);
    expect(lines[0]).toMatch(
      /^typos\.json:6:\d+ .*"review-media-bonuz".*did you mean "review-media-bonus"\?/,
    );
    expect(lines[1]).toMatch(/^typos\.json:16:\d+ .*badge "star-of-the-year"/);
    expect(lines[3]).toMatch(/did you mean "thank"\?/);
    expect(out).toContain('4 error(s)');
  });

  it('checks the names each first-party plugin declares: tiers, wallets, stages, segments', async () => {
    const { code, out } = await run(['validate', fixture('typos-names.json'), '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as { files: Array<{ errors: Array<Record<string, unknown>> }> };
    const found = (report.files[0]?.errors ?? []).map((e) => [
      e.code,
      (e.data as { suggestion?: string }).suggestion,
    ]);
    expect(found).toEqual([
      ['SETTINGS_REFERENCE_UNKNOWN', 'core'],
      ['RULE_REFERENCE_UNKNOWN', 'active'],
      ['RULE_REFERENCE_UNKNOWN', 'big-spenders'],
      ['RULE_REFERENCE_UNKNOWN', 'points'],
      ['RULE_REFERENCE_UNKNOWN', undefined], // "charty": no wallet is close (only "points" is declared)
    ]);
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
