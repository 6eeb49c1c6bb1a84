import { policySchema } from '@engageloop/core';
import { firstPartyPlugins } from '../plugins';
import { type Command, str } from './command';

/** `engageloop schema [--plugins a,b]` — the composed JSON Schema of rule files, for editors. */
export const schemaCommand: Command = {
  name: 'schema',
  summary: {
    en: 'Print the JSON Schema of policy files (for editor autocompletion via "$schema").',
    'zh-CN': '输出策略文件的 JSON Schema（编辑器通过 "$schema" 自动补全）。',
  },
  usage: '[--plugins incentives,lifecycle]',
  options: { plugins: { type: 'string' } },
  optionHelp: {
    plugins: {
      en: 'Only these plugins, comma-separated (default: all first-party plugins).',
      'zh-CN': '只包含这些插件，用逗号分隔（默认：全部官方插件）。',
    },
  },
  async run({ args, io }) {
    const list = str(args, 'plugins');
    const names =
      list === undefined
        ? undefined
        : list
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0);
    io.stdout.write(`${JSON.stringify(policySchema(firstPartyPlugins(names)), null, 2)}\n`);
    return 0;
  },
};
