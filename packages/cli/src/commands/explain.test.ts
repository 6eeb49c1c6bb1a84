import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, run } from '../__fixtures__/harness';

const policy = example('community-mutual-help.json');

describe('engageloop explain', { timeout: 30_000 }, () => {
  it('shows which rules fired and a failing condition with the fact value', async () => {
    const event = {
      id: 'h1',
      type: 'help.offered',
      userId: 'u1',
      at: '2026-03-02T10:00:00Z',
      payload: { offerId: 'o1', request: 'r1', area: 'b3', interest: 'repairs', slot: 'sat-am' },
    };
    const { code, out } = await run(['explain', '--policy', policy, '--event', JSON.stringify(event)]);
    expect(code).toBe(0);
    expect(out).toMatch(/help-offer-points — fired/);
    expect(out).toMatch(/help-offer-matched — did not fire/);
    expect(out).toMatch(/✗ user \$\.profile\.areas contains "b3" — was missing/);
  });

  it('speaks Chinese with --lang zh-CN, statuses included', async () => {
    const event = { id: 'h1', type: 'help.completed', userId: 'u1', at: '2026-03-02T10:00:00Z', payload: {} };
    const zh = ['--lang', 'zh-CN'];
    const { out } = await run(['explain', '--policy', policy, '--event', JSON.stringify(event), ...zh]);
    expect(out).toMatch(/^事件 h1（help\.completed），用户 u1：已生效$/m);
    expect(out).toContain('[已生效]');
    expect(out).not.toMatch(/\bapplied\b|\bfired\b/);
    const bad = await run(['explain', '--policy', policy, '--event', '{oops', '--lang', 'zh-CN']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^EVENT_INVALID --event 参数：JSON 无效（第 \d+ 列）：/);
    expect(bad.err).toContain('提示：事件的形式是');
  });

  it('replays --history first so the user state is realistic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engageloop-explain-'));
    const history = join(dir, 'history.ndjson');
    const lines = Array.from({ length: 19 }, (_, i) =>
      JSON.stringify({
        id: `h${i}`,
        type: 'help.completed',
        userId: 'u1',
        at: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
        payload: { rating: 5 },
      }),
    );
    writeFileSync(history, lines.join('\n'));
    const event = {
      id: 'h20',
      type: 'help.completed',
      userId: 'u1',
      at: '2026-03-21T10:00:00Z',
      payload: { rating: 5 },
    };
    const { out } = await run([
      'explain',
      '--policy',
      policy,
      '--event',
      JSON.stringify(event),
      '--history',
      history,
      '--lang',
      'zh-CN',
    ]);
    expect(out).toMatch(/star-ceremony — 已触发/);
  });

  it('installs the plugins a simulate would: those the policy uses, plus --plugins', async () => {
    const points = example('ecommerce-reviews.json');
    const event = {
      id: 'r1',
      type: 'review.submitted',
      userId: 'u1',
      at: '2026-03-02T10:00:00Z',
      payload: {},
    };
    const args = ['explain', '--policy', points, '--event', JSON.stringify(event)];
    const used = await run(args);
    expect(used.code).toBe(0);
    expect(used.out).toMatch(/review-points — fired/);
    expect(used.out).not.toMatch(/acknowledge|never-silent/);
    const forced = await run([...args, '--plugins', 'replies']);
    expect(forced.out).toMatch(/reply\/acknowledge/);
  });

  it('rejects a malformed --event by code', async () => {
    const { code, err } = await run(['explain', '--policy', policy, '--event', '{nope']);
    expect(code).toBe(1);
    expect(err).toContain('EVENT_INVALID');
  });

  it('explains what a community event set off: the item tally and the owner rewarded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engageloop-explain-'));
    const history = join(dir, 'history.ndjson');
    const shared = {
      id: 's1',
      type: 'post.shared',
      userId: 'u1',
      at: '2026-03-02T10:00:00Z',
      payload: { postId: 'p1' },
    };
    writeFileSync(history, `${JSON.stringify(shared)}\n`);
    const like = {
      id: 'l1',
      type: 'community.like',
      userId: 'u2',
      at: '2026-03-02T11:00:00Z',
      payload: { item: 'p1' },
    };
    const { code, out } = await run([
      'explain',
      '--policy',
      example('social-group-buying.json'),
      '--history',
      history,
      '--event',
      JSON.stringify(like),
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/2 derived events it set off/);
    expect(out).toMatch(/\(community\.item\.reacted\) for user item:p1: applied/);
    expect(out).toMatch(/\(community\.contribution\.reacted\) for user u1: applied/);
    expect(out).toMatch(/like-earns-points — fired/);
  });
});
