import { describe, expect, it } from 'vitest';
import { createLoopEmitter } from './emitter';

describe('createLoopEmitter', () => {
  it('calls a once listener for the next event only', () => {
    const emitter = createLoopEmitter();
    const seen: unknown[] = [];
    emitter.once('dispatch:completed', (payload) => seen.push(payload));
    emitter.emit('dispatch:completed', 1);
    emitter.emit('dispatch:completed', 2);
    expect(seen).toEqual([1]);
    expect(emitter.observed('dispatch:completed')).toBe(false);
  });

  it('removes a once listener through its unsubscribe function or off, before it ran', () => {
    const emitter = createLoopEmitter();
    const seen: unknown[] = [];
    const listener = (payload: unknown) => seen.push(payload);
    const unsubscribe = emitter.once('dispatch:completed', listener);
    unsubscribe();
    emitter.once('error', listener);
    emitter.off('error', listener);
    emitter.emit('dispatch:completed', 1);
    emitter.emit('error', 2);
    expect(seen).toEqual([]);
    expect(emitter.observed('error')).toBe(false);
  });

  it('keeps calling on listeners, and contains a listener that throws', () => {
    const emitter = createLoopEmitter();
    const seen: unknown[] = [];
    emitter.on('dispatch:completed', () => {
      throw new Error('observer bug');
    });
    emitter.on('dispatch:completed', (payload) => seen.push(payload));
    emitter.emit('dispatch:completed', 1);
    emitter.emit('dispatch:completed', 2);
    expect(seen).toEqual([1, 2]);
  });

  it('answers observed for exactly the names with a listener, through every way of adding and removing one', () => {
    const emitter = createLoopEmitter();
    expect(emitter.observed('dispatch:completed')).toBe(false);
    const listener = () => {};
    const unsubscribe = emitter.on('dispatch:completed', () => {});
    emitter.on('dispatch:completed', listener);
    expect(emitter.observed('dispatch:completed')).toBe(true);
    expect(emitter.observed('error')).toBe(false);
    unsubscribe();
    expect(emitter.observed('dispatch:completed')).toBe(true);
    emitter.off('dispatch:completed', listener);
    expect(emitter.observed('dispatch:completed')).toBe(false);
    const seen: unknown[] = [];
    emitter.once('error', (payload) => {
      // Inside its own call the once listener is already gone.
      seen.push([payload, emitter.observed('error')]);
    });
    expect(emitter.observed('error')).toBe(true);
    emitter.emit('error', 1);
    emitter.emit('error', 2);
    expect(seen).toEqual([[1, false]]);
    expect(emitter.observed('error')).toBe(false);
  });

  it('calls a listener added by another listener from the next emit on', () => {
    const emitter = createLoopEmitter();
    const seen: unknown[] = [];
    emitter.on('error', () => {
      emitter.on('dispatch:completed', (payload) => seen.push(payload));
    });
    emitter.emit('dispatch:completed', 1);
    emitter.emit('error', 0);
    emitter.emit('dispatch:completed', 2);
    expect(seen).toEqual([2]);
  });
});
