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
  const source = flag ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return source.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const EN = {
  usage: 'Usage: engageloop <command> [options]',
  commands: 'Commands:',
  helpHint: 'Run "engageloop <command> --help" for the options of a command. Add --lang zh-CN for Chinese.',
  unknownCommand: (c: string) => `Unknown command "${c}".`,
  didYouMean: (s: string) => `did you mean "${s}"?`,
  hint: 'hint',
  badArgs: (m: string) => `Invalid arguments: ${m}`,
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
} as const;

type Messages = {
  [K in keyof typeof EN]: (typeof EN)[K] extends (...a: infer A) => string ? (...a: A) => string : string;
};

const ZH: Messages = {
  usage: '用法：engageloop <命令> [选项]',
  commands: '命令：',
  helpHint: '运行 "engageloop <命令> --help" 查看命令选项。加 --lang en 使用英文。',
  unknownCommand: (c) => `未知命令 "${c}"。`,
  didYouMean: (s) => `你是不是想用 "${s}"？`,
  hint: '提示',
  badArgs: (m) => `参数无效：${m}`,
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
};

/** The CLI's own messages (library errors keep their catalogue text). */
export function messages(locale: CliLocale): Messages {
  return locale === 'zh-CN' ? ZH : (EN as unknown as Messages);
}

/** Picks the text of a `{ en, 'zh-CN' }` pair. */
export const tr = (locale: CliLocale, text: { en: string; 'zh-CN': string }): string => text[locale];
