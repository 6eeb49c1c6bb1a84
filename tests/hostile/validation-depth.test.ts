import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  type EngageLoopError,
  loadPolicy,
  type PolicyDocument,
  validatePolicy,
  validatePolicyPath,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/cli';
import { createCapture } from '../../packages/cli/src/io';
import { firstPartyPlugins } from '../../packages/cli/src/plugins';

// Issue 19 item 5: a 1,000-deep condition crashed validation with a RangeError and a raw stack in the CLI.
function deepCondition(depth: number, kind: 'all' | 'any' | 'not' = 'all'): unknown {
  let c: unknown = { fact: 'event', path: '$.type', operator: 'equal', value: 'x' };
  for (let i = 0; i < depth; i++) c = kind === 'not' ? { not: c } : { [kind]: [c] };
  return c;
}
const LEAF = '{"fact":"event","path":"$.type","operator":"equal","value":"x"}';
/** The same condition as text, built without recursion (JSON.stringify itself overflows at 100,000). */
function deepConditionText(depth: number, kind: 'all' | 'any' | 'not'): string {
  const open = kind === 'not' ? '{"not":' : `{"${kind}":[`;
  const close = kind === 'not' ? '}' : ']}';
  return `${open.repeat(depth)}${LEAF}${close.repeat(depth)}`;
}
/** A policy text with one rule on its own lines, the deep condition on line 5. */
const policyText = (condition: string) =>
  `{\n"version": 1,\n"eventTypes": { "note.added": {} },\n"rules": [{ "id": "deep", "stage": "action", "on": "note.added",\n"conditions": ${condition},\n"effects": [{ "type": "core.setAttribute", "params": { "key": "k", "value": 1 } }] }]\n}`;
const policyWith = (conditions: unknown): PolicyDocument => ({
  version: 1,
  eventTypes: { 'note.added': {} },
  rules: [
    {
      id: 'deep',
      stage: 'action',
      on: 'note.added',
      conditions: conditions as PolicyDocument['rules'][number]['conditions'],
      effects: [{ type: 'core.setAttribute', params: { key: 'k', value: 1 } }],
    },
  ],
});
const plugins = firstPartyPlugins();

describe('validation never throws', () => {
  for (const depth of [1_000, 100_000]) {
    for (const kind of ['all', 'any', 'not'] as const) {
      it(`a ${depth}-deep "${kind}" condition is POLICY_TOO_DEEP as text and as object`, () => {
        const doc = policyWith(deepCondition(depth, kind));
        const fromText = validatePolicy(policyText(deepConditionText(depth, kind)), {
          plugins,
          file: 'deep.json',
        });
        const fromObject = validatePolicy(doc, { plugins });
        for (const result of [fromText, fromObject]) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['POLICY_TOO_DEEP']);
        }
        if (!fromText.ok) expect(fromText.errors[0]).toMatchObject({ file: 'deep.json', line: 5 });
      });
    }
  }

  it('a condition nested just within the default limit loads', () => {
    expect(validatePolicy(policyWith(deepCondition(25)), { plugins }).ok).toBe(true);
  });

  it('loadPolicy throws POLICY_INVALID (typed), and an engine keeps its policy', () => {
    const deep = policyWith(deepCondition(1_000));
    expect(() => loadPolicy(deep, { plugins })).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
    const engine = createEngine({ plugins, policy: policyWith({ all: [] }) });
    const before = engine.policy;
    let error: EngageLoopError | undefined;
    try {
      engine.replacePolicy(deep);
    } catch (e) {
      error = e as EngageLoopError;
    }
    expect(error?.errors[0]?.code).toBe('POLICY_TOO_DEEP');
    expect(engine.policy).toBe(before);
  });

  it('hostile text — unbalanced brackets, brackets in strings, a huge flat list — never throws', async () => {
    const texts = [
      '['.repeat(200_000),
      `{"version":1,"rules":[],"name":"${'['.repeat(100_000)}"}`,
      `[${'1,'.repeat(100_000)}1]`,
    ];
    for (const text of texts) {
      const result = validatePolicy(text, { plugins, file: 'x.json' });
      expect(result.ok).toBe(false);
    }
    const dir = mkdtempSync(join(tmpdir(), 'el-deep-'));
    writeFileSync(join(dir, 'a.json'), texts[0] as string);
    const result = await validatePolicyPath(dir, { plugins });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['POLICY_TOO_DEEP']);
  });
});

describe('engageloop validate', () => {
  async function validate(file: string, ...flags: string[]) {
    const stdout = createCapture();
    const stderr = createCapture();
    const code = await runCli(['validate', file, ...flags], { stdout, stderr, env: {} });
    return { code, out: stdout.text(), err: stderr.text() };
  }

  it('prints a 1,000-deep condition as file:line:col POLICY_TOO_DEEP with a hint, never a stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'el-cli-deep-'));
    const file = join(dir, 'deep.json');
    writeFileSync(file, policyText(deepConditionText(1_000, 'all')));
    const { code, out, err } = await validate(file);
    expect(code).toBe(1);
    expect(out).toMatch(/deep\.json:5:\d+ POLICY_TOO_DEEP /);
    expect(out).toMatch(/hint: .*limits\.policyDepth/i);
    expect(`${out}${err}`).not.toMatch(/RangeError|\n\s+at /);
    const json = JSON.parse((await validate(file, '--json')).out);
    expect(json.files[0].errors[0]).toMatchObject({ code: 'POLICY_TOO_DEEP', line: 5 });
  });
});
