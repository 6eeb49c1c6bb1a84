import { HELPERS } from './emit-leaf';
import type { ProgramBuilder } from './program-builder';

/**
 * Source characters of rule cases one generated function holds. V8 optimises no function past a
 * bytecode size (60 KB by default): a larger candidate list is split into several functions so that
 * each of them is optimised.
 */
const CHUNK_CHARS = 48_000;

const FACT_LOCAL = /\bf(\d+)\b/g;
const PATH_LOCAL = /\bv(\d+)\b/g;

/**
 * The body of a program's factory: constants, helpers, step functions, and `run(F, out, start)`,
 * which reads the facts read first (`prologue`) and runs the rule cases from `start` on. Small
 * programs are one function with every local in it; larger ones run chunks of cases, each its own
 * function with its own path locals, the fact locals shared in an array `V` (a fact is still read at
 * most once per evaluation). Every identifier is made by the code generator.
 */
export function assembleSource(b: ProgramBuilder, cases: readonly string[], prologue: string): string {
  const head = [
    '"use strict";',
    b.constantDeclarations('C'),
    `const { ${HELPERS.join(', ')} } = R;`,
    b.stepDeclarations(),
  ];
  const total = cases.reduce((n, c) => n + c.length, 0);
  if (total <= CHUNK_CHARS) {
    return [
      ...head,
      'return function run(F, out, start) {',
      b.localDeclarations('U'),
      'let a, b;',
      prologue,
      'switch (start) {',
      ...cases,
      '}',
      '};',
    ].join('\n');
  }
  const chunks: Array<{ first: number; cases: string[] }> = [];
  let size = CHUNK_CHARS;
  cases.forEach((c, i) => {
    if (size + c.length > CHUNK_CHARS) {
      chunks.push({ first: i, cases: [] });
      size = 0;
    }
    (chunks[chunks.length - 1] as { cases: string[] }).cases.push(c.replace(FACT_LOCAL, 'V[$1]'));
    size += c.length;
  });
  const functions = chunks.map(({ cases: own }, n) => {
    const paths = new Set<string>();
    for (const c of own) for (const m of c.matchAll(PATH_LOCAL)) paths.add(`v${m[1]}`);
    return [
      `function c${n}(F, out, start, V) {`,
      paths.size === 0 ? '' : `let ${[...paths].map((p) => `${p} = U`).join(', ')};`,
      'let a, b;',
      'switch (start) {',
      ...own,
      '}',
      '}',
    ].join('\n');
  });
  const calls = chunks.map(({ first }, n) => {
    const end = chunks[n + 1]?.first ?? cases.length;
    return `if (start < ${end}) c${n}(F, out, start < ${first} ? ${first} : start, V);`;
  });
  return [
    ...head,
    ...functions,
    'return function run(F, out, start) {',
    `const V = [${Array.from({ length: b.facts }, () => 'U').join(', ')}];`,
    prologue.replace(FACT_LOCAL, 'V[$1]'),
    ...calls,
    '};',
  ].join('\n');
}
