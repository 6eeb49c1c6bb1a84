import type { ErrorObject } from 'ajv';
import { didYouMean, suggestionText } from './did-you-mean';
import { joinPointer, parsePointer, toPointer } from './pointer';

/** One readable schema problem. `key`: the position is the property's key, not its value. */
export interface SchemaProblem {
  pointer: string;
  message: string;
  key?: boolean;
  suggestion?: string;
}

function schemaAt(root: unknown, schemaPath: string): unknown {
  if (!schemaPath.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const token of parsePointer(schemaPath.slice(1))) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function parentSchemaPath(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

function allowedProperties(parentSchema: unknown, root: unknown, schemaPath: string): string[] {
  const parent = parentSchema ?? schemaAt(root, parentSchemaPath(schemaPath));
  if (parent === null || typeof parent !== 'object') return [];
  const props = (parent as { properties?: unknown }).properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

const where = (pointer: string): string => (pointer === '' ? 'The document' : `"${pointer}"`);

function dataAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const token of parsePointer(instancePath)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function describe(error: ErrorObject, root: unknown, base: string, instance: unknown): SchemaProblem {
  const pointer = joinPointer(base, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = allowedProperties(error.parentSchema, root, error.schemaPath);
      const suggestion = didYouMean(name, allowed);
      const list = allowed.length > 0 && allowed.length <= 12 ? ` (allowed: ${allowed.join(', ')})` : '';
      return {
        pointer: pointer + toPointer([name]),
        key: true,
        suggestion,
        message: `Unknown property "${name}" in ${where(pointer)}${suggestionText(suggestion)}${suggestion ? '' : list}`,
      };
    }
    case 'required':
      return {
        pointer,
        message: `${where(pointer)} is missing the required property "${String(params.missingProperty)}"`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const data = dataAt(instance, error.instancePath);
      const suggestion =
        typeof data === 'string'
          ? didYouMean(
              data,
              allowed.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      const list = allowed.length <= 12 ? `: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : '';
      return {
        pointer,
        suggestion,
        message: `${where(pointer)} must be one of the allowed values${list}${suggestionText(suggestion)}`,
      };
    }
    case 'propertyNames':
      return {
        pointer: pointer + toPointer([String(params.propertyName)]),
        key: true,
        message: `The property name "${String(params.propertyName)}" is not allowed in ${where(pointer)}`,
      };
    case 'false schema':
      return { pointer, message: `${where(pointer)} is not allowed here` };
    default:
      return { pointer, message: `${where(pointer)} ${error.message ?? 'is not valid'}` };
  }
}

/**
 * Turns ajv errors into readable problems: unknown properties with "did you mean", `anyOf`
 * alternatives collapsed, `if`/`then` noise dropped, duplicates removed. `root` is the schema the
 * errors came from (to list allowed property names); `base` prefixes every pointer; `instance` is
 * the validated data (to suggest close enum values).
 */
export function describeAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  root: unknown,
  base = '',
  instance?: unknown,
): SchemaProblem[] {
  if (!errors) return [];
  const dropped = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword === 'if') dropped.add(error);
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'propertyNames') {
      const prefix = `${error.schemaPath}/`;
      const children = errors.filter((e) => e.schemaPath.startsWith(prefix));
      if (error.keyword === 'propertyNames') {
        for (const c of children) dropped.add(c);
        continue;
      }
      const simple = children.every((c) => c.keyword === 'required' || c.keyword === 'type');
      if (simple && children.length > 0) {
        for (const c of children) dropped.add(c);
        const required = children
          .filter((c) => c.keyword === 'required')
          .map((c) => String(c.params.missingProperty));
        const types = children.filter((c) => c.keyword === 'type').map((c) => String(c.params.type));
        const text =
          required.length > 0
            ? `must have one of the properties ${required.map((r) => `"${r}"`).join(', ')}`
            : `must be ${types.join(' or ')}`;
        Object.assign(error, { message: text });
      } else if (children.length > 0) {
        dropped.add(error);
      }
    }
  }
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const error of errors) {
    if (dropped.has(error)) continue;
    const problem = describe(error, root, base, instance);
    const id = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return out;
}
