import { writeFileSync } from 'node:fs';
import { messages } from '../i18n';
import { renderReport } from '../report/html';
import { runPolicyPaths } from '../report/load-run';
import { type Command, flag, requireOptions, SHARED_HELP, str } from './command';
import { forcedPlugins, PLUGINS_OPTION } from './shared';

/** `engageloop report --policy <p> --events <file> --out report.html [--compare <old>] [--lang zh-CN|en]` */
export const reportCommand: Command = {
  name: 'report',
  summary: {
    en: 'Write one self-contained HTML report with charts (optionally two policies side by side).',
    'zh-CN': '生成一个自包含的 HTML 图表报告（可并排对比两个策略）。',
  },
  usage:
    '--policy <p> --events <file.ndjson|-> --out report.html [--compare <old-policy>] [--skip-invalid] [--plugins a,b|all] [--sequential]',
  options: {
    policy: { type: 'string' },
    events: { type: 'string' },
    out: { type: 'string' },
    compare: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    ...PLUGINS_OPTION,
    sequential: { type: 'boolean' },
  },
  optionHelp: {
    policy: SHARED_HELP.policy,
    events: SHARED_HELP.events,
    out: { en: 'The HTML file to write.', 'zh-CN': '要写入的 HTML 文件。' },
    compare: {
      en: 'An older policy to show side by side with --policy.',
      'zh-CN': '与 --policy 并排对比的旧策略。',
    },
    'skip-invalid': SHARED_HELP['skip-invalid'],
    plugins: SHARED_HELP.plugins,
    sequential: SHARED_HELP.sequential,
  },
  async run(ctx) {
    const { args, io, locale } = ctx;
    const m = messages(locale);
    const given = requireOptions(args, ['policy', 'events', 'out'], (option) =>
      io.stderr.write(`${m.missing(option)}\n`),
    );
    if (given === undefined) return 2;
    const { policy, events, out } = given;
    const compare = str(args, 'compare');
    const paths = compare === undefined ? [policy] : [policy, compare];
    const runs = await runPolicyPaths(ctx, paths, events, {
      forcePlugins: forcedPlugins(args),
      skipInvalid: flag(args, 'skip-invalid'),
      sequential: flag(args, 'sequential'),
    });
    if (!runs) return 1;
    const labelled = runs.map((run, i) => ({ label: paths[i] as string, run }));
    writeFileSync(ctx.resolve(out), renderReport({ runs: labelled, locale }), 'utf8');
    io.stderr.write(`${m.wrote(out)}\n`);
    return 0;
  },
};
