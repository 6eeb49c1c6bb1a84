import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { policySchema } from '@engageloop/core';
import { firstPartyPlugins } from '../plugins';
import { type Command, str } from './command';

/** The schema text `engageloop schema` prints or writes: two-space JSON, newline-terminated. */
export function schemaText(names?: readonly string[]): string {
  return `${JSON.stringify(policySchema(firstPartyPlugins(names)), null, 2)}\n`;
}

/**
 * `engageloop schema [--plugins a,b] [--out file]` — the composed JSON Schema of rule files, for
 * editors. The build writes it with `--out schema/policy.schema.json`: the file `$schema` points at.
 */
export const schemaCommand: Command = {
  name: 'schema',
  summary: {
    en: 'Print (or write with --out) the JSON Schema of policy files, for editor autocompletion via "$schema".',
    'zh-CN': '输出（或用 --out 写入文件）策略文件的 JSON Schema（编辑器通过 "$schema" 自动补全）。',
  },
  usage: '[--plugins incentives,lifecycle] [--out policy.schema.json]',
  options: { plugins: { type: 'string' }, out: { type: 'string' } },
  optionHelp: {
    plugins: {
      en: 'Only these plugins, comma-separated (default: all first-party plugins).',
      'zh-CN': '只包含这些插件，用逗号分隔（默认：全部官方插件）。',
    },
    out: {
      en: 'Write the schema to this file instead of printing it.',
      'zh-CN': '把 schema 写入此文件，而不是打印出来。',
    },
  },
  async run({ args, io, resolve }) {
    const list = str(args, 'plugins');
    const names =
      list === undefined
        ? undefined
        : list
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0);
    const text = schemaText(names);
    const out = str(args, 'out');
    if (out === undefined) {
      io.stdout.write(text);
      return 0;
    }
    const path = resolve(out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, 'utf8');
    return 0;
  },
};
