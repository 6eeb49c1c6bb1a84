/**
 * The params objects of loaded policies' effects. They are the product owner's own data, frozen by `toPolicy`
 * and shared by every event that fires their rule, so a store may keep them once (the memory store's effect
 * heads) without keeping anything an event or a user brought in: params a plugin froze from an event's
 * payload are not here, and stay in each record where `forgetUser` can rewrite them.
 */
const policyParams = new WeakSet<object>();

/** Marks `params` as a loaded policy's effect params (called by `toPolicy` on its frozen rules). */
export function markPolicyParams(params: object): void {
  policyParams.add(params);
}

/** Whether `value` is the params object of an effect of a loaded policy (`markPolicyParams`). */
export const isPolicyParams = (value: object): boolean => policyParams.has(value);
