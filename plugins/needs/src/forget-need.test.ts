import { describe, expect, it } from 'vitest';
import { forgetInNeed } from './forget-need';
import { applyTransition, createNeed } from './need-doc';
import type { NeedDoc } from './types';

const P = 'forgotten:0123456789abcdef';
const ALICE = 'alice@example.com';

function need(author: string, supporters: string[] = []): NeedDoc {
  const base = createNeed({
    id: 'n1',
    kind: 'suggestion',
    channel: 'app',
    text: 'phone 555-1234',
    tags: ['call-me'],
    urgency: 'normal',
    userId: author,
    segment: 'vip',
    at: 0,
    signals: { accountAgeDays: 3, pastAdopted: 0, sentiment: null },
    deadlines: { acknowledgeDueAt: null, resolveDueAt: null },
  });
  return { ...base, supporters: [author, ...supporters] };
}

describe('forgetInNeed', () => {
  it('erases what the author wrote and pseudonymises their id', () => {
    const out = forgetInNeed(need(ALICE, ['bob']), ALICE, P) as NeedDoc;
    expect(out).toMatchObject({ userId: P, text: '', tags: [], supporters: [P, 'bob'], segment: 'vip' });
    expect(JSON.stringify(out)).not.toContain(ALICE);
    expect(JSON.stringify(out)).not.toContain('555-1234');
  });

  it('keeps the author’s text when the forgotten user only supported the need', () => {
    const out = forgetInNeed(need('bob', [ALICE, 'carol']), ALICE, P) as NeedDoc;
    expect(out).toMatchObject({ userId: 'bob', text: 'phone 555-1234', supporters: ['bob', P, 'carol'] });
  });

  it('pseudonymises history, escalations and notices, dropping the reason the user wrote', () => {
    let doc = applyTransition(need('bob'), 'acknowledged', {
      at: 1,
      by: ALICE,
      reason: 'call me on 555-1234',
    });
    doc = applyTransition(doc, 'adopted', { at: 2, by: 'staff', reason: 'good idea' });
    doc = {
      ...doc,
      escalations: [{ at: 3, level: 1, to: ALICE, by: 'rule:x' }],
      notified: [`adopted:${ALICE}`, 'adopted:bob'],
    };
    const out = forgetInNeed(doc, ALICE, P) as NeedDoc;
    expect(out.history).toEqual([
      { from: 'captured', to: 'acknowledged', at: 1, by: P },
      { from: 'acknowledged', to: 'adopted', at: 2, by: 'staff', reason: 'good idea' },
    ]);
    expect(out.escalations).toEqual([{ at: 3, level: 1, to: P, by: 'rule:x' }]);
    expect(out.notified).toEqual([`adopted:${P}`, 'adopted:bob']);
    expect(JSON.stringify(out)).not.toContain(ALICE);
  });

  it('says `undefined` when the user is not in the need', () => {
    expect(forgetInNeed(need('bob', ['carol']), ALICE, P)).toBeUndefined();
    expect(forgetInNeed(need('alice'), ALICE, P)).toBeUndefined();
  });
});
