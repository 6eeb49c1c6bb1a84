import type { Ajv as AjvCore } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The ajv flavour engageloop uses: JSON Schema draft 2020-12. */
export type Ajv = AjvCore;

/**
 * An ajv for draft 2020-12 with formats: every error reported (`allErrors`), unknown keywords
 * tolerated (`strict: false`), errors carry their schema (`verbose`, for "did you mean" lists) so editor-only keywords like `markdownDescription` pass, and no
 * defaults written into validated data (defaults are applied explicitly where meant).
 */
export function createAjv(): Ajv {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, verbose: true });
  addFormats(ajv);
  return ajv;
}
