import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from './codes';
import { ERROR_CATALOGUE_ZH_CN } from './codes.zh-CN';
import { EngageLoopError } from './error';
import { localized } from './localized';

const HAN = /\p{Script=Han}/u;
const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

describe('error catalogue', () => {
  it('has the same codes in English and Chinese', () => {
    expect(Object.keys(ERROR_CATALOGUE_ZH_CN).sort()).toEqual([...codes].sort());
  });

  it('gives every code a non-empty message and hint in both languages, the Chinese side in Chinese', () => {
    const missing: string[] = [];
    for (const code of codes) {
      const en = ERROR_CATALOGUE[code];
      const zh = Object.hasOwn(ERROR_CATALOGUE_ZH_CN, code) ? ERROR_CATALOGUE_ZH_CN[code] : undefined;
      if (!en.message.trim() || !en.hint.trim()) missing.push(`${code}: en`);
      if (!zh || !HAN.test(zh.message) || !HAN.test(zh.hint)) missing.push(`${code}: zh-CN`);
    }
    expect(missing).toEqual([]);
  });
});

describe('EngageLoopError in a locale', () => {
  it('renders the catalogue message and hint in Chinese', () => {
    const error = new EngageLoopError('RULE_EFFECT_UNKNOWN', { file: 'p.json', line: 3, column: 7 });
    expect(error.format('zh-CN')).toBe('p.json:3:7 RULE_EFFECT_UNKNOWN 未知的效果类型。');
    expect(error.hintIn('zh-CN')).toBe(ERROR_CATALOGUE_ZH_CN.RULE_EFFECT_UNKNOWN.hint);
    expect(error.format()).toBe('p.json:3:7 RULE_EFFECT_UNKNOWN Unknown effect type.');
  });

  it('renders a message given in both languages in each, English as `message`', () => {
    const error = new EngageLoopError('POLICY_SCHEMA_INVALID', {
      message: localized('"amount" must be a number', '"amount" 必须是数字'),
      hint: localized('Use a number.', '请写数字。'),
    });
    expect(error.message).toBe('"amount" must be a number');
    expect(error.messageIn('zh-CN')).toBe('"amount" 必须是数字');
    expect(error.hintIn('zh-CN')).toBe('请写数字。');
    expect(error.toJSONIn('zh-CN')).toMatchObject({ message: '"amount" 必须是数字', hint: '请写数字。' });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ message: '"amount" must be a number' });
  });

  it('keeps an English-only detail after the Chinese catalogue message', () => {
    const error = new EngageLoopError('STORE_ERROR', { message: 'connection refused' });
    expect(error.messageIn('zh-CN')).toBe('存储出错；没有写入任何内容。（connection refused）');
  });
});
