import type { ValidateFunction } from 'ajv';
import type { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { Registry } from '../plugin/registry';
import type { JsonSchema } from '../plugin/types';
import { createAjv } from './ajv';
import { describeAjvErrors } from './ajv-errors';
import { type LostNames, pruneInvalid } from './prune';
import { isPlainObject } from './safe-object';
import { buildPolicySchema } from './schema';
import { type PolicyPart, problemAt } from './source';

interface Structural {
  schema: JsonSchema;
  document: ValidateFunction;
  condition: ValidateFunction;
}

const cache = new WeakMap<Registry, Structural>();
/** Registries with the same plugin set compose the same schema: compile it once per distinct schema. */
const bySchema = new Map<string, Structural>();

/** The structural policy validator of a registry, compiled once with the registry's ajv. */
export function structuralValidators(registry: Registry): Structural {
  let found = cache.get(registry);
  if (!found) {
    const schema = buildPolicySchema(registry, 'structural');
    const key = JSON.stringify(schema);
    found = bySchema.get(key);
    if (!found) {
      // The schema is built from the registry's plugins' schemas, each checked against the meta-schema.
      const ajv = createAjv({ trusted: true });
      const document = ajv.compile(schema);
      const condition = ajv.getSchema(`${String(schema.$id)}#/$defs/topLevelCondition`);
      if (!condition) throw new Error('policy schema: topLevelCondition is missing');
      found = { schema, document, condition };
      if (bySchema.size > 32) bySchema.clear();
      bySchema.set(key, found);
    }
    cache.set(registry, found);
  }
  return found;
}

/** A part ready for the semantic checks: pruned of its malformed pieces when it had structure errors. */
export interface CheckedPart {
  part: PolicyPart;
  lost: LostNames;
}

/**
 * Checks `version` and the rule-file structure of one part, reporting every structure error. Returns what the
 * semantic checks can still look at (the part without its malformed pieces), or undefined when nothing can
 * be (an unsupported version, or a document that is not an object).
 */
export function checkStructure(
  part: PolicyPart,
  registry: Registry,
  errors: EngageLoopError[],
): CheckedPart | undefined {
  const doc = part.doc;
  if (isPlainObject(doc) && Object.hasOwn(doc, 'version') && doc.version !== 1) {
    errors.push(
      problemAt(part, 'POLICY_VERSION_UNSUPPORTED', '/version', {
        message: localized(
          `Policy format version ${JSON.stringify(doc.version)} is not supported; set "version": 1.`,
          `不支持策略格式版本 ${JSON.stringify(doc.version)}；请设置 "version": 1。`,
        ),
      }),
    );
    return undefined;
  }
  const { schema, document } = structuralValidators(registry);
  if (document(doc)) return { part, lost: { conditions: new Set(), experiments: new Set() } };
  const problems = describeAjvErrors(document.errors, schema, '', doc);
  for (const problem of problems) {
    errors.push(
      problemAt(part, 'POLICY_SCHEMA_INVALID', problem.pointer, {
        detail: problem.detail,
        key: problem.key,
        suggestion: problem.suggestion,
        ruleId: ruleIdAt(doc, problem.pointer),
      }),
    );
  }
  const pruned = pruneInvalid(
    doc,
    problems.map((p) => p.pointer),
  );
  return pruned && { part: { ...part, doc: pruned.doc }, lost: pruned.lost };
}

/** Structure errors of a condition embedded elsewhere (plugin settings), pointers under `base`. */
export function conditionStructure(registry: Registry, condition: unknown, base: string) {
  const { schema, condition: validate } = structuralValidators(registry);
  return validate(condition) ? [] : describeAjvErrors(validate.errors, schema, base, condition);
}

function ruleIdAt(doc: unknown, pointer: string): string | undefined {
  const match = /^\/rules\/(\d+)/.exec(pointer);
  if (!match || !isPlainObject(doc) || !Array.isArray(doc.rules)) return undefined;
  const rule = doc.rules[Number(match[1])];
  return isPlainObject(rule) && typeof rule.id === 'string' ? rule.id : undefined;
}
