import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngageLoopError } from '../errors/error';
import { validatePolicy, validatePolicyPath } from './load';

const rule = (i: number) => ({
  id: `r${i}`,
  stage: 'action',
  on: 'checkin.done',
  conditions: { all: [] },
  effects: [{ type: 'core.setAttribute', params: { key: 'k', value: i } }],
});
const doc = (rules: unknown[]) => ({ version: 1, eventTypes: { 'checkin.done': {} }, rules });

/** A condition nested `depth` levels of `{ all: [ … ] }`. */
function deepCondition(depth: number): unknown {
  let c: unknown = { fact: 'user', path: '$.id', operator: 'equal', value: 'u' };
  for (let i = 0; i < depth; i++) c = { all: [c] };
  return c;
}

const only = (result: ReturnType<typeof validatePolicy>): EngageLoopError => {
  if (result.ok) throw new Error('expected errors');
  expect(result.errors).toHaveLength(1);
  return result.errors[0] as EngageLoopError;
};

describe('policy limits', () => {
  it('reports a 1,000-deep condition in text as POLICY_TOO_DEEP at its line and column', () => {
    const text = JSON.stringify(doc([{ ...rule(1), conditions: deepCondition(1000) }]), null, 1);
    const e = only(validatePolicy(text, { file: 'deep.json' }));
    expect(e).toMatchObject({
      code: 'POLICY_TOO_DEEP',
      file: 'deep.json',
      data: { limit: 'policyDepth', max: 64 },
    });
    expect(e.line).toBeGreaterThan(1);
    expect(e.column).toBeGreaterThan(1);
    expect(e.format()).toMatch(/^deep\.json:\d+:\d+ POLICY_TOO_DEEP /);
  });

  it('reports a 100,000-deep object as POLICY_TOO_DEEP with its pointer, never throwing', () => {
    const e = only(validatePolicy(doc([{ ...rule(1), conditions: deepCondition(100_000) }])));
    expect(e.code).toBe('POLICY_TOO_DEEP');
    expect(e.pointer).toMatch(/^\/rules\/0\/conditions(\/all(\/0)?)+$/);
  });

  it('accepts nesting within the limit, and a configured limit', () => {
    const policy = doc([{ ...rule(1), conditions: deepCondition(20) }]);
    expect(validatePolicy(policy).ok).toBe(true);
    expect(only(validatePolicy(policy, { limits: { policyDepth: 10 } })).code).toBe('POLICY_TOO_DEEP');
    expect(validatePolicy(JSON.stringify(policy), { limits: { policyDepth: 100 } }).ok).toBe(true);
  });

  it('rejects more rules than policyRules before checking them', () => {
    const rules = Array.from({ length: 11 }, (_, i) => rule(i));
    const e = only(
      validatePolicy(JSON.stringify(doc(rules), null, 2), { file: 'p.json', limits: { policyRules: 10 } }),
    );
    expect(e).toMatchObject({
      code: 'POLICY_TOO_LARGE',
      pointer: '/rules',
      line: 6,
      data: { limit: 'policyRules' },
    });
    expect(validatePolicy(doc(rules.slice(0, 10)), { limits: { policyRules: 10 } }).ok).toBe(true);
  });

  it('rejects a text or object past policyBytes', () => {
    const text = JSON.stringify(doc([{ ...rule(1), description: 'x'.repeat(2000) }]));
    expect(only(validatePolicy(text, { limits: { policyBytes: 1000 } })).code).toBe('POLICY_TOO_LARGE');
    expect(only(validatePolicy(JSON.parse(text), { limits: { policyBytes: 1000 } })).code).toBe(
      'POLICY_TOO_LARGE',
    );
  });

  it('rejects the files of a folder past policyBytes together, before reading them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'el-limits-'));
    const half = JSON.stringify(doc([{ ...rule(1), description: 'x'.repeat(600) }]));
    writeFileSync(join(dir, 'a.json'), half);
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ ...doc([rule(2)]), eventTypes: {}, description: 'y'.repeat(600) }),
    );
    const result = await validatePolicyPath(dir, { limits: { policyBytes: 1000 } });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatchObject({ code: 'POLICY_TOO_LARGE', file: join(dir, 'b.json') });
  });

  it('turns anything thrown while checking into POLICY_CHECK_FAILED', () => {
    const hostile = {
      version: 1,
      get rules(): unknown {
        throw new RangeError('boom');
      },
    };
    const e = only(validatePolicy(hostile, { file: 'p.json' }));
    expect(e.code).toBe('POLICY_CHECK_FAILED');
    expect(e.message).toContain('RangeError: boom');
  });

  it('rejects policy objects with inherited or non-JSON parts', () => {
    const rules = Object.create({ 0: rule(1) });
    expect(validatePolicy({ version: 1, rules: [Object.create(rule(1))] }).ok).toBe(false);
    expect(validatePolicy(Object.create(doc([rule(1)]))).ok).toBe(false);
    expect(validatePolicy({ version: 1, rules }).ok).toBe(false);
  });
});
