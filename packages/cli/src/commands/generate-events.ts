import { generateEvents } from '../generate/generate';
import { PROFILES, type ProfileName } from '../generate/profiles';
import { messages } from '../i18n';
import { writeInTurn } from '../io';
import {
  type Command,
  flag,
  POPULATION_HELP,
  POPULATION_OPTIONS,
  populationOf,
  requireOptions,
  SHARED_HELP,
  str,
} from './command';
import { loadForRun } from './shared';

/** `engageloop generate-events --profile <p> --users N --days D --seed S [--start ISO]` */
export const generateEventsCommand: Command = {
  name: 'generate-events',
  summary: {
    en: 'Write a realistic, deterministic synthetic event stream (NDJSON) to stdout.',
    'zh-CN': '生成逼真且可复现的模拟事件流（NDJSON），输出到标准输出。',
  },
  usage: `--profile <${PROFILES.join('|')}> | --policy <p> --users N --days D --seed S [--start ISO] [--needs]`,
  options: {
    profile: { type: 'string' },
    policy: { type: 'string' },
    ...POPULATION_OPTIONS,
    start: { type: 'string' },
    needs: { type: 'boolean' },
  },
  optionHelp: {
    profile: {
      en: 'The kind of product to simulate (see the usage line for the list).',
      'zh-CN': '要模拟的产品类型（列表见用法行）。',
    },
    policy: {
      en: "Also send what this policy's rules listen on: its events, groups, items, likes, votes, reviews, track moves (with or without --profile).",
      'zh-CN':
        '同时生成该策略规则所监听的事件：其事件、小组、条目、点赞、投票、评审、流程推进（可与 --profile 同用）。',
    },
    ...POPULATION_HELP,
    start: SHARED_HELP.start,
    needs: SHARED_HELP.needs,
  },
  async run(ctx) {
    const { args, io, locale } = ctx;
    const m = messages(locale);
    const policyPath = str(args, 'policy');
    const required = policyPath === undefined ? ['profile'] : [];
    const given = requireOptions(args, required, (option) => io.stderr.write(`${m.missing(option)}\n`));
    if (given === undefined) return 2;
    const events = generateEvents({
      profile: str(args, 'profile') as ProfileName | undefined,
      policy: policyPath === undefined ? undefined : await loadForRun(ctx.resolve(policyPath), []),
      ...populationOf(args, { users: 100, days: 30, seed: '1' }),
      start: str(args, 'start'),
      needs: flag(args, 'needs'),
    });
    let buffer = '';
    for (const event of events) {
      buffer += `${JSON.stringify(event)}\n`;
      if (buffer.length > 65_536) {
        await writeInTurn(io.stdout, buffer);
        buffer = '';
      }
    }
    await writeInTurn(io.stdout, buffer);
    return 0;
  },
};
