import { describe, expect, it } from 'vitest';
import type { EngageLoopError } from '../errors/error';
import { incentives } from './__fixtures__/plugins';
import { validatePolicy } from './load';

const FILE = 'rules/reviews.json';

function errorsOf(doc: unknown): EngageLoopError[] {
  const result = validatePolicy(JSON.stringify(doc, null, 2), { plugins: [incentives], file: FILE });
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

const summary = (errors: EngageLoopError[]) => errors.map((e) => `${e.code} ${e.pointer}`).sort();

describe('validate lists schema and semantic errors of a file in one run', () => {
  it('a missing stage does not hide the five semantic mistakes of the same file', () => {
    const doc = {
      version: 1,
      experiments: { copy: { arms: { a: 1, b: 1 } } },
      rules: [
        // schema error: no "stage"; its effect and condition are still checked
        {
          id: 'review-points',
          on: 'review.submited',
          conditions: { all: [{ fact: 'evnt', operator: 'equal', value: 1 }] },
          effects: [{ type: 'incentives.awrad', params: {} }],
        },
        {
          id: 'second',
          stage: 'action',
          variant: { experiment: 'copy', arm: 'c' },
          conditions: { all: [{ fact: 'event', operator: 'equl', value: 1 }] },
          effects: [{ type: 'incentives.award', params: { points: 5 } }],
        },
      ],
    };
    expect(summary(errorsOf(doc))).toEqual([
      'POLICY_SCHEMA_INVALID /rules/0',
      'RULE_EFFECT_UNKNOWN /rules/0/effects/0/type',
      'RULE_EVENT_TYPE_UNKNOWN /rules/0/on',
      'RULE_EXPERIMENT_UNKNOWN /rules/1/variant/arm',
      'RULE_FACT_UNKNOWN /rules/0/conditions/all/0/fact',
      'RULE_OPERATOR_UNKNOWN /rules/1/conditions/all/0/operator',
    ]);
  });

  it('checks the rest of a rule, an effect list and a condition tree around a malformed piece', () => {
    const doc = {
      version: 1,
      conditions: { broken: { all: 'nope' }, fine: { all: [{ fact: 'evnt', operator: 'equal', value: 1 }] } },
      experiments: { copy: { arms: 'a' } },
      rules: [
        {
          id: 'r1',
          stage: 'action',
          priority: -1,
          variant: { experiment: 'copy', arm: 'a' },
          conditions: {
            all: [
              { fact: 'event', value: 1 },
              { condition: 'broken' },
              { fact: 'event', operator: 'equl', value: 1 },
            ],
          },
          effects: [{ tpye: 'incentives.award' }, { type: 'incentives.awrad' }],
        },
        'not a rule',
      ],
    };
    expect(summary(errorsOf(doc))).toEqual([
      'POLICY_SCHEMA_INVALID /conditions/broken/all',
      'POLICY_SCHEMA_INVALID /experiments/copy/arms',
      'POLICY_SCHEMA_INVALID /rules/0/conditions/all/0',
      'POLICY_SCHEMA_INVALID /rules/0/effects/0',
      'POLICY_SCHEMA_INVALID /rules/0/effects/0/tpye',
      'POLICY_SCHEMA_INVALID /rules/0/priority',
      'POLICY_SCHEMA_INVALID /rules/1',
      'RULE_EFFECT_UNKNOWN /rules/0/effects/1/type',
      'RULE_FACT_UNKNOWN /conditions/fine/all/0/fact',
      'RULE_OPERATOR_UNKNOWN /rules/0/conditions/all/2/operator',
    ]);
  });

  it('keeps every error located: file, line and column', () => {
    const errors = errorsOf({ version: 1, rules: [{ id: 'r', effects: [{ type: 'incentives.awrad' }] }] });
    expect(errors.map((e) => e.code).sort()).toEqual(['POLICY_SCHEMA_INVALID', 'RULE_EFFECT_UNKNOWN']);
    for (const e of errors)
      expect([e.file, typeof e.line, typeof e.column]).toEqual([FILE, 'number', 'number']);
  });

  it('an unsupported version or a document that is not an object stops there (one error)', () => {
    expect(summary(errorsOf({ version: 2, rules: [{ id: 'r', effects: [{ type: 'x.y' }] }] }))).toEqual([
      'POLICY_VERSION_UNSUPPORTED /version',
    ]);
    expect(errorsOf([1, 2]).map((e) => e.code)).toEqual(['POLICY_SCHEMA_INVALID']);
  });
});
