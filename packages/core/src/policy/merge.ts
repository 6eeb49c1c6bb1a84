import type { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import { toPointer } from './pointer';
import { cloneJson, isPlainObject, safeSet } from './safe-object';
import { type PolicyPart, placeOf, problemAt } from './source';
import type { PolicyDocument, RuleDefinition } from './types';

/** A rule with the part it came from and its index there. */
export interface RuleOrigin {
  rule: RuleDefinition;
  part: PolicyPart;
  index: number;
}

const KEYED = ['settings', 'conditions', 'experiments', 'eventTypes'] as const;
type KeyedSection = (typeof KEYED)[number];
const SINGLE = ['name', 'description', 'defaults'] as const;

export interface MergedPolicy {
  document: PolicyDocument;
  rules: RuleOrigin[];
  /** Which part defined each key of the keyed sections. */
  origins: Record<KeyedSection, Map<string, PolicyPart>>;
  /** Which part set `name`, `description`, `defaults`. */
  singles: Map<string, PolicyPart>;
}

/**
 * Merges structurally valid parts (files in name order): rules concatenated; `settings`,
 * `conditions`, `experiments`, `eventTypes` merged key by key (a key defined twice is an error
 * naming both places); `name`, `description` and `defaults` may be set by one file only.
 */
export function mergeParts(parts: readonly PolicyPart[], errors: EngageLoopError[]): MergedPolicy {
  const document: PolicyDocument = { version: 1, rules: [] };
  const origins = {
    settings: new Map<string, PolicyPart>(),
    conditions: new Map<string, PolicyPart>(),
    experiments: new Map<string, PolicyPart>(),
    eventTypes: new Map<string, PolicyPart>(),
  };
  const singles = new Map<string, PolicyPart>();
  const rules: RuleOrigin[] = [];
  for (const part of parts) {
    const doc = part.doc as Record<string, unknown>;
    for (const key of SINGLE) {
      if (!Object.hasOwn(doc, key)) continue;
      const prior = singles.get(key);
      if (prior) {
        errors.push(
          problemAt(part, 'POLICY_SCHEMA_INVALID', `/${key}`, {
            key: true,
            message: localized(
              `"${key}" is set in more than one file (also at ${placeOf(prior, `/${key}`, true)}); set it once.`,
              `"${key}" 在多个文件中设置（另见 ${placeOf(prior, `/${key}`, true)}）；只设置一次。`,
            ),
          }),
        );
        continue;
      }
      singles.set(key, part);
      safeSet(document as unknown as Record<string, unknown>, key, cloneJson(doc[key]));
    }
    for (const section of KEYED) {
      const entries = doc[section];
      if (!isPlainObject(entries)) continue;
      const target = (document[section] ?? {}) as Record<string, unknown>;
      for (const key of Object.keys(entries)) {
        const prior = origins[section].get(key);
        const pointer = toPointer([section, key]);
        if (prior) {
          errors.push(
            problemAt(part, 'POLICY_SCHEMA_INVALID', pointer, {
              key: true,
              message: localized(
                `"${section}.${key}" is defined twice (also at ${placeOf(prior, pointer, true)}).`,
                `"${section}.${key}" 定义了两次（另见 ${placeOf(prior, pointer, true)}）。`,
              ),
            }),
          );
          continue;
        }
        origins[section].set(key, part);
        safeSet(target, key, cloneJson(entries[key]));
      }
      safeSet(document as unknown as Record<string, unknown>, section, target);
    }
    if (Array.isArray(doc.rules)) {
      doc.rules.forEach((rule, index) => {
        if (!isPlainObject(rule)) return; // cut out of a part with structure errors (see prune.ts)
        const copy = cloneJson(rule) as unknown as RuleDefinition;
        rules.push({ rule: copy, part, index });
        document.rules.push(copy);
      });
    }
    if (typeof doc.$schema === 'string' && document.$schema === undefined) document.$schema = doc.$schema;
  }
  return { document, rules, origins, singles };
}
