import type { ParseArgsConfig } from 'node:util';
import type { CliLocale } from '../i18n';
import type { CliIO } from '../io';

/** Option definitions as `node:util` `parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed arguments of one command. */
export interface CommandArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

/** What a command gets to run: its arguments, the injected streams and the language. */
export interface CommandContext {
  args: CommandArgs;
  io: CliIO;
  locale: CliLocale;
  /** Resolves a user path against `io.cwd`. */
  resolve(path: string): string;
}

/** One CLI command: one module under `src/commands/`, registered with one line in `cli.ts`. */
export interface Command {
  name: string;
  summary: { en: string; 'zh-CN': string };
  /** Usage line(s) after `engageloop <name>`, e.g. `<files|folders…> [--json]`. */
  usage: string;
  options: OptionSpec;
  /** What each option of `options` does, in both languages (`--help` lists them; a test checks every one). */
  optionHelp: Record<string, { en: string; 'zh-CN': string }>;
  /** Whether positionals are accepted. */
  positionals?: boolean;
  /** Runs the command; resolves to the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

/** A string option's value, or undefined. */
export const str = (args: CommandArgs, name: string): string | undefined => {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
};

/** A boolean flag's value. */
export const flag = (args: CommandArgs, name: string): boolean => args.values[name] === true;

/** A positive integer option, or the fallback; NaN when given but not a positive integer. */
export const int = (args: CommandArgs, name: string, fallback: number): number => {
  const v = str(args, name);
  if (v === undefined) return fallback;
  return /^\d+$/.test(v) ? Number(v) : Number.NaN;
};

/** The options of a generated population: `generate-events`, `simulate --profile` and `demo` take them. */
export const POPULATION_OPTIONS = {
  users: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
} as const satisfies OptionSpec;

/** What the options several commands share do. */
export const SHARED_HELP = {
  start: {
    en: 'ISO date-time of the first generated day (default: a fixed date, so runs repeat).',
    'zh-CN': '生成的第一天的 ISO 时间（默认是固定日期，结果可复现）。',
  },
  plugins: {
    en: 'First-party plugins to install beyond those the policy uses, comma-separated; "all" for every one.',
    'zh-CN': '除策略用到的插件外还要安装的官方插件，用逗号分隔；"all" 表示全部。',
  },
  policy: {
    en: 'The policy: a JSON file or a folder of them.',
    'zh-CN': '策略：一个 JSON 文件或包含多个 JSON 文件的文件夹。',
  },
  'skip-invalid': {
    en: 'Skip invalid event lines (reported on stderr) instead of stopping.',
    'zh-CN': '跳过无效的事件行（在标准错误中报告），不中止运行。',
  },
  needs: {
    en: 'Also generate feedback (needs) and their handling.',
    'zh-CN': '同时生成反馈（需求）及其处理过程。',
  },
  sequential: {
    en: 'Run the two policies one after the other in this thread. By default they run at once (the second in a worker thread) when the machine has two CPUs or more; ENGAGELOOP_PARALLEL=0 also turns that off, =1 asks for it on one CPU.',
    'zh-CN':
      '在当前线程中依次运行两个策略。默认情况下，机器有两个或更多 CPU 时，两个策略同时运行（第二个在工作线程中）；设置 ENGAGELOOP_PARALLEL=0 也可关闭并行，=1 则在单个 CPU 上也并行。',
  },
  events: {
    en: 'Events to run, one JSON event per line (NDJSON file); - reads stdin (once, for both policies).',
    'zh-CN':
      '要运行的事件，每行一个 JSON 事件（NDJSON 文件）；- 表示从标准输入读取（只读一遍，两个策略共用）。',
  },
} as const;

/** What `--users`, `--days` and `--seed` do. */
export const POPULATION_HELP = {
  users: { en: 'Number of simulated users.', 'zh-CN': '模拟用户数。' },
  days: { en: 'Number of simulated days.', 'zh-CN': '模拟天数。' },
  seed: {
    en: 'Random seed: the same seed gives the same events.',
    'zh-CN': '随机种子：相同的种子生成相同的事件。',
  },
} as const;

/** A generated population's size and seed from `--users`, `--days`, `--seed`, else the command's defaults. */
export interface Population {
  /** NaN when malformed: `generateEvents` rejects it with a coded error. */
  users: number;
  days: number;
  seed: string;
}

export const populationOf = (args: CommandArgs, defaults: Population): Population => ({
  users: int(args, 'users', defaults.users),
  days: int(args, 'days', defaults.days),
  seed: str(args, 'seed') ?? defaults.seed,
});

/**
 * The values of required string options, in order; undefined after writing the first missing one
 * to stderr (the command then exits with 2).
 */
export function requireOptions<K extends string>(
  args: CommandArgs,
  names: readonly K[],
  reportMissing: (option: string) => void,
): Record<K, string> | undefined {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = str(args, name);
    if (value === undefined) {
      reportMissing(`--${name}`);
      return undefined;
    }
    values[name] = value;
  }
  return values;
}
