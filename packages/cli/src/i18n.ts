import { localized, type MessageText, messageLocale } from '@engageloop/core';

/** Languages the CLI speaks. */
export type CliLocale = 'en' | 'zh-CN';

/**
 * The CLI's language: `--lang` if given, else `LC_ALL` / `LC_MESSAGES` / `LANG` starting with `zh`
 * → zh-CN, else English.
 */
export function pickLocale(
  flag: string | undefined,
  env: Record<string, string | undefined> = {},
): CliLocale {
  return messageLocale(flag ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '');
}

/** The shape of a label table: the same keys, strings as strings, functions with the same parameters. */
export type LabelsLike<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => string ? (...a: A) => string : string;
};

/** A label table in both languages; the Chinese table must have exactly the English table's keys. */
export interface Labels<T> {
  en: LabelsLike<T>;
  'zh-CN': LabelsLike<T>;
}

/** Every label table of the CLI by name, so one test can check that none lacks a language. */
export const LABEL_TABLES: Record<string, Labels<unknown>> = {};

/**
 * Declares a label table in English and Chinese (a key missing on either side does not compile) and
 * registers it for the completeness test.
 */
export function defineLabels<T>(name: string, en: T, zh: LabelsLike<T>): Labels<T> {
  const table = { en: en as LabelsLike<T>, 'zh-CN': zh };
  LABEL_TABLES[name] = table as Labels<unknown>;
  return table;
}

