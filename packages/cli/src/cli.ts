import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import {
  didYouMean,
  ERROR_CATALOGUE,
  ERROR_CATALOGUE_ZH_CN,
  type ErrorCode,
  isEngageLoopError,
} from '@engageloop/core';
import type { Command, CommandContext } from './commands/command';
import { demoCommand } from './commands/demo';
import { diffCommand } from './commands/diff';
import { explainCommand } from './commands/explain';
import { generateEventsCommand } from './commands/generate-events';
import { reportCommand } from './commands/report';
import { schemaCommand } from './commands/schema';
import { simulateCommand } from './commands/simulate';
import { formatPolicyError, validateCommand } from './commands/validate';
import { type CliLocale, messages, pickLocale, tr } from './i18n';
import { displayWidth, padEnd } from './text-width';

type LocalText = { en: string; 'zh-CN': string };

import type { CliIO } from './io';

/** Every command, in help order. Adding a command = a file under `commands/` + one line here. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  schemaCommand,
  explainCommand,
  simulateCommand,
  diffCommand,
  reportCommand,
  generateEventsCommand,
  demoCommand,
];

const catalogueMessage = (code: ErrorCode, locale: CliLocale): string =>
  (locale === 'zh-CN' ? ERROR_CATALOGUE_ZH_CN : ERROR_CATALOGUE)[code].message;

const COMMON = { help: { type: 'boolean', short: 'h' }, lang: { type: 'string' } } as const;

/** Rows of a help list: names, then their descriptions aligned in terminal columns. */
function list(rows: ReadonlyArray<[string, string]>): string[] {
  const width = Math.max(...rows.map(([name]) => displayWidth(name)));
  return rows.map(([name, text]) => `  ${padEnd(name, width)}  ${text}`);
}

function helpText(locale: CliLocale, command?: Command): string {
  const m = messages(locale);
  if (command) {
    const options: Array<[string, string]> = Object.entries(command.options).map(([name, o]) => [
      `--${name}${o.type === 'string' ? ' <value>' : ''}${o.short ? `, -${o.short}` : ''}`,
      Object.hasOwn(command.optionHelp, name) ? tr(locale, command.optionHelp[name] as LocalText) : '',
    ]);
    options.push(['--lang <value>', m.langOption], ['--help, -h', m.helpOption]);
    return [
      `engageloop ${command.name} ${command.usage}`,
      '',
      tr(locale, command.summary),
      '',
      m.options,
      ...list(options),
      '',
    ].join('\n');
  }
  return [
    m.usage,
    '',
    m.commands,
    ...list(COMMANDS.map((c) => [c.name, tr(locale, c.summary)])),
    '',
    m.helpHint,
    '',
  ].join('\n');
}

/** What `parseArgs` refused, in the CLI's language (its own English words for anything else). */
function argsProblem(error: unknown, locale: CliLocale): string {
  const m = messages(locale);
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(message ?? '')?.[1] ?? '';
  const option = quoted.split(' ')[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return m.unknownOption(option);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return m.unexpectedArgument(quoted);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return message?.includes('does not take') ? m.optionTakesNoValue(option) : m.optionNeedsValue(option);
  return message ?? String(error);
}

/** `argv` without `--lang <value>` / `--lang=<value>`, which may come anywhere, before the command too. */
function withoutLang(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--lang') i++;
    else if (!arg.startsWith('--lang=')) out.push(arg);
  }
  return out;
}

/**
 * Runs the `engageloop` command line in-process: `argv` without the node and script names.
 * Writes only to `io.stdout` / `io.stderr`; resolves to the exit code (0 ok, 1 problems found, 2 usage).
 *
 * @example
 * const code = await runCli(['validate', 'policy.json'], { stdout: process.stdout, stderr: process.stderr });
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const langIndex = argv.indexOf('--lang');
  const inline = argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  const locale = pickLocale(langIndex >= 0 ? argv[langIndex + 1] : inline, io.env);
  const m = messages(locale);
  const [name, ...rest] = withoutLang(argv);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText(locale));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('0.1.0\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const suggestion = didYouMean(
      name,
      COMMANDS.map((c) => c.name),
    );
    io.stderr.write(
      `${[m.unknownCommand(name), suggestion && m.didYouMean(suggestion)].filter(Boolean).join(locale === 'en' ? ' ' : '')}\n\n${helpText(locale)}`,
    );
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...COMMON, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`${m.badArgs(argsProblem(error, locale))}\n\n${helpText(locale, command)}`);
    return 2;
  }
  if (parsed.values.help === true) {
    io.stdout.write(helpText(locale, command));
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const ctx: CommandContext = {
    args: { values: parsed.values, positionals: parsed.positionals },
    io,
    locale,
    resolve: (p) => resolvePath(cwd, p),
  };
  try {
    return await command.run(ctx);
  } catch (error) {
    if (isEngageLoopError(error)) {
      if (error.errors.length === 0) {
        io.stderr.write(`${formatPolicyError(error, locale).join('\n')}\n`);
      } else {
        // The list is the message of an error with inner errors (POLICY_INVALID): show each one with its hint.
        io.stderr.write(`${error.code} ${catalogueMessage(error.code, locale)}\n`);
        for (const inner of error.errors.slice(0, 20))
          io.stderr.write(`${formatPolicyError(inner, locale).join('\n')}\n`);
        if (error.errors.length > 20) io.stderr.write(`${m.more(error.errors.length - 20)}\n`);
      }
    } else {
      io.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 1;
  }
}
