/**
 * The SQLite and PostgreSQL stores map rows to entries with the same module (`src/rows.ts`), kept as two
 * identical copies until it moves to `@engageloop/core/internal`; this catches one copy drifting.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (store: string) =>
  readFileSync(new URL(`../../packages/${store}/src/rows.ts`, import.meta.url), 'utf8');

it('keeps the row mapping of the SQLite and PostgreSQL stores identical', () => {
  expect(read('store-sqlite')).toBe(read('store-postgres'));
});
