import { describe, expect, it } from 'vitest';
import { createKeyLock } from './lock';

const tick = () => new Promise((r) => setImmediate(r));

describe('createKeyLock', () => {
  it('serves waiters on one key first come, first served', async () => {
    const lock = createKeyLock();
    const order: number[] = [];
    const first = await lock.acquire(['k']);
    const waiting = [1, 2, 3].map(async (n) => {
      const release = await lock.acquire(['k']);
      order.push(n);
      await tick();
      release();
    });
    await tick();
    expect(order).toEqual([]);
    first();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('lets different keys proceed at once and ignores duplicate keys', async () => {
    const lock = createKeyLock();
    const a = await lock.acquire(['a', 'a']);
    const b = await lock.acquire(['b']);
    a();
    b();
    const again = await lock.acquire(['a', 'b']);
    again();
  });

  it('takes keys in sorted order, so opposite orders cannot deadlock', async () => {
    const lock = createKeyLock();
    const hold = await lock.acquire(['x']);
    const ab = lock.acquire(['y', 'x']);
    const ba = lock.acquire(['x', 'y']);
    hold();
    const first = await ab;
    first();
    (await ba)();
  });

  it('treats a second release as a no-op', async () => {
    const lock = createKeyLock();
    const release = await lock.acquire(['k']);
    release();
    const next = await lock.acquire(['k']);
    release();
    let entered = false;
    const third = lock.acquire(['k']).then((r) => {
      entered = true;
      r();
    });
    await tick();
    expect(entered).toBe(false);
    next();
    await third;
    expect(entered).toBe(true);
  });

  it('tryAcquire takes free keys at once and takes nothing when any key is held', async () => {
    const lock = createKeyLock();
    const a = lock.tryAcquire(['b', 'a', 'a']);
    expect(a).toBeTypeOf('function');
    expect(lock.tryAcquire(['c', 'a'])).toBeUndefined();
    const c = lock.tryAcquire(['c']);
    expect(c).toBeTypeOf('function');
    let waited = false;
    const queued = lock.acquire(['a', 'b']).then((release) => {
      waited = true;
      return release;
    });
    await tick();
    expect(waited).toBe(false);
    a!();
    expect(lock.tryAcquire(['a'])).toBeUndefined();
    (await queued)();
    c!();
    const again = lock.tryAcquire(['a', 'b', 'c', 'd']);
    expect(again).toBeTypeOf('function');
    again!();
  });

  it('holds the keys of a lone tryAcquire until its release, whoever asks next and however', async () => {
    const lock = createKeyLock();
    const first = lock.tryAcquire(['a', 'b']);
    const waiting = lock.acquire(['b']);
    let entered = false;
    void waiting.then(() => {
      entered = true;
    });
    await tick();
    expect(entered).toBe(false);
    first!();
    first!();
    (await waiting)();
    const lone = lock.tryAcquire(['b']);
    lone!();
    lone!();
    const next = lock.tryAcquire(['b']);
    expect(next).toBeTypeOf('function');
    expect(lock.tryAcquire(['b'])).toBeUndefined();
    next!();
    expect(lock.tryAcquire(['a', 'b'])).toBeTypeOf('function');
  });
});
