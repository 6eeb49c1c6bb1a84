import { EventEmitter } from 'eventemitter3';
import type { LoopEvents } from '../event/loop-events';

type Listener<K extends keyof LoopEvents> = (payload: LoopEvents[K]) => void;

/** The typed observer side of the engine: events never steer control flow, and a throwing listener is contained. */
export interface LoopEmitter {
  /** Calls `listener` with the payload of every `name` event, after its unit of work commits; returns the unsubscribe function. */
  on<K extends keyof LoopEvents>(name: K, listener: Listener<K>): () => void;
  /** Like `on`, for the next `name` event only; the returned function removes the listener if it has not run yet. */
  once<K extends keyof LoopEvents>(name: K, listener: Listener<K>): () => void;
  /** Removes a listener added with `on` or `once`. */
  off<K extends keyof LoopEvents>(name: K, listener: Listener<K>): void;
}

export interface EngineEmitter extends LoopEmitter {
  emit(name: string, payload: unknown): void;
  /** Whether any listener is attached to `name` (payloads nobody observes need not be built). */
  observed(name: string): boolean;
}

/** Where a `once` wrapper keeps the listener it was made for (so `off` with that listener finds it). */
const ONCE_OF = Symbol('onceOf');

type Wrapped = ((payload: unknown) => void) & { [ONCE_OF]?: unknown };

/**
 * The engine's emitter. `emit` calls each listener itself (a throw is contained), not through EventEmitter3's
 * `emit`, so EventEmitter3's own `once` would never be removed: a `once` listener is a wrapper that removes
 * itself before calling the listener.
 */
export function createLoopEmitter(): EngineEmitter {
  const ee = new EventEmitter();
  /*
   * The names that have a listener, kept after each change: `observed` and `emit` are asked several times per
   * event, mostly of names nobody listens to, and EventEmitter3's `listenerCount` is a keyed load on its
   * dictionary of listeners (~140 instructions); with no listener at all the answer is one size check.
   */
  let names: ReadonlySet<string | symbol> = new Set();
  const changed = () => {
    names = new Set(ee.eventNames());
  };
  const remove = (name: string, listener: unknown) => {
    ee.off(name, listener as (p: unknown) => void);
    changed();
  };
  return {
    observed: (name) => names.size !== 0 && names.has(name),
    on(name, listener) {
      ee.on(name, listener);
      changed();
      return () => remove(name, listener);
    },
    once(name, listener) {
      const wrapped: Wrapped = (payload) => {
        remove(name, wrapped);
        (listener as (p: unknown) => void)(payload);
      };
      wrapped[ONCE_OF] = listener;
      ee.on(name, wrapped);
      changed();
      return () => remove(name, wrapped);
    },
    off(name, listener) {
      ee.off(name, listener);
      for (const held of ee.listeners(name) as Wrapped[]) if (held[ONCE_OF] === listener) ee.off(name, held);
      changed();
    },
    emit(name, payload) {
      // Most loop events of a batch have no listener: no copy of an empty listener list for each.
      if (names.size === 0 || !names.has(name)) return;
      for (const listener of ee.listeners(name)) {
        try {
          (listener as (p: unknown) => void)(payload);
        } catch {
          // A failing observer must not change what the engine did; it is the host's code to fix.
        }
      }
    },
  };
}
