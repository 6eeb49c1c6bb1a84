import type { LifecycleSettings } from './settings';

/**
 * Whether a condition reads no fact outside `facts`: every leaf names one of them and compares it with a
 * plain value. A shared-condition reference (`condition`), a fact-valued comparison (`value: { fact }`) or
 * anything unrecognised answers false (it may read anything).
 */
export function readsOnly(condition: unknown, facts: ReadonlySet<string>): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  const node = condition as Record<string, unknown>;
  if (Array.isArray(node.all)) return node.all.every((c) => readsOnly(c, facts));
  if (Array.isArray(node.any)) return node.any.every((c) => readsOnly(c, facts));
  if (node.not !== undefined) return readsOnly(node.not, facts);
  if (typeof node.fact !== 'string' || !facts.has(node.fact)) return false;
  const value = node.value;
  return typeof value !== 'object' || value === null || Array.isArray(value);
}

/** Whether the stage and segment conditions of `settings` read only facts in `facts`. */
export function reviewReadsOnly(settings: LifecycleSettings, facts: ReadonlySet<string>): boolean {
  for (const stage of settings.stages)
    if (stage.when !== undefined && !readsOnly(stage.when, facts)) return false;
  for (const condition of Object.values(settings.segments)) if (!readsOnly(condition, facts)) return false;
  return true;
}
