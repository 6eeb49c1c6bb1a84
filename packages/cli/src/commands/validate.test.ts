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

  it('with --lang zh-CN (or a zh LANG) prints Chinese messages and hints at file:line:col, rule and field in words', async () => {
    for (const [args, env] of [
      [['--lang', 'zh-CN'], {}],
      [['--lang=zh-CN'], {}],
      [[], { LANG: 'zh_CN.UTF-8' }],
    ] as const) {
      const { code, out } = await run(['validate', fixture('wrong-params.json'), ...args], env);
      expect(code).toBe(1);
      const lines = out.split('\n');
      expect(lines).toContain(
        'wrong-params.json:10:61 RULE_EFFECT_PARAMS_INVALID 规则 "review-points" 的第 1 个效果（incentives.award）："amount" 必须是数字',
      );
      expect(lines).toContain(
        'wrong-params.json:11:19 RULE_EFFECT_UNKNOWN 规则 "review-points" 的第 2 个效果：未知的效果类型 "incentives.awrad"——你是不是想写 "incentives.award"？',
      );
      expect(lines).toContain('  提示：在参考文档中查看该效果类型的参数。');
      expect(lines).toContain(
        '  提示：使用已安装插件提供的效果类型（运行 `engageloop schema` 可列出），或安装提供它的插件。',
      );
      expect(out).toContain('缺少必填属性 "amount"');
      expect(out).toContain('有未知属性 "amout"——你是不是想写 "amount"？');
      expect(out).not.toMatch(/must|hint|Unknown|unknown|missing/);
    }
  });

  it('names the rule and field in words before the pointer in English too; --json keeps the pointer', async () => {
    const { out } = await run(['validate', fixture('wrong-params.json')]);
    expect(out).toContain(
      'wrong-params.json:10:61 RULE_EFFECT_PARAMS_INVALID rule "review-points", effect 1 (incentives.award): "amount" must be a number',
    );
    const json = JSON.parse(
      (await run(['validate', fixture('wrong-params.json'), '--json', '--lang', 'zh-CN'])).out,
    );
    expect(json.files[0].errors[0]).toMatchObject({
      code: 'RULE_EFFECT_PARAMS_INVALID',
      pointer: '/rules/0/effects/0/params/amount',
      line: 10,
      column: 61,
      message: '规则 "review-points" 的第 1 个效果（incentives.award）："amount" 必须是数字',
      hint: '在参考文档中查看该效果类型的参数。',
    });
  });

  it('exits 2 without paths and on an unknown command, suggesting the nearest', async () => {
    expect((await run(['validate'])).code).toBe(2);
    const unknown = await run(['validte']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"validate"');
  });
});