const MESSAGES = defineLabels(
  'messages',
  {
    usage: 'Usage: engageloop <command> [options]',
    commands: 'Commands:',
    options: 'Options:',
    helpHint: 'Run "engageloop <command> --help" for the options of a command. Add --lang zh-CN for Chinese.',
    helpOption: 'Show this help.',
    langOption: 'Language of the output: en or zh-CN (default: from LANG).',
    unknownCommand: (c: string) => `Unknown command "${c}".`,
    didYouMean: (s: string) => `Did you mean "${s}"?`,
    hintLine: (h: string) => `hint: ${h}`,
    badArgs: (m: string) => `Invalid arguments: ${m}`,
    unknownOption: (o: string) => `unknown option ${o}`,
    optionNeedsValue: (o: string) => `option ${o} needs a value`,
    optionTakesNoValue: (o: string) => `option ${o} takes no value`,
    unexpectedArgument: (a: string) => `this command takes no argument "${a}"`,
    missing: (o: string) => `Missing required option ${o}.`,
    validOk: (p: string) => `✓ ${p}: valid`,
    validSummary: (files: number, errors: number) =>
      errors === 0
        ? `${files} policy path(s) checked, no errors.`
        : `${files} policy path(s) checked, ${errors} error(s).`,
    badLine: (line: number, m: string) => `line ${line}: ${m}`,
    skipped: (n: number) => `${n} invalid line(s) skipped.`,
    stopped: 'Stopped at the first invalid line (use --skip-invalid to skip bad lines).',
    wrote: (p: string) => `Wrote ${p}.`,
    more: (n: number) => `… and ${n} more`,
    badTimes: '--from / --to must be ISO date-times, --tick-every a duration like 1h',
    twoPolicies: 'expected exactly two policies: <old> <new>',
    eventNotJson: (m: string) => `--event: ${m}`,
    derived: (n: number, shown: number) =>
      `── ${n} derived event${n === 1 ? '' : 's'} it set off (on items, groups, contests and other users)${n > shown ? `, the first ${shown}` : ''}:`,
    demoIntro: (users: number, days: number, seed: string, dir: string) =>
      `engageloop demo: ${users} simulated users × ${days} days per scene (seed ${seed}), running the example policies in ${dir}.`,
    demoNext:
      'Next: engageloop validate <policy>, engageloop simulate --policy <policy> --events <events.ndjson>, engageloop explain.',
    unknownProfile: (profile: string, known: readonly string[]) =>
      `Unknown profile "${profile}"; use one of ${known.join(', ')}.`,
    positiveInteger: (option: string) => `${option} must be a positive integer.`,
    unknownPlugin: (plugin: string, known: readonly string[]) =>
      `Unknown plugin "${plugin}"; known: ${known.join(', ')}.`,
    examplesMissing: (places: string) => `The example policies were not found (looked in ${places}).`,
    exampleUnreadable: (path: string) => `The example policy ${path} could not be read.`,
    examplesHint: 'Pass --examples a folder holding the example policies (docs/examples of the repository).',
    reinstallHint: 'Reinstall @engageloop/cli (its "examples" folder is missing), or pass --examples <dir>.',
  },
  {
    usage: '用法：engageloop <命令> [选项]',
    commands: '命令：',
    options: '选项：',
    helpHint: '运行 "engageloop <命令> --help" 查看命令选项。加 --lang en 使用英文。',
    helpOption: '显示本帮助。',
    langOption: '输出语言：en 或 zh-CN（默认取自 LANG）。',
    unknownCommand: (c) => `未知命令 "${c}"。`,
    didYouMean: (s) => `你是不是想用 "${s}"？`,
    hintLine: (h) => `提示：${h}`,
    badArgs: (m) => `参数无效：${m}`,
    unknownOption: (o) => `未知选项 ${o}`,
    optionNeedsValue: (o) => `选项 ${o} 需要一个值`,
    optionTakesNoValue: (o) => `选项 ${o} 不接受值`,
    unexpectedArgument: (a) => `此命令不接受参数 "${a}"`,
    missing: (o) => `缺少必填选项 ${o}。`,
    validOk: (p) => `✓ ${p}：校验通过`,
    validSummary: (files, errors) =>
      errors === 0
        ? `已检查 ${files} 个策略路径，没有错误。`
        : `已检查 ${files} 个策略路径，共 ${errors} 个错误。`,
    badLine: (line, m) => `第 ${line} 行：${m}`,
    skipped: (n) => `已跳过 ${n} 行无效输入。`,
    stopped: '遇到无效行已停止（使用 --skip-invalid 跳过无效行）。',
    wrote: (p) => `已写入 ${p}。`,
    more: (n) => `……另有 ${n} 个`,
    badTimes: '--from / --to 必须是 ISO 时间，--tick-every 必须是时长（如 1h）',
    twoPolicies: '需要恰好两个策略：<旧策略> <新策略>',
    eventNotJson: (m) => `--event 参数：${m}`,
    derived: (n, shown) =>
      `── 由它引发的 ${n} 个派生事件（条目、小组、评比及其他用户）${n > shown ? `，显示前 ${shown} 个` : ''}：`,
    demoIntro: (users, days, seed, dir) =>
      `engageloop 演示：每个场景 ${users} 位模拟用户 × ${days} 天（种子 ${seed}），运行 ${dir} 中的示例策略。`,
    demoNext:
      '下一步：engageloop validate <策略>、engageloop simulate --policy <策略> --events <事件.ndjson>、engageloop explain。',
    unknownProfile: (profile, known) => `未知的画像 "${profile}"；可用的有 ${known.join('、')}。`,
    positiveInteger: (option) => `${option} 必须是正整数。`,
    unknownPlugin: (plugin, known) => `未知的插件 "${plugin}"；可用的有 ${known.join('、')}。`,
    examplesMissing: (places) => `找不到示例策略（查找过 ${places}）。`,
    exampleUnreadable: (path) => `无法读取示例策略 ${path}。`,
    examplesHint: '用 --examples 指定存放示例策略的文件夹（即仓库的 docs/examples）。',
    reinstallHint: '重新安装 @engageloop/cli（缺少其 "examples" 文件夹），或使用 --examples <文件夹>。',
  },
);

type Messages = LabelsLike<(typeof MESSAGES)['en']>;

/** The CLI's own messages (library errors render themselves with `EngageLoopError.format(locale)`). */
export function messages(locale: CliLocale): Messages {
  return MESSAGES[locale];
}

/**
 * One of the CLI's messages in both languages, for an error the CLI throws (its `messageIn(locale)` then
 * speaks the user's language).
 *
 * @example
 * new EngageLoopError('PLUGIN_OPTIONS_INVALID', { message: inBoth((m) => m.unknownPlugin(name, known)) })
 */
export const inBoth = (say: (m: Messages) => string): MessageText =>
  localized(say(MESSAGES.en), say(MESSAGES['zh-CN']));

/** Picks the text of a `{ en, 'zh-CN' }` pair. */
export const tr = (locale: CliLocale, text: { en: string; 'zh-CN': string }): string => text[locale];
