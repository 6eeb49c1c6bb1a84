/**
 * `feedWorkers` reads stdin once for every run of `diff` / `report --compare`: the workers are posted copies,
 * the run on the main thread reads the chunks through a `localFeed`, which keeps what comes before it listens.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { feedWorkers, localFeed } from './feed-workers';
import type { FeedMessage } from './worker-protocol';

const text = (messages: FeedMessage[]) =>
  messages
    .map((m) => ('chunk' in m ? Buffer.from(m.chunk).toString() : 'end' in m ? '<end>' : m.error))
    .join('');

describe('localFeed', () => {
  it('hands what was posted before the run listens over first, in order, then the rest as it comes', () => {
    const feed = localFeed();
    feed.postMessage({ chunk: Buffer.from('a') });
    feed.postMessage({ chunk: Buffer.from('b') });
    const got: FeedMessage[] = [];
    const listener = (m: FeedMessage) => got.push(m);
    feed.port.on('message', listener);
    expect(text(got)).toBe('ab');
    feed.postMessage({ end: true });
    expect(text(got)).toBe('ab<end>');
    feed.port.off('message', listener);
    feed.postMessage({ error: 'late' });
    expect(text(got)).toBe('ab<end>');
    feed.port.on('message', listener);
    expect(text(got)).toBe('ab<end>'); // dropped, not kept for a listener to come
  });

  it('is fed the same input as a worker, chunk for chunk, and shares its chunks instead of copying them', async () => {
    const input = new PassThrough();
    const feed = localFeed();
    const posted: FeedMessage[] = [];
    const worker = { postMessage: (m: FeedMessage) => posted.push(m) };
    const got: FeedMessage[] = [];
    feed.port.on('message', (m) => got.push(m));
    feedWorkers(input, [feed, worker], () => 0);
    input.write('{"id":1}\n');
    input.end('{"id":2}\n');
    await new Promise((resolve) => input.once('end', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(text(got)).toBe('{"id":1}\n{"id":2}\n<end>');
    expect(text(posted)).toBe(text(got));
    expect((got[0] as { chunk: Uint8Array }).chunk).toBe((posted[0] as { chunk: Uint8Array }).chunk);
  });
});
