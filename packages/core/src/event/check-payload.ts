import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { Limits } from '../limits/limits';
import { isPlainData, measureJson } from '../limits/measure-json';

/**
 * Checks an envelope before anything reads or copies it: a plain object (no prototype holding
 * properties, so nothing inherited passes for `userId`), and a payload within `payloadBytes` and
 * `payloadDepth` made only of JSON data. Throws `EVENT_INVALID`, `EVENT_TOO_LARGE`, `EVENT_TOO_DEEP`
 * or `EVENT_PAYLOAD_INVALID`; walks the payload without recursion, stopping at the first limit.
 */
export function checkEnvelopeData(input: unknown, limits: Readonly<Limits>): void {
  if (typeof input !== 'object' || input === null) return; // the schema reports it
  if (!isPlainData(input)) {
    throw new EngageLoopError('EVENT_INVALID', {
      message: localized(
        'The event is not a plain object: give { id, type, userId, at, payload } as own properties (e.g. from JSON.parse), not through a prototype or a class.',
        '事件不是普通对象：{ id, type, userId, at, payload } 必须是对象自身的属性（例如来自 JSON.parse），不能来自原型或类实例。',
      ),
      pointer: '',
    });
  }
  if (!Object.hasOwn(input, 'payload')) return;
  const payload = (input as { payload?: unknown }).payload;
  if (typeof payload !== 'object' || payload === null) return; // the schema reports it
  const measure = measureJson(payload, { maxBytes: limits.payloadBytes, maxDepth: limits.payloadDepth });
  if (measure.ok) return;
  const pointer = `/payload${measure.pointer}`;
  if (measure.problem === 'bytes') {
    throw new EngageLoopError('EVENT_TOO_LARGE', {
      message: localized(
        `The payload is larger than ${limits.payloadBytes} bytes of JSON (limits.payloadBytes).`,
        `载荷超过 ${limits.payloadBytes} 字节的 JSON（limits.payloadBytes）。`,
      ),
      pointer,
      data: { limit: 'payloadBytes', max: limits.payloadBytes },
    });
  }
  if (measure.problem === 'depth') {
    throw new EngageLoopError('EVENT_TOO_DEEP', {
      message: localized(
        `The payload is nested deeper than ${limits.payloadDepth} levels at "${pointer}" (limits.payloadDepth).`,
        `载荷在 "${pointer}" 处嵌套超过 ${limits.payloadDepth} 层（limits.payloadDepth）。`,
      ),
      pointer,
      data: { limit: 'payloadDepth', max: limits.payloadDepth },
    });
  }
  throw new EngageLoopError('EVENT_PAYLOAD_INVALID', {
    message: localized(
      `"${pointer}" is not JSON data (a class instance, a Date, a BigInt, or an object with an inherited prototype); send plain objects, arrays, strings, numbers, booleans and null.`,
      `"${pointer}" 不是 JSON 数据（类实例、Date、BigInt 或带继承原型的对象）；请只发送普通对象、数组、字符串、数字、布尔值和 null。`,
    ),
    pointer,
  });
}
