import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type InputLine, readNdjson, readNdjsonBatches } from './ndjson';

/** What `readline` (the reader before `readNdjsonBatches`) makes of the same bytes, line numbers included. */
async function byReadline(chunks: Buffer[]): Promise<Array<[number, string]>> {
  const lines: Array<[number, string]> = [];
  let n = 0;
  for await (const text of createInterface({
    input: Readable.from(chunks),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    lines.push([++n, text]);
  return lines.filter(([, text]) => text.trim().length > 0);
}

const shape = (items: InputLine[]) =>
  items.map((item) => ('error' in item ? [item.line, 'error'] : [item.line, JSON.stringify(item.value)]));

/** Every way of cutting `bytes` in two, and in single bytes. */
function cuts(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe('readNdjsonBatches', () => {
  const text = '{"a":1}\r\n\n  \r{"b":"中文"}\rnot json\n{"c":[1,2]}\r\n{"d":"é"}';

  it('splits lines where readline does (\\n, \\r\\n, \\r), however the bytes are cut into chunks', async () => {
    for (const chunks of cuts(Buffer.from(text, 'utf8'))) {
      const batches: InputLine[][] = [];
      for await (const batch of readNdjsonBatches(chunks)) batches.push(batch);
      const expected = (await byReadline(chunks)).map(([line, t]) => {
        try {
          return [line, JSON.stringify(JSON.parse(t))];
        } catch {
          return [line, 'error'];
        }
      });
      expect(shape(batches.flat())).toEqual(expected);
      expect(batches.every((batch) => batch.length > 0)).toBe(true);
    }
  });

  it('counts blank lines, explains a line that is not JSON, and reads strings as well as buffers', async () => {
    const items: InputLine[] = [];
    for await (const item of readNdjson(['{"x":1}\n\n{"x":', '2}\n{oops}\n'])) items.push(item);
    expect(items.slice(0, 2)).toEqual([
      { line: 1, value: { x: 1 } },
      { line: 3, value: { x: 2 } },
    ]);
    const bad = items[2] as Extract<InputLine, { error: string }>;
    expect(bad.line).toBe(4);
    expect(bad.error).toMatch(/^Invalid JSON at column 2/);
    expect(bad.text['zh-CN']).toMatch(/^JSON 无效/);
  });
});
