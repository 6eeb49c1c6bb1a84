import { type EngageLoopError, toEngageLoopError } from '../errors/error';
import type { HookEntry } from '../plugin/registry';
import type { HookName } from '../plugin/types';
import { isThenable } from '../thenable';

/*
 * The one place where what a plugin throws becomes `PLUGIN_ERROR` naming the plugin and the hook (Rollup's
 * `PluginDriver` / `throwPluginError`). Hooks are called through `hookSeq` (every plugin that has the hook, in
 * plugin order) or `hookSync` (the same, for hooks that must answer at once); facts and effects, called one at a
 * time on the hot path, catch around the call and re-code with `pluginError` (no closure or hook name is made
 * unless something was thrown).
 */

/**
 * What a plugin threw, as an `EngageLoopError`: `PLUGIN_ERROR` naming the plugin and the hook (`fact:<id>`,
 * `effect:<type>` for facts and effects), except an error the plugin raised about itself, which keeps its code.
 */
export function pluginError(thrown: unknown, plugin: string, hook: string, ruleId?: string): EngageLoopError {
  return toEngageLoopError(
    thrown,
    'PLUGIN_ERROR',
    ruleId === undefined ? { plugin, hook } : { plugin, hook, ruleId },
  );
}

/** Calls one function of a plugin synchronously; a throw becomes `pluginError`. */
export function callPlugin<T>(plugin: string, hook: string, call: () => T, ruleId?: string): T {
  try {
    return call();
  } catch (thrown) {
    throw pluginError(thrown, plugin, hook, ruleId);
  }
}

/**
 * Calls `hook` of every plugin that has it, in plugin order, from entry `from` on: `call(entry, arg)` does the
 * calling, with the context that hook takes (`arg` is handed through, so `call` need not be a closure). A throw,
 * or a rejection, becomes `PLUGIN_ERROR`: without `onError` it is thrown (and later plugins are not called);
 * with `onError` it is handed over and the next plugin runs. A hook that returns a thenable is waited for before
 * the next one: only then is a promise made.
 */
export function hookSeq<H extends HookName, A>(
  entries: readonly HookEntry<H>[],
  hook: H,
  call: (entry: HookEntry<H>, arg: A) => unknown,
  arg: A,
  onError?: (error: EngageLoopError, entry: HookEntry<H>) => void,
  from = 0,
): void | Promise<void> {
  for (let i = from; i < entries.length; i++) {
    const entry = entries[i] as HookEntry<H>;
    let result: unknown;
    try {
      result = call(entry, arg);
    } catch (thrown) {
      const error = pluginError(thrown, entry.plugin.name, hook);
      if (!onError) throw error;
      onError(error, entry);
      continue;
    }
    if (isThenable(result)) return hookSeqAfter(result, entries, hook, call, arg, onError, i);
  }
}

/**
 * `hookSeq` once entry `i` handed back a thenable: waits for it, then goes on with entry `i + 1`. A function of
 * its own, so the loop above creates no closure (nor a context for one) per hook call.
 */
function hookSeqAfter<H extends HookName, A>(
  result: PromiseLike<unknown>,
  entries: readonly HookEntry<H>[],
  hook: H,
  call: (entry: HookEntry<H>, arg: A) => unknown,
  arg: A,
  onError: ((error: EngageLoopError, entry: HookEntry<H>) => void) | undefined,
  i: number,
): Promise<void> {
  const entry = entries[i] as HookEntry<H>;
  return Promise.resolve(result).then(
    () => hookSeq(entries, hook, call, arg, onError, i + 1),
    (thrown: unknown) => {
      const error = pluginError(thrown, entry.plugin.name, hook);
      if (!onError) throw error;
      onError(error, entry);
      return hookSeq(entries, hook, call, arg, onError, i + 1);
    },
  );
}

/**
 * Calls a synchronous `hook` (`prepare`, `forgetUser`) of every plugin that has it, in plugin order; `call` keeps
 * what it needs of each answer. The first throw becomes `PLUGIN_ERROR` and is thrown.
 */
export function hookSync<H extends HookName>(
  entries: readonly HookEntry<H>[],
  hook: H,
  call: (entry: HookEntry<H>) => void,
): void {
  for (const entry of entries) {
    try {
      call(entry);
    } catch (thrown) {
      throw pluginError(thrown, entry.plugin.name, hook);
    }
  }
}
