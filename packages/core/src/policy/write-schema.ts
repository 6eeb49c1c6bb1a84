/**
 * Writes the shipped rule-file schema of the core alone to `packages/core/schema/policy-v1.schema.json`.
 * Run with `npx tsx packages/core/src/policy/write-schema.ts && npx biome format --write packages/core/schema`;
 * a test checks the file matches `policySchema([])` (as parsed JSON, so formatting does not matter).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policySchema } from './schema';

/** Where the shipped schema lives. */
export const SHIPPED_SCHEMA_PATH = fileURLToPath(
  new URL('../../schema/policy-v1.schema.json', import.meta.url),
);

/** The shipped schema's text: `policySchema([])`, two-space indented, newline-terminated. */
export function shippedSchemaText(): string {
  return `${JSON.stringify(policySchema([]), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(SHIPPED_SCHEMA_PATH), { recursive: true });
  writeFileSync(SHIPPED_SCHEMA_PATH, shippedSchemaText());
}
