import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir } from './examples';
import { formatSummary } from './format-summary';
import { numbered } from './ndjson';
import { firstPartyPlugins } from './plugins';
import { runSimulation } from './simulation';

const policy = readFileSync(join(examplesDir(undefined), 'social-group-buying.json'), 'utf8');
const event = (id: string, type: string, userId: string, at: string, payload: Record<string, unknown>) => ({
  id,
  type,
  userId,
  at,
  payload,
});
/** `rows` of a printed section: the lines after its title, up to the blank line. */
const section = (text: string, title: string): string[] => {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`no section "${title}"`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
};

describe('simulate: derived events count', { timeout: 60_000 }, () => {
  it("shows a contest winner's rule in Rules fired and its message in Messages by topic", async () => {
    // alice's post is liked in January; the monthly contest ends at February's start (a timer on the contest),
    // which derives community.contest.won for alice: the rule "monthly-top-posts-gift" fires on it.
    const input = [
      event('e1', 'post.shared', 'alice', '2026-01-10T09:00:00Z', { postId: 'p1' }),
      event('e2', 'community.like', 'bob', '2026-01-11T09:00:00Z', { item: 'p1' }),
      event('e3', 'community.like', 'carol', '2026-01-12T09:00:00Z', { item: 'p1' }),
    ];
    const result = await runSimulation({
      policy,
      plugins: firstPartyPlugins(),
      input: numbered(input),
      to: Date.parse('2026-02-03T00:00:00Z'),
    });
    expect(result.ok).toBe(true);
    const s = result.summary;
    expect(s.rules['monthly-top-posts-gift']).toBe(1);
    expect(s.messages.byTopic['monthly-top-post']).toBe(1);
    expect(s.rewards.byWallet.gifts).toEqual({ grants: 1, amount: 1 });
    // Derived events are not input events: applied counts the three lines; entities are not users.
    expect(s.events.applied).toBe(3);
    expect(s.events.byType['community.contest.won']).toBe(1);
    expect(s.events.users).toBe(3);
    const text = formatSummary(s);
    expect(section(text, 'Rules fired').join('\n')).toMatch(/monthly-top-posts-gift\s+1/);
    expect(section(text, 'Messages by topic').join('\n')).toMatch(/monthly-top-post\s+1/);
  });
});
