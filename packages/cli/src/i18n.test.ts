import { describe, expect, it } from 'vitest';
import { COMMANDS } from './cli';
import { LABEL_TABLES } from './i18n';
// Each module registers its label table in LABEL_TABLES when it is loaded.
import './summary-labels';
import './progress';
import './report/format-diff';
import './report/labels';

const HAN = /\p{Script=Han}/u;

/**
 * A label's text: strings as they are, functions called with placeholder arguments (`[1]`, which reads as
 * the number 1, the string "1" and a list of one name).
 */
const textOf = (label: unknown): string =>
  typeof label === 'function'
    ? String(label(...Array.from({ length: label.length }, () => [1])))
    : String(label);

describe('CLI labels', () => {
  it('registers every label table: messages, the summary, the diff, the report and the progress line', () => {
    expect(Object.keys(LABEL_TABLES).sort()).toEqual(['diff', 'messages', 'progress', 'report', 'summary']);
  });

  it('every label table has the same keys in both languages, English in en and Chinese in zh-CN', () => {
    const problems: string[] = [];
    for (const [name, table] of Object.entries(LABEL_TABLES)) {
      const en = table.en as Record<string, unknown>;
      const zh = table['zh-CN'] as Record<string, unknown>;
      const keys = new Set([...Object.keys(en), ...Object.keys(zh)]);
      for (const key of keys) {
        if (!Object.hasOwn(en, key) || !Object.hasOwn(zh, key)) {
          problems.push(`${name}.${key}: missing in ${Object.hasOwn(en, key) ? 'zh-CN' : 'en'}`);
          continue;
        }
        const [e, z] = [textOf(en[key]), textOf(zh[key])];
        if (e.trim() === '' || HAN.test(e)) problems.push(`${name}.${key}: en is empty or not English`);
        if (!HAN.test(z)) problems.push(`${name}.${key}: zh-CN has no Chinese: ${z}`);
        if (typeof en[key] !== typeof zh[key]) problems.push(`${name}.${key}: string in one language only`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every command has a summary and a description of each option in both languages', () => {
    const problems: string[] = [];
    for (const command of COMMANDS) {
      const texts = { summary: command.summary, ...command.optionHelp };
      for (const option of ['summary', ...Object.keys(command.options)]) {
        const text = Object.hasOwn(texts, option) ? texts[option as keyof typeof texts] : undefined;
        if (!text?.en.trim() || HAN.test(text.en)) problems.push(`${command.name} ${option}: en`);
        if (!text || !HAN.test(text['zh-CN'])) problems.push(`${command.name} ${option}: zh-CN`);
      }
      for (const option of Object.keys(command.optionHelp))
        if (!Object.hasOwn(command.options, option))
          problems.push(`${command.name} ${option}: no such option`);
    }
    expect(problems).toEqual([]);
  });
});
