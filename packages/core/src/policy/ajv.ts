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
  });
  addFormats(ajv);
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new WeakMap<object, import('ajv').ValidateFunction>();

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
