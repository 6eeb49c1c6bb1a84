import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { localized, type MessageText } from '../errors/localized';
import { parsePointer } from './pointer';

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Maps JSON pointers of a parsed document back to positions in its text. */
export type Locator = (pointer: string, options?: { key?: boolean }) => Position | undefined;

export type ParsedJson =
  | { ok: true; value: unknown; locate: Locator }
  | { ok: false; errors: Array<Position & { message: string; text: MessageText }> };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

function child(node: Node, token: string): Node | undefined {
  if (node.type === 'object') {
    // The last property with the key wins, as in JSON.parse.
    const props = node.children ?? [];
    for (let i = props.length - 1; i >= 0; i--) {
      const prop = props[i];
      if (prop?.children?.[0]?.value === token) return prop;
    }
    return undefined;
  }
  if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(token)) return node.children?.[Number(token)];
  return undefined;
}

/** A locator for a tree: the deepest existing node on the pointer's way (value, or key with `key`). */
export function createLocator(text: string, root: Node): Locator {
  let starts: number[] | undefined;
  return (pointer, options = {}) => {
    starts ??= lineStarts(text);
    let node: Node = root;
    let propertyNode: Node | undefined;
    for (const token of parsePointer(pointer)) {
      const next = child(node, token);
      if (!next) break;
      if (next.type === 'property') {
        propertyNode = next;
        const value = next.children?.[1];
        if (!value) break;
        node = value;
      } else {
        propertyNode = undefined;
        node = next;
      }
    }
    const target = options.key && propertyNode ? propertyNode : node;
    return positionOf(starts, target.offset);
  };
}

const PARSE_MESSAGES: Record<string, MessageText> = {
  InvalidSymbol: localized('invalid symbol', '无效的符号'),
  InvalidNumberFormat: localized('invalid number', '无效的数字'),
  PropertyNameExpected: localized('a property name in double quotes is expected', '这里应是带双引号的属性名'),
  ValueExpected: localized('a value is expected', '这里应是一个值'),
  ColonExpected: localized('a colon is expected', '这里应是冒号'),
  CommaExpected: localized('a comma is expected', '这里应是逗号'),
  CloseBraceExpected: localized('a closing brace "}" is expected', '这里应是右花括号 "}"'),
  CloseBracketExpected: localized('a closing bracket "]" is expected', '这里应是右方括号 "]"'),
  EndOfFileExpected: localized('the end of the file is expected', '这里应是文件结尾'),
  InvalidCommentToken: localized('comments are not allowed in JSON', 'JSON 中不允许注释'),
  UnexpectedEndOfComment: localized('unexpected end of comment', '注释意外结束'),
  UnexpectedEndOfString: localized('unexpected end of string', '字符串意外结束'),
  UnexpectedEndOfNumber: localized('unexpected end of number', '数字意外结束'),
  InvalidUnicode: localized('invalid unicode escape', '无效的 Unicode 转义'),
  InvalidEscapeCharacter: localized('invalid escape character', '无效的转义字符'),
  InvalidCharacter: localized('invalid character', '无效的字符'),
};

/**
 * Parses strict JSON (no comments, no trailing commas). The value comes from `JSON.parse` (so keys
 * such as `__proto__` stay plain own data properties); positions come from jsonc-parser's tree.
 */
export function parseJson(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const starts = lineStarts(text);
  if (errors.length > 0 || !root) {
    const list = errors.map((e) => {
      const name = printParseErrorCode(e.error);
      const text = PARSE_MESSAGES[name] ?? localized(name, name);
      return { ...positionOf(starts, e.offset), message: text.en, text };
    });
    const empty = localized('the file is empty', '文件是空的');
    return {
      ok: false,
      errors: list.length > 0 ? list : [{ line: 1, column: 1, message: empty.en, text: empty }],
    };
  }
  try {
    return { ok: true, value: JSON.parse(text), locate: createLocator(text, root) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ line: 1, column: 1, message, text: localized(message, message) }] };
  }
}
