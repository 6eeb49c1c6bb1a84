import { displayNames } from '../display-names';
import { formatSummary } from '../format-summary';
import { generateEvents } from '../generate/generate';
import type { ProfileName } from '../generate/profiles';
import { messages } from '../i18n';
import { numbered, readNdjsonBatches } from '../ndjson';
import { runSimulation } from '../simulation';
import {
  type Command,
  flag,
  POPULATION_HELP,
  POPULATION_OPTIONS,
  populationOf,
  SHARED_HELP,
  str,
} from './command';
import {
  forcedPlugins,
  loadForRun,
  ndjsonWriter,
  openEvents,
  PLUGINS_OPTION,
  parseDuration,
  parseTime,
  progress,
} from './shared';

/** `engageloop simulate --policy <p> --events <file.ndjson|-> …` */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: {
    en: 'Run events (and timers) through a policy on the memory store; print a summary table.',
    'zh-CN': '在内存存储上用策略运行事件（含计时器），输出汇总表。',
  },
  usage:
    '--policy <p> (--events <file.ndjson|-> | --profile <p> [--users N --days D --seed S --start ISO --needs]) [--from ISO --to ISO] [--out outcomes.ndjson] [--skip-invalid] [--tick-every 1h] [--plugins a,b|all] [--json]',
  options: {
    policy: { type: 'string' },
    events: { type: 'string' },
    profile: { type: 'string' },
    ...POPULATION_OPTIONS,
    start: { type: 'string' },
    needs: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    'tick-every': { type: 'string' },
    json: { type: 'boolean' },
    ...PLUGINS_OPTION,
  },
  optionHelp: {
    policy: SHARED_HELP.policy,
    events: {
      en: 'Events to run, one JSON event per line (NDJSON); - reads stdin.',
      'zh-CN': '要运行的事件，每行一个 JSON 事件（NDJSON）；- 表示从标准输入读取。',
    },
    profile: {
      en: "Generate events from a built-in profile (learning, community, ecommerce, workplace…) instead of reading them; the policy's own event types come with the payloads its rules read.",
      'zh-CN':
        '用内置画像（learning、community、ecommerce、workplace 等）生成事件，而不是读取文件；策略自己的事件类型按其规则读取的字段生成。',
    },
    ...POPULATION_HELP,
    start: SHARED_HELP.start,
    needs: SHARED_HELP.needs,
    from: {
      en: 'Only run events at or after this ISO date-time.',
      'zh-CN': '只运行该 ISO 时间及之后的事件。',
    },
    to: { en: 'Only run events before this ISO date-time.', 'zh-CN': '只运行该 ISO 时间之前的事件。' },
    out: { en: 'Write every outcome to this NDJSON file.', 'zh-CN': '把每个处理结果写入该 NDJSON 文件。' },
    'skip-invalid': SHARED_HELP['skip-invalid'],
    'tick-every': {
      en: 'How often timers run, in event time (e.g. 1h, 30m; default 1h).',
      'zh-CN': '计时器按事件时间运行的间隔（如 1h、30m；默认 1h）。',
    },
    json: { en: 'Print the result as JSON instead of tables.', 'zh-CN': '以 JSON 而非表格输出结果。' },
    plugins: SHARED_HELP.plugins,
  },
  async run({ args, io, locale, resolve }) {
    const m = messages(locale);
    const policyPath = str(args, 'policy');
    const eventsPath = str(args, 'events');
    const profile = str(args, 'profile');
    if (policyPath === undefined || (eventsPath === undefined && profile === undefined)) {
      io.stderr.write(`${m.missing(policyPath === undefined ? '--policy' : '--events')}\n`);
      return 2;
    }
    const from = parseTime(str(args, 'from'));
    const to = parseTime(str(args, 'to'));
    const tickEvery = parseDuration(str(args, 'tick-every') ?? '1h');
    if (Number.isNaN(from) || Number.isNaN(to) || !(tickEvery > 0)) {
      io.stderr.write(`${m.badArgs(m.badTimes)}\n`);
      return 2;
    }
    const loaded = await loadForRun(resolve(policyPath), forcedPlugins(args));
    const { policy, plugins } = loaded;
    const events = eventsPath === undefined ? undefined : openEvents(eventsPath, { io, locale, resolve });
    const input =
      events !== undefined
        ? readNdjsonBatches(events.input)
        : numbered(
            generateEvents({
              profile: profile as ProfileName,
              policy: loaded,
              start: str(args, 'start'),
              ...populationOf(args, { users: 100, days: 30, seed: '1' }),
              needs: flag(args, 'needs'),
            }),
          );
    const outPath = str(args, 'out');
    const out = outPath === undefined ? undefined : ndjsonWriter(resolve(outPath));
    const bar = events?.bar ?? progress(io, locale);
    const result = await runSimulation({
      policy,
      plugins,
      input,
      from,
      to,
      tickEveryMs: tickEvery,
      skipInvalid: flag(args, 'skip-invalid'),
      onOutcome: out ? (o) => out.write(o) : undefined,
      onInvalid: (bad) => bar.note(`${m.badLine(bad.line, `${bad.code} ${bad.text[locale]}`)}\n`),
      onProgress: bar.update,
    }).finally(bar.done);
    await out?.close();
    if (!result.ok) {
      io.stderr.write(`${m.stopped}\n`);
      return 1;
    }
    if (result.summary.events.invalid > 0) io.stderr.write(`${m.skipped(result.summary.events.invalid)}\n`);
    io.stdout.write(
      flag(args, 'json')
        ? `${JSON.stringify(result.summary, null, 2)}\n`
        : formatSummary(result.summary, locale, { names: displayNames(policy, locale) }),
    );
    if (outPath !== undefined) io.stderr.write(`${m.wrote(outPath)}\n`);
    return 0;
  },
};
