import type { ErrorObject } from 'ajv';
import type { ProblemDetail } from '../errors/error';
import { join, localized, type MessageText, suggestionIn } from '../errors/localized';
import { didYouMean } from './did-you-mean';
import { joinPointer, parsePointer, toPointer } from './pointer';
import { predicateOf, typesInWords } from './schema-words';

/**
 * One readable schema problem. `key`: the position is the property's key, not its value. `message` is the
 * English text naming the place by its pointer.
 */
export interface SchemaProblem {
  pointer: string;
  message: string;
  key?: boolean;
  suggestion?: string;
}

/**
 * A schema problem as `describeAjvErrors` gives it: `text` is the message in every message locale; `detail`
 * says the problem without the place, for a loader that can name the place in words (see `sayInWords`).
 */
export interface DescribedProblem extends SchemaProblem {
  text: MessageText;
  detail: ProblemDetail;
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

/** A problem about `about`, named by its pointer (the form without a document to name it in words). */
function problem(
  pointer: string,
  about: string,
  says: MessageText,
  extra: { key?: boolean; suggestion?: string } = {},
): DescribedProblem {
  const text =
    about === ''
      ? localized(`The document ${says.en}`, `文档${says['zh-CN']}`)
      : localized(`"${about}" ${says.en}`, `"${about}" ${says['zh-CN']}`);
  return { pointer, message: text.en, text, detail: { about, says }, ...extra };
}

function dataAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const token of parsePointer(instancePath)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function describe(
  error: ErrorObject,
  root: unknown,
  base: string,
  instance: unknown,
  collapsed: ReadonlyMap<ErrorObject, MessageText>,
): DescribedProblem {
  const pointer = joinPointer(base, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = allowedProperties(error.parentSchema, root, error.schemaPath);
      const suggestion = didYouMean(name, allowed);
      const list =
        suggestion === undefined && allowed.length > 0 && allowed.length <= 12
          ? localized(` (allowed: ${allowed.join(', ')})`, `（允许：${allowed.join('、')}）`)
          : '';
      const says = join(
        localized(`has an unknown property "${name}"`, `有未知属性 "${name}"`),
        suggestionIn(suggestion),
        list,
      );
      return problem(pointer + toPointer([name]), pointer, says, { key: true, suggestion });
    }
    case 'required': {
      const name = String(params.missingProperty);
      return problem(
        pointer,
        pointer,
        localized(`is missing the required property "${name}"`, `缺少必填属性 "${name}"`),
      );
    }
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
      const list = allowed.length <= 12 ? allowed.map((v) => JSON.stringify(v)) : [];
      const says = join(
        list.length > 0
          ? localized(
              `must be one of the allowed values: ${list.join(', ')}`,
              `必须是以下取值之一：${list.join('、')}`,
            )
          : localized('must be one of the allowed values', '必须是允许的取值之一'),
        suggestionIn(suggestion),
      );
      return problem(pointer, pointer, says, { suggestion });
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return problem(
        pointer + toPointer([name]),
        pointer,
        localized(`has a property name that is not allowed: "${name}"`, `有不允许的属性名 "${name}"`),
        { key: true },
      );
    }
    case 'false schema':
      return problem(pointer, pointer, localized('is not allowed here', '不允许出现在这里'));
    default:
      return problem(pointer, pointer, collapsed.get(error) ?? predicateOf(error));
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
): DescribedProblem[] {
  if (!errors) return [];
  const dropped = new Set<ErrorObject>();
  const collapsed = new Map<ErrorObject, MessageText>();
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
        const names = required.map((r) => `"${r}"`);
        const inWords = typesInWords(types);
        collapsed.set(
          error,
          required.length > 0
            ? localized(
                `must have one of the properties ${names.join(', ')}`,
                `必须有以下属性之一：${names.join('、')}`,
              )
            : localized(`must be ${inWords.en}`, `必须是${inWords['zh-CN']}`),
        );
      } else if (children.length > 0) {
        dropped.add(error);
      }
    }
  }
  const seen = new Set<string>();
  const out: DescribedProblem[] = [];
  for (const error of errors) {
    if (dropped.has(error)) continue;
    const found = describe(error, root, base, instance, collapsed);
    const id = `${found.pointer}\u0000${found.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(found);
  }
  return out;
}
