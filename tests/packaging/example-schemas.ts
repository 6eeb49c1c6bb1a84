import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Problems of example policies placed in `projectDir` (where a user copies them): a `$schema` that does not
 * name a file (resolved against the file's folder, as an editor does), or a file the example does not satisfy.
 */
export function examplesSchemaProblems(
  examples: ReadonlyArray<{ name: string; text: string }>,
  projectDir: string,
): string[] {
  const problems: string[] = [];
  for (const { name, text } of examples) {
    const doc = JSON.parse(text) as { $schema?: unknown };
    if (typeof doc.$schema !== 'string') {
      problems.push(`${name}: no "$schema"`);
      continue;
    }
    const path = resolve(projectDir, doc.$schema);
    if (!existsSync(path)) {
      problems.push(`${name}: "$schema" names ${path}, which does not exist`);
      continue;
    }
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
    if (!validate(doc))
      for (const e of validate.errors ?? []) problems.push(`${name}: ${e.instancePath || '/'} ${e.message}`);
  }
  return problems;
}
