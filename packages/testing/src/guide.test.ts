import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from './index';

// The testing guide says what each ready invariant checks: one table row per invariant, by its name.
const rowsOf = (lang: string): string[] =>
  readFileSync(new URL(`../../../docs/guide/${lang}/testing.md`, import.meta.url), 'utf8')
    .split('\n')
    .filter(
      (line) => line.startsWith('| ') && !line.startsWith('| invariant') && !line.startsWith('| 不变量'),
    )
    .map((line) => line.slice(2, line.indexOf(' |')));

describe('testing guide', () => {
  for (const lang of ['en', 'zh-CN']) {
    it(`${lang} describes every invariant of ALL_INVARIANTS, by name, once`, () => {
      const rows = rowsOf(lang).map((name) => name.replace(/（.*$/, ''));
      expect([...rows].sort()).toEqual(ALL_INVARIANTS.map((i) => i.invariantName).sort());
    });
  }
});
