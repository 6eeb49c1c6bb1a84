import type { ProblemDetail } from '../errors/error';
import { localized, type MessageText } from '../errors/localized';
import { parsePointer } from './pointer';
import { isPlainObject } from './safe-object';

/** Where a pointer lands, in words: the named place (rule, effect, setting…) and the field inside it. */
export interface PlaceInWords {
  /** `rule "review-points", effect 1 (incentives.award)` / `规则 "review-points" 的第 1 个效果（incentives.award）`. */
  place?: MessageText;
  /** The rest of the path inside the place, e.g. `amount` or `tiers[1].name` (empty: the place itself). */
  field: string;
}

const own = (node: unknown, key: string): unknown =>
  isPlainObject(node) && Object.hasOwn(node, key)
    ? node[key]
    : Array.isArray(node) && /^\d+$/.test(key)
      ? node[Number(key)]
      : undefined;

const fieldOf = (tokens: readonly string[]): string =>
  tokens.map((t, i) => (/^\d+$/.test(t) ? `[${t}]` : i === 0 ? t : `.${t}`)).join('');

const TOP: Record<string, (name: string) => MessageText> = {
  settings: (n) => localized(`settings of "${n}"`, `插件 "${n}" 的设置`),
  conditions: (n) => localized(`named condition "${n}"`, `命名条件 "${n}"`),
  experiments: (n) => localized(`experiment "${n}"`, `实验 "${n}"`),
  eventTypes: (n) => localized(`event type "${n}"`, `事件类型 "${n}"`),
};

function inRule(doc: unknown, tokens: readonly string[]): PlaceInWords {
  const index = Number(tokens[1]);
  const rule = own(own(doc, 'rules'), String(index));
  const id = own(rule, 'id');
  let place =
    typeof id === 'string' && id !== ''
      ? localized(`rule "${id}"`, `规则 "${id}"`)
      : localized(`rule ${index + 1}`, `第 ${index + 1} 条规则`);
  let rest = tokens.slice(2);
  if (rest[0] === 'effects' && rest[1] !== undefined && /^\d+$/.test(rest[1])) {
    const n = Number(rest[1]) + 1;
    const type = own(own(own(rule, 'effects'), rest[1]), 'type');
    const shown = typeof type === 'string' && rest[2] !== 'type' ? type : undefined;
    place = localized(
      `${place.en}, effect ${n}${shown ? ` (${shown})` : ''}`,
      `${place['zh-CN']} 的第 ${n} 个效果${shown ? `（${shown}）` : ''}`,
    );
    rest = rest.slice(rest[2] === 'params' ? 3 : 2);
  } else if (rest[0] === 'conditions') {
    place = localized(`${place.en}, conditions`, `${place['zh-CN']} 的条件`);
    rest = rest.slice(1);
  }
  return { place, field: fieldOf(rest) };
}

/**
 * Names the place of a JSON pointer in a policy document in words: rules by id (else by number, from 1),
 * effects by number and type, plugin settings, named conditions, experiments and event types by name.
 */
export function placeInWords(doc: unknown, pointer: string): PlaceInWords {
  const tokens = parsePointer(pointer);
  const [head, name] = tokens;
  if (head === 'rules' && name !== undefined && /^\d+$/.test(name)) return inRule(doc, tokens);
  const top = head === undefined ? undefined : TOP[head];
  if (top && name !== undefined) return { place: top(name), field: fieldOf(tokens.slice(2)) };
  return { field: fieldOf(tokens) };
}

/**
 * A problem's full message with its place in words first: `rule "r", effect 1 (incentives.award): "amount"
 * must be a number` / `规则 "r" 的第 1 个效果（incentives.award）："amount" 必须是数字`.
 */
export function sayInWords(doc: unknown, detail: ProblemDetail): MessageText {
  const { place, field } = placeInWords(doc, detail.about);
  const says = detail.says;
  if (!place) {
    return field === ''
      ? localized(`The document ${says.en}`, `文档${says['zh-CN']}`)
      : localized(`"${field}" ${says.en}`, `"${field}" ${says['zh-CN']}`);
  }
  const zhPlace = place['zh-CN'];
  return field === ''
    ? localized(`${place.en} ${says.en}`, `${zhPlace}${zhPlace.endsWith('）') ? '' : ' '}${says['zh-CN']}`)
    : localized(`${place.en}: "${field}" ${says.en}`, `${place['zh-CN']}："${field}" ${says['zh-CN']}`);
}

/** A message prefixed with the place of `pointer` in words (unchanged when the pointer has no place). */
export function prefixPlace(doc: unknown, pointer: string, message: MessageText): MessageText {
  const { place } = placeInWords(doc, pointer);
  if (!place) return message;
  return localized(`${place.en}: ${message.en}`, `${place['zh-CN']}：${message['zh-CN']}`);
}
