import { readFileSync } from 'node:fs';
import type { PolicyDocument } from '@engageloop/core';

/** The example policy `docs/examples/lifecycle-care.json` (test helper). */
export function examplePolicy(): PolicyDocument {
  const url = new URL('../../../../docs/examples/lifecycle-care.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as PolicyDocument;
}

/** ISO time `days` (and `hours`) after `start`. */
export function after(start: string, days: number, hours = 0): string {
  return new Date(Date.parse(start) + days * 86_400_000 + hours * 3_600_000).toISOString();
}
