import type { FactReader } from './fact-reader';

type Run = (facts: Parameters<FactReader>[0]) => unknown;

// json-rules-engine's numberValidator; for a number only NaN fails (parseFloat(String(n)) is n).
const isNumeric = (v: unknown) =>
  typeof v === 'number' ? !Number.isNaN(v) : Number.parseFloat(v as string).toString() !== 'NaN';
const idx = (list: unknown, item: unknown) => (list as { indexOf(x: unknown): number }).indexOf(item);

/**
 * A leaf with a built-in, undecorated operator and a literal value, fused into one closure (fewer calls
 * on the hot path). Same results as `validator(factValue) && callback(factValue, value)`.
 * Returns `undefined` for any other operator.
 */
export function fuseLeaf(operator: string, lhs: FactReader, b: unknown): Run | undefined {
  switch (operator) {
    case 'equal':
      return (f) => lhs(f) === b;
    case 'notEqual':
      return (f) => lhs(f) !== b;
    case 'in':
      return (f) => idx(b, lhs(f)) > -1;
    case 'notIn':
      return (f) => idx(b, lhs(f)) === -1;
    case 'contains':
      return (f) => {
        const a = lhs(f);
        return Array.isArray(a) && a.indexOf(b) > -1;
      };
    case 'doesNotContain':
      return (f) => {
        const a = lhs(f);
        return Array.isArray(a) && a.indexOf(b) === -1;
      };
    case 'lessThan':
      return (f) => {
        const a = lhs(f);
        return isNumeric(a) && (a as number) < (b as number);
      };
    case 'lessThanInclusive':
      return (f) => {
        const a = lhs(f);
        return isNumeric(a) && (a as number) <= (b as number);
      };
    case 'greaterThan':
      return (f) => {
        const a = lhs(f);
        return isNumeric(a) && (a as number) > (b as number);
      };
    case 'greaterThanInclusive':
      return (f) => {
        const a = lhs(f);
        return isNumeric(a) && (a as number) >= (b as number);
      };
    default:
      return undefined;
  }
}
