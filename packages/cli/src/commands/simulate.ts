import { formatSummary } from '../format-summary';
import { generateEvents } from '../generate/generate';
import type { ProfileName } from '../generate/profiles';
import { messages } from '../i18n';
import { numbered, readNdjson } from '../ndjson';
import { runSimulation } from '../simulation';
import { type Command, flag, POPULATION_OPTIONS, populationOf, str } from './command';
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
    '--policy <p> (--events <file.ndjson|-> | --profile <p> [--users N --days D --seed S --needs]) [--from ISO --to ISO] [--out outcomes.ndjson] [--skip-invalid] [--tick-every 1h] [--plugins a,b|all] [--json]',
  options: {
    policy: { type: 'string' },
    events: { type: 'string' },
    profile: { type: 'string' },
    ...POPULATION_OPTIONS,
    needs: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    'tick-every': { type: 'string' },
    json: { type: 'boolean' },
    ...PLUGINS_OPTION,
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
      io.stderr.write(
        `${m.badArgs('--from / --to must be ISO date-times, --tick-every a duration like 1h')}\n`,
      );
      return 2;
    }
    const { policy, plugins } = await loadForRun(resolve(policyPath), forcedPlugins(args));
    const events = eventsPath === undefined ? undefined : openEvents(eventsPath, { io, locale, resolve });
    const input =
      events !== undefined
        ? readNdjson(events.input)
        : numbered(
            generateEvents({
              profile: profile as ProfileName,
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
      onInvalid: (bad) => bar.note(`${m.badLine(bad.line, `${bad.code} ${bad.message}`)}\n`),
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
        : formatSummary(result.summary, locale),
    );
    if (outPath !== undefined) io.stderr.write(`${m.wrote(outPath)}\n`);
    return 0;
  },
};
