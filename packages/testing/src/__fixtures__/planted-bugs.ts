import { readdirSync, readFileSync } from 'node:fs';
import type { PolicyDocument } from '@engageloop/core';

/** A policy bug planted in a shipped example: a JSON Patch (RFC 6902 add/replace/remove/copy) on it. */
export interface PlantedBug {
  file: string;
  bug: string;
  base: string;
  /** The invariant that must name the bug. */
  caughtBy: string;
  patch: Array<{ op: 'add' | 'replace' | 'remove' | 'copy'; path: string; from?: string; value?: unknown }>;
}

const PLANTED = new URL('./planted/', import.meta.url);
const EXAMPLES = new URL('../../../../docs/examples/', import.meta.url);

/** Every fixture in `__fixtures__/planted/`. */
export function plantedBugs(): PlantedBug[] {
  return readdirSync(PLANTED)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map(
      (file) =>
        ({ file, ...(JSON.parse(readFileSync(new URL(file, PLANTED), 'utf8')) as object) }) as PlantedBug,
    );
}

/** A shipped example policy by name. */
export const examplePolicy = (name: string): PolicyDocument =>
  JSON.parse(readFileSync(new URL(`${name}.json`, EXAMPLES), 'utf8')) as PolicyDocument;

const keysOf = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));

function parentOf(
  doc: unknown,
  pointer: string,
): { parent: Record<string, unknown> | unknown[]; key: string } {
  const keys = keysOf(pointer);
  const key = keys.pop() as string;
  let parent = doc as Record<string, unknown>;
  for (const k of keys) parent = parent[k] as Record<string, unknown>;
  if (typeof parent !== 'object' || parent === null) throw new Error(`no parent for ${pointer}`);
  return { parent, key };
}

/** The base example with the bug's patch applied (the example itself is not changed). */
export function plantedPolicy(bug: PlantedBug): PolicyDocument {
  const doc = examplePolicy(bug.base) as unknown;
  for (const op of bug.patch) {
    const value = op.op === 'copy' ? structuredClone(resolve(doc, op.from ?? '')) : op.value;
    const { parent, key } = parentOf(doc, op.path);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      parent.splice(
        index,
        op.op === 'add' || op.op === 'copy' ? 0 : 1,
        ...(op.op === 'remove' ? [] : [value]),
      );
    } else if (op.op === 'remove') delete parent[key];
    else parent[key] = value;
  }
  return doc as PolicyDocument;
}

function resolve(doc: unknown, pointer: string): unknown {
  let value = doc as Record<string, unknown>;
  for (const k of keysOf(pointer)) value = value[k] as Record<string, unknown>;
  return value;
}
