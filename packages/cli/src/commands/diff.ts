import { messages } from '../i18n';
import { diffRuns } from '../report/diff';
import { formatDiff } from '../report/format-diff';
import { runPolicyPaths } from '../report/load-run';
import type { PolicyRun } from '../report/run';
import { type Command, flag, SHARED_HELP, str } from './command';
import { forcedPlugins, PLUGINS_OPTION } from './shared';

/** `engageloop diff <old> <new> --events <file> [--json]` */
export const diffCommand: Command = {
  name: 'diff',
  summary: {
    en: 'Run two policies on the same events and show what changes: cost, tiers, messages, rules.',
    'zh-CN': '用同一批事件运行两个策略，显示变化：成本、层级、消息、规则。',
  },
  usage:
    '<old-policy> <new-policy> --events <file.ndjson|-> [--json] [--skip-invalid] [--plugins a,b|all] [--sequential]',
  positionals: true,
  options: {
    events: { type: 'string' },
    json: { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    ...PLUGINS_OPTION,
    sequential: { type: 'boolean' },
  },
  optionHelp: {
    events: SHARED_HELP.events,
    json: { en: 'Print the differences as JSON instead of tables.', 'zh-CN': '以 JSON 而非表格输出差异。' },
    'skip-invalid': SHARED_HELP['skip-invalid'],
    plugins: SHARED_HELP.plugins,
    sequential: SHARED_HELP.sequential,
  },
  async run(ctx) {
    const { args, io, locale } = ctx;
    const m = messages(locale);
    const [oldPath, newPath, ...extra] = args.positionals;
    const events = str(args, 'events');
    if (oldPath === undefined || newPath === undefined || extra.length > 0) {
      io.stderr.write(`${m.badArgs(m.twoPolicies)}\n`);
      return 2;
    }
    if (events === undefined) {
      io.stderr.write(`${m.missing('--events <file>')}\n`);
      return 2;
    }
    const runs = await runPolicyPaths(ctx, [oldPath, newPath], events, {
      forcePlugins: forcedPlugins(args),
      skipInvalid: flag(args, 'skip-invalid'),
      sequential: flag(args, 'sequential'),
    });
    if (!runs) return 1;
    const [old, next] = runs as [PolicyRun, PolicyRun];
    const diff = diffRuns(old, next);
    const names = {
      wallets: { ...old.names.wallets, ...next.names.wallets },
      tiers: { ...old.names.tiers, ...next.names.tiers },
    };
    io.stdout.write(
      flag(args, 'json') ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff, locale, 20, names),
    );
    return 0;
  },
};
