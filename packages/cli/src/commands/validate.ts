import { relative } from 'node:path';
import { type EngageLoopError, validatePolicyPath } from '@engageloop/core';
import { type CliLocale, messages } from '../i18n';
import { firstPartyPlugins } from '../plugins';
import { type Command, flag } from './command';

/** The did-you-mean suggestion an error carries, if any. */
const suggestionOf = (e: EngageLoopError): string | undefined => {
  const s = e.data?.suggestion;
  return typeof s === 'string' ? s : undefined;
};

/**
 * Error lines as product owners see them, in their language: `file:line:col CODE message`, then
 * did-you-mean (when the message does not already say it) and the hint.
 */
export function formatPolicyError(
  e: EngageLoopError,
  locale: CliLocale = 'en',
  showFile: (file: string) => string = (f) => f,
): string[] {
  const m = messages(locale);
  const where = e.file
    ? `${showFile(e.file)}${e.line ? `:${e.line}:${e.column ?? 1}` : ''} `
    : e.pointer
      ? `${e.pointer} `
      : '';
  const message = e.messageIn(locale);
  const lines = [`${where}${e.code} ${message}`];
  const suggestion = suggestionOf(e);
  if (suggestion && !message.includes(`"${suggestion}"`)) lines.push(`  ${m.didYouMean(suggestion)}`);
  lines.push(`  ${m.hintLine(e.hintIn(locale))}`);
  return lines;
}

/** Errors by file, then line and column (the loader finds them check by check); unlocated ones last. */
const inFileOrder = (errors: readonly EngageLoopError[]): EngageLoopError[] =>
  [...errors].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0),
  );

/** `engageloop validate <files|folders…> [--json]` */
export const validateCommand: Command = {
  name: 'validate',
  summary: {
    en: 'Check policy files or folders; every error at once as file:line:col CODE message.',
    'zh-CN': '校验策略文件或文件夹；一次列出全部错误（文件:行:列 代码 说明）。',
  },
  usage: '<files|folders…> [--json]',
  options: { json: { type: 'boolean' } },
  optionHelp: {
    json: {
      en: 'Print the result as JSON (messages and hints in the chosen language).',
      'zh-CN': '以 JSON 输出结果（说明与提示使用所选语言）。',
    },
  },
  positionals: true,
  async run({ args, io, locale, resolve }) {
    const m = messages(locale);
    if (args.positionals.length === 0) {
      io.stderr.write(`${m.missing('<files|folders…>')}\n`);
      return 2;
    }
    const plugins = firstPartyPlugins();
    const cwd = io.cwd ?? process.cwd();
    const results: Array<{ path: string; ok: boolean; errors: EngageLoopError[] }> = [];
    for (const path of args.positionals) {
      const result = await validatePolicyPath(resolve(path), { plugins });
      results.push({ path, ok: result.ok, errors: result.ok ? [] : inFileOrder(result.errors) });
    }
    const errorCount = results.reduce((n, r) => n + r.errors.length, 0);
    const rel = (file: string): string => {
      const r = relative(cwd, file);
      return r === '' || r.startsWith('..') ? file : r;
    };
    if (flag(args, 'json')) {
      const files = results.map((r) => ({
        path: r.path,
        ok: r.ok,
        errors: r.errors.map((e) => {
          const json = e.toJSONIn(locale);
          if (typeof json.file === 'string') json.file = rel(json.file);
          return json;
        }),
      }));
      io.stdout.write(`${JSON.stringify({ ok: errorCount === 0, errorCount, files }, null, 2)}\n`);
      return errorCount === 0 ? 0 : 1;
    }
    for (const r of results) {
      if (r.ok) {
        io.stdout.write(`${m.validOk(r.path)}\n`);
        continue;
      }
      for (const e of r.errors) {
        io.stdout.write(`${formatPolicyError(e, locale, rel).join('\n')}\n`);
      }
    }
    io.stdout.write(`${m.validSummary(results.length, errorCount)}\n`);
    return errorCount === 0 ? 0 : 1;
  },
};
