import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserNumbers } from './user-numbers';

describe('UserNumbers', () => {
  it('gives each id one number, through growth, and the id back from it', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 2_000 }), (ids) => {
        const users = new UserNumbers();
        const model = new Map<string, number>();
        for (const id of ids) {
          const user = users.numberOf(id);
          if (!model.has(id)) model.set(id, model.size);
          expect(user).toBe(model.get(id));
        }
        for (const [id, user] of model) {
          expect(users.numberOf(id)).toBe(user);
          expect(users.idOf(user)).toBe(id);
        }
      }),
      { numRuns: 30 },
    );
  });
});
