import { readFileSync } from 'node:fs';
import { createRegistry, type LoopEvent, loadPolicy, validateEvent } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { example, run } from '../__fixtures__/harness';
import { firstPartyPlugins, pluginsForPolicy } from '../plugins';
import { runSimulation } from '../simulation';
import { generateEvents } from './generate';
import { PROFILE_EVENT_TYPES, PROFILES } from './profiles';

const streamOf = (name: string, seed = 4) => {
  const document = JSON.parse(readFileSync(example(name), 'utf8'));
  const plugins = pluginsForPolicy(document, firstPartyPlugins());
  const policy = loadPolicy(document, { plugins });
  const events = [...generateEvents({ policy: { policy, plugins }, users: 40, days: 40, seed })];
  return { policy, plugins, events };
};
const types = (events: readonly LoopEvent[]) => new Set(events.map((e) => e.type));

describe('generate-events --policy', { timeout: 60_000 }, () => {
  it.each([
    [
      'social-group-buying.json',
      ['post.shared', 'community.like', 'community.unlike', 'community.group.create', 'community.group.join'],
    ],
    [
      'co-creation-proposals.json',
      ['proposal.submitted', 'proposal.voting-opened', 'community.vote', 'community.review'],
    ],
    [
      'learning-partners-groups.json',
      ['checkin.done', 'review.weekly', 'help.answered', 'community.group.join'],
    ],
    ['practice-tasks.json', ['task.submitted', 'task.reviewed', 'task.peer-reviewed', 'action.undone']],
  ])('%s: sends what its rules listen on, every event valid, in time order', (name, expected) => {
    const { plugins, events } = streamOf(name);
    expect([...types(events)]).toEqual(expect.arrayContaining(expected));
    const registry = createRegistry(plugins);
    let previous = '';
    for (const event of events) {
      expect(() => validateEvent(JSON.parse(JSON.stringify(event)), registry)).not.toThrow();
      expect(event.at >= previous).toBe(true);
      previous = event.at;
    }
  });

  it('a like or vote names an item created on an earlier day; an undo names an earlier event of its user', () => {
    for (const name of ['social-group-buying.json', 'co-creation-proposals.json', 'practice-tasks.json']) {
      const { events } = streamOf(name);
      const created = new Map<string, string>();
      const seen = new Map<string, string>();
      for (const e of events) {
        const p = e.payload ?? {};
        for (const key of ['postId', 'proposalId']) if (typeof p[key] === 'string') created.set(p[key], e.at);
        if (e.type === 'community.like' || e.type === 'community.vote')
          expect((created.get(p.item as string) ?? '9').slice(0, 10) < e.at.slice(0, 10), e.id).toBe(true);
        if (e.type === 'action.undone') expect(seen.get(p.eventId as string)).toBe(e.userId);
        seen.set(e.id, e.userId ?? '');
      }
    }
  });

  it('runs the programme: contests close with winners, items move along their track, group buys complete', async () => {
    const outcomes = async (name: string) => {
      const { policy, plugins, events } = streamOf(name);
      const { summary } = await runSimulation({
        policy,
        plugins,
        input: events.map((value, i) => ({ line: i + 1, value })),
      });
      return summary;
    };
    const social = await outcomes('social-group-buying.json');
    expect(social.events.failed).toBe(0);
    expect(social.community.contests['monthly-likes']?.[0]?.winners.length).toBe(10);
    expect(social.community.goals['buy completed']).toBeGreaterThan(0);
    expect(social.rules['like-earns-points']).toBeGreaterThan(0);
    const proposals = await outcomes('co-creation-proposals.json');
    expect(proposals.community.stages['proposal/voting']).toBeGreaterThan(0);
    expect(proposals.community.stages['proposal/review']).toBeGreaterThan(0);
    expect((proposals.rules.adopt ?? 0) + (proposals.rules.decline ?? 0)).toBeGreaterThan(0);
  });

  it('is deterministic per seed, and leaves the types a profile sends to the profile', async () => {
    const args = [
      'generate-events',
      '--policy',
      example('social-group-buying.json'),
      '--users',
      '15',
      '--days',
      '10',
    ];
    const a = await run([...args, '--seed', '2']);
    const b = await run([...args, '--seed', '2']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).toContain('"community.like"');
    for (const profile of PROFILES) {
      const sent = types([...generateEvents({ profile, users: 30, days: 20, seed: 1 })]);
      const declared = new Set([
        ...PROFILE_EVENT_TYPES[profile],
        'profile.updated',
        'user.signedUp',
        'app.opened',
        'feedback.submitted',
      ]);
      expect(
        [...sent].filter((t) => !declared.has(t)),
        profile,
      ).toEqual([]);
    }
  });
});
