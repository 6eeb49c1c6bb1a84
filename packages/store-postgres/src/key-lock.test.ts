import { describe, expect, it } from 'vitest';
import { createKeyLock } from './key-lock';

describe('createKeyLock', () => {
  it('serialises work on the same key in arrival order', async () => {
    const lock = createKeyLock();
    const log: string[] = [];
    const run = async (name: string) => {
      const release = await lock.acquire(['k']);
      log.push(`${name}:in`);
      await Promise.resolve();
      await Promise.resolve();
      log.push(`${name}:out`);
      release();
    };
    await Promise.all([run('a'), run('b'), run('c')]);
    expect(log).toEqual(['a:in', 'a:out', 'b:in', 'b:out', 'c:in', 'c:out']);
  });

  it('lets different keys run together and takes overlapping key sets without deadlock', async () => {
    const lock = createKeyLock();
    const first = await lock.acquire(['b', 'a']);
    const second = lock.acquire(['c']);
    await expect(second).resolves.toBeTypeOf('function');
    const third = lock.acquire(['a', 'b', 'a']);
    let thirdHeld = false;
    void third.then(() => {
      thirdHeld = true;
    });
    await Promise.resolve();
    expect(thirdHeld).toBe(false);
    first();
    first();
    const release = await third;
    expect(thirdHeld).toBe(true);
    release();
    (await second)();
  });
});
