import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { didYouMean, isEngageLoopError } from '@engageloop/core';
import type { Command, CommandContext } from './commands/command';
import { demoCommand } from './commands/demo';
import { diffCommand } from './commands/diff';
import { explainCommand } from './commands/explain';
import { generateEventsCommand } from './commands/generate-events';
import { reportCommand } from './commands/report';
import { schemaCommand } from './commands/schema';
import { simulateCommand } from './commands/simulate';
import { validateCommand } from './commands/validate';
import { type CliLocale, messages, pickLocale, tr } from './i18n';
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

const COMMON = { help: { type: 'boolean', short: 'h' }, lang: { type: 'string' } } as const;

function helpText(locale: CliLocale, command?: Command): string {
  const m = messages(locale);
  if (command) {
    const opts = Object.entries(command.options).map(
      ([name, o]) => `  --${name}${o.type === 'string' ? ' <value>' : ''}${o.short ? `, -${o.short}` : ''}`,
    );
    return [
      `engageloop ${command.name} ${command.usage}`,
      '',
      tr(locale, command.summary),
      '',
      ...opts,
      '',
    ].join('\n');
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    m.usage,
    '',
    m.commands,
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${tr(locale, c.summary)}`),
    '',
    m.helpHint,
    '',
  ].join('\n');
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
  const locale = pickLocale(langIndex >= 0 ? argv[langIndex + 1] : undefined, io.env);
  const m = messages(locale);
  const [name, ...rest] = argv;
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
      `${m.unknownCommand(name)}${suggestion ? ` ${m.didYouMean(suggestion)}` : ''}\n\n${helpText(locale)}`,
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
    io.stderr.write(
      `${m.badArgs(error instanceof Error ? error.message : String(error))}\n\n${helpText(locale, command)}`,
    );
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
      io.stderr.write(`${error.format()}\n  ${m.hint}: ${error.hint}\n`);
      for (const inner of error.errors.slice(0, 20)) io.stderr.write(`  ${inner.format()}\n`);
    } else {
      io.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 1;
  }
}
