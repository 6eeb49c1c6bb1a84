import { createRegistry, validateEvent } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { run } from '../__fixtures__/harness';
import { firstPartyPlugins } from '../plugins';
import { generateEvents } from './generate';
import { STAFF_USER_ID } from './needs';
import { PROFILES } from './profiles';

describe('generate-events', { timeout: 30_000 }, () => {
  it('is deterministic per seed and differs between seeds', async () => {
    const args = ['generate-events', '--profile', 'community', '--users', '20', '--days', '10'];
    const a = await run([...args, '--seed', '5']);
    const b = await run([...args, '--seed', '5']);
    const c = await run([...args, '--seed', '6']);
    expect(a.code).toBe(0);
    expect(a.out.length).toBeGreaterThan(0);
    expect(a.out).toBe(b.out);
    expect(c.out).not.toBe(a.out);
  });

  it.each(PROFILES)('every %s line validates as an event, in time order', (profile) => {
    const registry = createRegistry(firstPartyPlugins());
    let previous = '';
    let count = 0;
    for (const event of generateEvents({ profile, users: 15, days: 14, seed: 3 })) {
      const parsed = JSON.parse(JSON.stringify(event)) as unknown;
      expect(() => validateEvent(parsed, registry)).not.toThrow();
      expect(event.at >= previous).toBe(true);
      previous = event.at;
      count++;
    }
    expect(count).toBeGreaterThan(50);
  });

  it('has angry feedback in both languages, inactivity gaps and duplicate ids', () => {
    const events = [...generateEvents({ profile: 'learning', users: 80, days: 30, seed: 11 })];
    const angry = events.filter(
      (e) => e.type === 'feedback.submitted' && (e.payload?.sentiment as number) < -0.5,
    );
    expect(angry.some((e) => e.payload?.locale === 'zh-CN')).toBe(true);
    expect(angry.some((e) => e.payload?.locale === 'en')).toBe(true);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    const days = new Map<string, Set<string>>();
    for (const e of events)
      days.set(e.userId ?? '', (days.get(e.userId ?? '') ?? new Set()).add(e.at.slice(0, 10)));
    const gaps = [...days.values()].filter((d) => {
      const sorted = [...d].sort().map((x) => Date.parse(x));
      return sorted.some((t, i) => i > 0 && t - (sorted[i - 1] as number) >= 8 * 86_400_000);
    });
    expect(gaps.length).toBeGreaterThan(0);
  });

  it.each(PROFILES)(
    'with needs, %s submissions are captured, acknowledged by staff, then decided',
    (profile) => {
      const registry = createRegistry(firstPartyPlugins());
      const events = [...generateEvents({ profile, users: 40, days: 21, seed: 5, needs: true })];
      const index = new Map<string, number>();
      events.forEach((e, i) => {
        if (!index.has(e.id)) index.set(e.id, i);
      });
      const captured = events.filter((e) => e.type === 'need.captured');
      expect(captured.length).toBeGreaterThan(0);
      for (const event of events) expect(() => validateEvent(event, registry)).not.toThrow();
      // Replayed deliveries (same id) are part of the stream; count each status event once.
      const statuses = [
        ...new Map(events.filter((e) => e.type === 'need.status').map((e) => [e.id, e])).values(),
      ];
      for (const need of captured) {
        const needId = need.payload?.needId;
        const at = index.get(need.id) as number;
        const submission = events[at - 1];
        expect(submission?.payload?.needId).toBe(needId);
        expect(submission?.at).toBe(need.at);
        const moves = statuses.filter((s) => s.payload?.needId === needId);
        expect(moves[0]?.payload?.to).toBe('acknowledged');
        expect(moves.every((s) => s.userId === STAFF_USER_ID && s.at >= need.at)).toBe(true);
        expect(moves.slice(1).every((s) => ['adopted', 'declined'].includes(s.payload?.to as string))).toBe(
          true,
        );
      }
      const plain = [...generateEvents({ profile, users: 40, days: 21, seed: 5 })];
      expect(plain.some((e) => e.type.startsWith('need.'))).toBe(false);
    },
  );

  it('rejects an unknown profile by code', async () => {
    const { code, err } = await run([
      'generate-events',
      '--profile',
      'banking',
      '--users',
      '2',
      '--days',
      '2',
    ]);
    expect(code).toBe(1);
    expect(err).toContain('PLUGIN_OPTIONS_INVALID');
  });
});
