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

const EAGER_LOCAL = /\be(\d+)\b/g;

/**
 * The body of a fast program's factory: `run(F, out)` reads the facts read first and computes the
 * path values under them (`prologue.reads`), sends the evaluation to the general program `B` when
 * one breaks an assumption (`prologue.check`), then sets every flag in one straight line, with no
 * per-rule call and no resumption point; a thenable met later (or any throw) goes to `B` with the
 * facts read so far, which resumes after the rule that met it. Larger programs run chunks of rules
 * in turn, each its own function, the fact and prologue values shared in an array `V`.
 */
export function assembleFast(
  b: ProgramBuilder,
  lines: readonly string[],
  prologue: { reads: string; check: string; after: string },
): string {
  const head = [
    '"use strict";',
    b.constantDeclarations('C'),
    `const { ${HELPERS.join(', ')} } = R;`,
    'const B = P.bail;',
    b.stepDeclarations(),
  ];
  const reads = b.factReads();
  const facts = reads.map((_, i) => `f${i}`);
  const lazy = facts.filter((f) => !b.isReadFirst(f));
  const firstOnly = `[${facts.map((f) => (b.isReadFirst(f) ? f : 'U')).join(', ')}]`;
  const total = lines.reduce((n, c) => n + c.length, 0);
  if (total <= CHUNK_CHARS) {
    const all = `[${facts.join(', ')}]`;
    const locals = [...lazy, ...Array.from({ length: b.paths }, (_, i) => `v${i}`)];
    return [
      ...head,
      'return function run(F, out) {',
      prologue.reads,
      locals.length === 0 ? '' : `let ${locals.map((n) => `${n} = U`).join(', ')};`,
      `if (${prologue.check}) return B(null, F, out, ${all});`,
      'let a, b;',
      prologue.after,
      'try {',
      ...lines,
      `} catch (err) { return B(err, F, out, ${all}); }`,
      '};',
    ].join('\n');
  }
  const shared = (text: string) =>
    text.replace(FACT_LOCAL, 'V[$1]').replace(EAGER_LOCAL, (_, n) => `V[${facts.length + Number(n)}]`);
  const chunks: string[][] = [];
  let size = CHUNK_CHARS;
  for (const line of lines) {
    if (size + line.length > CHUNK_CHARS) {
      chunks.push([]);
      size = 0;
    }
    (chunks[chunks.length - 1] as string[]).push(shared(line));
    size += line.length;
  }
  const functions = chunks.map((own, n) => {
    const paths = new Set<string>();
    for (const line of own) for (const m of line.matchAll(PATH_LOCAL)) paths.add(`v${m[1]}`);
    return [
      `function c${n}(F, out, V) {`,
      paths.size === 0 ? '' : `let ${[...paths].map((p) => `${p} = U`).join(', ')};`,
      'let a, b;',
      'try {',
      ...own,
      '} catch (err) { B(err, F, out, V); return true; }',
      'return false;',
      '}',
    ].join('\n');
  });
  const shareds = [
    ...facts.map((f) => (b.isReadFirst(f) ? f : 'U')),
    ...Array.from({ length: b.eagers }, (_, i) => `e${i}`),
  ];
  return [
    ...head,
    ...functions,
    'return function run(F, out) {',
    prologue.reads,
    `if (${prologue.check}) return B(null, F, out, ${firstOnly});`,
    'let a, b;',
    prologue.after,
    `const V = [${shareds.join(', ')}];`,
    `${chunks.map((_, n) => `c${n}(F, out, V)`).join(' || ')};`,
    '};',
  ].join('\n');
}
