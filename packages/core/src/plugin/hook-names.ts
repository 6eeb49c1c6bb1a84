import type { HookName } from './types';

/** Every hook name, listed once (a `Record` over `HookName`: a new hook that is not listed here does not compile). */
export const HOOK_NAMES = Object.freeze(
  Object.keys({
    prepare: null,
    beforeRules: null,
    afterStage: null,
    afterRules: null,
    onFailure: null,
    onTick: null,
    forgetUser: null,
  } satisfies Record<HookName, null>) as HookName[],
);
