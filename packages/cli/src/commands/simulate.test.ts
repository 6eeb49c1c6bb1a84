import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, run } from '../__fixtures__/harness';
import { generateEvents } from '../generate/generate';
import type { SimulationSummary } from '../summary';

const dir = mkdtempSync(join(tmpdir(), 'engageloop-cli-'));
const events = [...generateEvents({ profile: 'learning', users: 25, days: 21, seed: 4 })];
const eventsFile = join(dir, 'events.ndjson');
writeFileSync(eventsFile, events.map((e) => JSON.stringify(e)).join('\n'));
const policy = example('learning-partners.json');

// Whole simulations: generous timeout for loaded CI machines (no timing is asserted).
describe('engageloop simulate', { timeout: 60_000 }, () => {
  it('produces consistent counts on generated events', async () => {
    const out = join(dir, 'outcomes.ndjson');
    const { code, out: text } = await run([
      'simulate',
      '--policy',
      policy,
      '--events',
      eventsFile,
      '--json',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const s = JSON.parse(text) as SimulationSummary;
    expect(s.events.lines).toBe(events.length);
    expect(s.events.dispatched).toBe(events.length);
    expect(s.events.applied + s.events.duplicate + s.events.failed).toBe(s.events.dispatched);
    expect(s.events.duplicate).toBe(events.length - new Set(events.map((e) => e.id)).size);
    expect(s.events.users).toBe(new Set(events.map((e) => e.userId)).size);
    const byDay = Object.values(s.points.byDay).reduce((a, b) => a + b, 0);
    expect(byDay).toBe(s.points.issued);
    expect(s.rewards.byWallet.points?.amount).toBe(s.points.issued);
    expect(s.points.issued).toBeGreaterThan(0);
    expect(s.points.requested).toBeGreaterThanOrEqual(s.points.issued);
    const tiers = Object.values(s.tiers.distribution).reduce((a, b) => a + b, 0);
    expect(tiers).toBe(s.events.users);
    const outcomes = readFileSync(out, 'utf8').trim().split('\n');
    expect(outcomes.length).toBe(s.events.dispatched + s.events.timersFired);
  });

  it('prints a readable table', async () => {
    const { out } = await run(['simulate', '--policy', policy, '--events', eventsFile]);
    expect(out).toContain('Points issued vs caps');
    expect(out).toContain('Loop closure');
  });

  it('stops at a bad line with its number; --skip-invalid continues', async () => {
    const bad = join(dir, 'bad.ndjson');
    const lines = events.slice(0, 30).map((e) => JSON.stringify(e));
    lines.splice(4, 0, '{"id": "x", oops');
    lines.splice(9, 0, JSON.stringify({ id: 'y', type: 'checkin.done', userId: 'u1', at: 'yesterday' }));
    writeFileSync(bad, lines.join('\n'));
    const stopped = await run(['simulate', '--policy', policy, '--events', bad]);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(/line 5: EVENT_INVALID/);
    const skipped = await run(['simulate', '--policy', policy, '--events', bad, '--skip-invalid', '--json']);
    expect(skipped.code).toBe(0);
    expect(skipped.err).toMatch(/line 5: /);
    expect(skipped.err).toMatch(/line 10: EVENT_INVALID/);
    const s = JSON.parse(skipped.out) as SimulationSummary;
    expect(s.events.invalid).toBe(2);
    expect(s.events.dispatched).toBe(30);
  });

  it('keeps only events inside --from/--to', async () => {
    const { out } = await run([
      'simulate',
      '--policy',
      policy,
      '--events',
      eventsFile,
      '--json',
      '--from',
      '2026-03-05T00:00:00Z',
      '--to',
      '2026-03-10T00:00:00Z',
    ]);
    const s = JSON.parse(out) as SimulationSummary;
    const inside = events.filter(
      (e) => e.at >= '2026-03-05T00:00:00Z' && e.at < '2026-03-10T00:00:00Z',
    ).length;
    expect(s.events.dispatched).toBe(inside);
    expect(s.events.outOfRange).toBe(events.length - inside);
  });
});
