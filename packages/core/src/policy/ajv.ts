import type { Ajv as AjvCore } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The ajv flavour engageloop uses: JSON Schema draft 2020-12. */
export type Ajv = AjvCore;

/**
 * An ajv for draft 2020-12 with formats: every error reported (`allErrors`), unknown keywords
 * tolerated (`strict: false`), errors carry their schema (`verbose`, for "did you mean" lists) so editor-only keywords like `markdownDescription` pass, and no
 * defaults written into validated data (defaults are applied explicitly where meant). Only own
 * properties count (`ownProperties`): an inherited `userId` never satisfies `required`.
 * `trusted: true` skips checking schemas against the draft's meta-schema (`validateSchema: false`): for schemas
 * composed of parts already checked (the policy schema built from plugins' checked schemas). Compiling the
 * meta-schema costs each ajv ~80 ms, a third of a CLI command's start.
 */
export function createAjv(options: { trusted?: boolean } = {}): Ajv {
  const ajv = new Ajv2020({
    allErrors: true,
    validateSchema: options.trusted !== true,
    strict: false,
    useDefaults: false,
    verbose: true,
    ownProperties: true,
    code: { optimize: false },
  });
  addFormats(ajv);
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new WeakMap<object, import('ajv').ValidateFunction>();

/** A schema with a reference, which only a compile resolves. */
const REFERENCE = /"\$(?:ref|dynamicRef|recursiveRef)"/;

/**
 * Throws what `compileCached(schema)` throws when the schema breaks the draft's meta-schema (ajv's own
 * `schema is invalid: …` error), without compiling it: the meta-schema's validator is compiled once per process,
 * a schema's code only when it is first used (`compileCached`). A schema with a `$ref` is compiled now, since
 * only a compile tells whether its references resolve. A schema the meta-schema admits and ajv still refuses
 * (an empty `enum`) throws at its first compile instead.
 */
export function checkSchema(schema: object): void {
  if (REFERENCE.test(JSON.stringify(schema))) {
    compileCached(schema);
    return;
  }
  shared ??= createAjv();
  shared.validateSchema(schema, true);
}

/**
 * Compiles a schema once per schema object, with one shared ajv: plugins' schemas are module
 * constants, so engines, registries and policy loads after the first pay nothing to compile them.
 */
export function compileCached(schema: object): import('ajv').ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    shared ??= createAjv();
    try {
      validate = shared.compile(schema);
    } catch {
      // e.g. two different schemas with the same $id: give this one an ajv of its own.
      validate = createAjv().compile(schema);
    }
    compiled.set(schema, validate);
  }
  return validate;
}
