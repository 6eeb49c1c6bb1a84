import type { ErrorObject } from 'ajv';
import { localized, type MessageText } from '../errors/localized';

/** A JSON Schema type in words: `number` → `a number` / `数字`. */
const TYPES: Record<string, MessageText> = {
  number: localized('a number', '数字'),
  integer: localized('a whole number', '整数'),
  string: localized('a string', '字符串'),
  boolean: localized('true or false', 'true 或 false'),
  object: localized('an object', '对象'),
  array: localized('a list', '列表（数组）'),
  null: localized('null', 'null'),
};

/** Several types in words: `a number or a string` / `数字或字符串`. */
export function typesInWords(types: readonly string[]): MessageText {
  const words = types.map((t) => TYPES[t] ?? localized(t, t));
  return localized(words.map((w) => w.en).join(' or '), words.map((w) => w['zh-CN']).join('或'));
}

const FORMATS: Record<string, MessageText> = {
  'date-time': localized(
    'an ISO 8601 date-time (2026-01-31T09:00:00Z)',
    'ISO 8601 时间（如 2026-01-31T09:00:00Z）',
  ),
};

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Chinese comparison words for ajv's `comparison` param. */
const COMPARE: Record<string, MessageText> = {
  '<=': localized('at most', '不大于'),
  '<': localized('less than', '小于'),
  '>=': localized('at least', '不小于'),
  '>': localized('more than', '大于'),
};

/**
 * What an ajv error says about its instance, in both languages, without naming the instance:
 * `must be a number` / `必须是数字`. Keywords without words here keep ajv's English text.
 */
export function predicateOf(error: ErrorObject): MessageText {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = Array.isArray(p.type) ? p.type.map(String) : String(p.type).split(',');
      const t = typesInWords(types);
      return localized(`must be ${t.en}`, `必须是${t['zh-CN']}`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const c = COMPARE[String(p.comparison)] ?? localized(String(p.comparison), String(p.comparison));
      return localized(`must be ${c.en} ${show(p.limit)}`, `必须${c['zh-CN']} ${show(p.limit)}`);
    }
    case 'multipleOf':
      return localized(`must be a multiple of ${show(p.multipleOf)}`, `必须是 ${show(p.multipleOf)} 的倍数`);
    case 'minLength':
      return Number(p.limit) === 1
        ? localized('must not be empty', '不能为空')
        : localized(
            `must be at least ${show(p.limit)} characters long`,
            `长度至少为 ${show(p.limit)} 个字符`,
          );
    case 'maxLength':
      return localized(
        `must be at most ${show(p.limit)} characters long`,
        `长度最多为 ${show(p.limit)} 个字符`,
      );
    case 'minItems':
      return Number(p.limit) === 1
        ? localized('must not be an empty list', '不能是空列表')
        : localized(`must have at least ${show(p.limit)} items`, `至少要有 ${show(p.limit)} 项`);
    case 'maxItems':
      return localized(`must have at most ${show(p.limit)} items`, `最多只能有 ${show(p.limit)} 项`);
    case 'uniqueItems':
      return localized(
        `must not repeat an item (items ${show(p.j)} and ${show(p.i)} are the same)`,
        `不能有重复项（第 ${Number(p.j) + 1} 项与第 ${Number(p.i) + 1} 项相同）`,
      );
    case 'minProperties':
      return localized(`must have at least ${show(p.limit)} properties`, `至少要有 ${show(p.limit)} 个属性`);
    case 'maxProperties':
      return localized(`must have at most ${show(p.limit)} properties`, `最多只能有 ${show(p.limit)} 个属性`);
    case 'const':
      return localized(`must be ${show(p.allowedValue)}`, `必须是 ${show(p.allowedValue)}`);
    case 'pattern':
      return localized(`must match the pattern ${show(p.pattern)}`, `必须符合格式 ${show(p.pattern)}`);
    case 'format': {
      const f = FORMATS[String(p.format)] ?? localized(`"${String(p.format)}"`, `"${String(p.format)}"`);
      return localized(`must be ${f.en}`, `必须是${f['zh-CN']}`);
    }
    case 'not':
      return localized('must not match this form', '不能是这种形式');
    case 'dependentRequired':
    case 'dependencies':
      return localized(
        `must also have "${String(p.missingProperty)}" when it has "${String(p.property)}"`,
        `有 "${String(p.property)}" 时也必须有 "${String(p.missingProperty)}"`,
      );
    default: {
      const text = error.message ?? 'is not valid';
      return localized(text, `不合法（${text}）`);
    }
  }
}
