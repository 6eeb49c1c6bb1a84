import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../../errors/error';
import type { TopLevelCondition } from '../../policy/types';
import type { RuleEvaluation } from '../types';
import { generatedSource } from './compiled-evaluator';
import { inputFor, prepareBoth, settle, toRules } from './differential.fixture';
import { expectOnlyOurTokens } from './source-tokens.fixture';

const HOSTILE = [
  "'",
  '"',
  '`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input on purpose
  '${process.exit(1)}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input on purpose
  '`${globalThis.pwned=1}`',
  '</script><script>globalThis.pwned=1</script>',
  '__proto__',
  'constructor',
  'prototype',
  '"); globalThis.pwned = 1; ("',
  "'); globalThis.pwned = 1; ('",
  '\\',
  '\u2028',
  '$.__proto__.polluted',
  "$['__proto__']['polluted']",
  '$.constructor.prototype',
  'toString',
  'hasOwnProperty',
  'not:__proto__',
  'constructor:equal',
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }));
const hostileValue = fc.oneof(
  hostile,
  fc.dictionary(hostile, hostile, { maxKeys: 3 }),
  fc.array(hostile, { maxLength: 3 }),
  hostile.map((fact) => ({ fact, path: '$.__proto__' })),
);

const leaf = fc.record({
  fact: fc.oneof(hostile, fc.constantFrom('a', 'obj')),
  operator: fc.oneof(hostile, fc.constantFrom('equal', 'in', 'contains', 'someValue:equal')),
  value: hostileValue,
  path: hostile,
  params: fc.dictionary(hostile, hostile, { maxKeys: 2 }),
});

/**
 * json-rules-engine deep-clones rule values before comparing, which silently drops own keys named like
 * `Object.prototype` members (`__proto__`, `constructor`, `hasOwnProperty`…); the compiled evaluator
 * passes the value by reference. Traces are compared without such keys.
 */
function dropProtoKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropProtoKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    if (!(key in Object.prototype)) out[key] = dropProtoKeys((value as Record<string, unknown>)[key]);
  }
  return { ...out };
}

const snapshot = () => Object.getOwnPropertyNames(Object.prototype).sort().join('|');

/** Every string of a rule, keys included (what must never show up in generated source). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      out.push(key);
      stringsOf((value as Record<string, unknown>)[key], out);
    }
  }
  return out;
}

describe('hostile strings in every position of a rule', () => {
  it('execute nothing, pollute nothing, and give json-rules-engine results (trace on and off, fired)', async () => {
    const before = snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.array(leaf, { minLength: 1, maxLength: 3 }),
        hostile,
        fc.dictionary(hostile, hostileValue, { maxKeys: 3 }),
        fc.tuple(hostile, hostile),
        fc.boolean(),
        async (leaves, name, values, ids, trace) => {
          const named: Record<string, TopLevelCondition> = Object.create(null);
          Object.defineProperty(named, name, {
            value: { any: leaves },
            enumerable: true,
            writable: true,
            configurable: true,
          });
          // rule ids are hostile too (kept distinct and non-empty, as a loaded policy's are)
          const rules = toRules([{ all: leaves as never }, { condition: name }]).map((r, i) => ({
            ...r,
            id: `${ids[i]}#${i}`,
          }));
          const facts = {
            value: (id: string) => (Object.hasOwn(values, id) ? values[id] : { k: id, arr: [id] }),
          };
          // the judge: json-rules-engine with engageloop's resolver (hostile paths are not all jsonpath-plus-safe)
          const { ours: jre, compiled } = prepareBoth({
            ...inputFor(rules, named),
            facts: new Set(['a', 'obj', name]),
          });
          const expected = await settle(() => jre.evaluate('need', rules, facts, { trace }));
          let thrown: unknown;
          let actual: RuleEvaluation[] | undefined;
          let flags: readonly boolean[] | undefined;
          try {
            actual = await compiled.evaluate('need', rules, facts, { trace });
            flags = await compiled.fired('need', rules, facts);
          } catch (error) {
            thrown = error;
          }
          if (thrown !== undefined && !(thrown instanceof EngageLoopError)) {
            // only json-rules-engine's own runtime errors (unknown operator, bad operand) may surface
            expect(expected.ok).toBe(false);
          }
          if (expected.ok) {
            expect(thrown).toBeUndefined();
            const strip = (list: RuleEvaluation[]) =>
              list
                .map(({ evaluator: _e, ...r }) => dropProtoKeys(r) as RuleEvaluation)
                .sort((x, y) => x.ruleId.localeCompare(y.ruleId));
            expect(strip(actual ?? [])).toEqual(strip(expected.value));
            const want = new Map(expected.value.map((r) => [r.ruleId, r.fired]));
            expect(flags).toEqual(rules.map((r) => want.get(r.id)));
          }
          const source = generatedSource(compiled, rules);
          expectOnlyOurTokens(source);
          // the hostile payloads the rule holds, verbatim (a lone `"` is our own syntax too: the token
          // check above is what proves no `"` of a rule got in)
          const ruleStrings = stringsOf([rules, named, name]).filter((t) => HOSTILE.includes(t) && t !== '"');
          for (const text of ruleStrings) expect(source).not.toContain(text);
          expect(snapshot()).toBe(before);
          expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);
});
