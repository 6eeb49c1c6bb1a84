import { EngageLoopError, toEngageLoopError } from '../errors/error';
import type { Registry } from '../plugin/registry';
import type { ForgetPlan, Plugin } from '../plugin/types';
import type { Policy } from '../policy/types';
import { forgottenUserId, type PseudonymKey } from '../store/keys';
import type { Store } from '../store/types';
import { callPlugin, hookSync } from './plugin-driver';

/** What `engine.forgetUser` did. */
export interface ForgetReport {
  /** The pseudonym that replaces the user's id in what was kept (for the host's erasure log). */
  pseudonym: string;
  /** Shared documents (need items, …) plugins scrubbed the user from. */
  documents: number;
}

const NO_WRITES = {
  counters: [],
  messages: [],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
};

/** Checks a `privacy.pseudonymKey`: a string or bytes of at least 16 bytes. */
export function checkPseudonymKey(key: unknown): PseudonymKey {
  const bytes =
    typeof key === 'string' ? Buffer.byteLength(key) : key instanceof Uint8Array ? key.byteLength : -1;
  if (bytes >= 16) return key as PseudonymKey;
  throw new EngageLoopError('PRIVACY_INVALID', {
    message: `The pseudonym key must be a string or bytes of at least 16 bytes (got ${bytes < 0 ? typeof key : bytes}).`,
  });
}

/** Runs a plugin's part of the erasure, re-coding what it throws as `PLUGIN_ERROR`. */
const guarded = <T>(plugin: Plugin, work: () => T): T => callPlugin(plugin.name, 'forgetUser', work);

/**
 * One plugin's plan: finds the documents that hold the user, then rewrites each under its own lock. Adds the
 * dedupe-key prefixes of messages that quote them to `quotes`.
 */
async function scrubDocuments(store: Store, plugin: Plugin, plan: ForgetPlan, quotes: Set<string>) {
  const scrub = (key: string, value: unknown) => guarded(plugin, () => plan.scrub(key, value));
  const keys: string[] = [];
  for (const prefix of plan.documents) {
    for await (const { key, value } of store.listDocuments(prefix)) {
      if (scrub(key, value) === undefined) continue;
      keys.push(key);
      for (const quote of guarded(plugin, () => plan.quotes?.(key, value) ?? [])) quotes.add(quote);
    }
  }
  let changed = 0;
  for (const key of keys) {
    // Scrubbed again on the value read under the lock: a dispatch may have changed it since the listing.
    const wrote = await store.transact([key], async (tx) => {
      const value = (await tx.load([key])).get(key);
      const next = value === undefined ? undefined : scrub(key, value);
      if (next === undefined) return false;
      await tx.commit({ docs: [{ key, value: next }], ...NO_WRITES });
      return true;
    });
    if (wrote) changed += 1;
  }
  return changed;
}

/**
 * Erases a user: every plugin's `forgetUser` plan scrubs its shared documents, then the store erases the
 * user's document, timers, messages and recorded outcomes and renames the plans' user-keyed counters
 * (`Store.forgetUser`). Each step is atomic and
 * the whole is idempotent: after a failure (`STORE_ERROR`), call it again.
 */
export async function runForgetUser(input: {
  registry: Registry;
  store: Store;
  policy: Policy;
  userId: unknown;
  key: PseudonymKey;
}): Promise<ForgetReport> {
  const { registry, store, policy, userId } = input;
  if (typeof userId !== 'string' || userId === '') {
    throw new EngageLoopError('PRIVACY_INVALID', { message: 'forgetUser needs a non-empty user id.' });
  }
  const pseudonym = forgottenUserId(userId, input.key);
  const plans: Array<[Plugin, ForgetPlan]> = [];
  hookSync(registry.hooks.forgetUser, 'forgetUser', ({ plugin, fn }) => {
    const plan = fn({ userId, pseudonym, policy, settings: policy.settings[plugin.name] });
    if (plan !== undefined) plans.push([plugin, plan]);
  });
  try {
    let documents = 0;
    const quotes = new Set<string>();
    for (const [plugin, plan] of plans) documents += await scrubDocuments(store, plugin, plan, quotes);
    const counters = [...new Set(plans.flatMap(([, plan]) => plan.counters ?? []))];
    await store.forgetUser(userId, pseudonym, { quotes: [...quotes], counters });
    return { pseudonym, documents };
  } catch (error) {
    throw toEngageLoopError(error, 'STORE_ERROR');
  }
}
