import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHANNEL_FORMATS,
  channelFormat,
  createEngine,
  createManualClock,
  createRegistry,
  loadPolicy,
  type OutboxEntry,
  type Policy,
} from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstPartyPlugins } from '../../packages/cli/src/plugins';
import { CONTROL_CHARS, HOSTILE_SAMPLES, hostileText } from './hostile-values';

// Issue 19 item 1, end to end: whatever the plugin (replies, lifecycle care, needs notices and escalations),
// a message's user text is escaped for the message's own channel.
const examples = fileURLToPath(new URL('../../docs/examples/', import.meta.url));
const registry = createRegistry(firstPartyPlugins());
const POLICIES = new Map(
  readdirSync(examples)
    .filter((f) => f.endsWith('.json'))
    .map((file) => [file, loadPolicy(readFileSync(join(examples, file), 'utf8'), { registry, file })]),
);
/** Mostly the known attacks, sometimes arbitrary hostile text. */
const attack = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SAMPLES) },
  { weight: 1, arbitrary: hostileText },
);

const T0 = Date.parse('2026-03-02T02:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

/** What a user controls, through every event the example policies answer with a message. */
function journey(name: string, channel: string, text: string) {
  const e = (n: number, type: string, payload: Record<string, unknown>, userId = 'u1') => ({
    id: `e${n}`,
    type,
    userId,
    at: at(n),
    payload,
  });
  return [
    e(1, 'profile.updated', { name: name.slice(0, 200), channel }),
    e(2, 'user.signedUp', {}),
    e(3, 'feedback.submitted', { text: text.slice(0, 2_000) }),
    e(4, 'proposal.submitted', { title: name.slice(0, 200), text: text.slice(0, 2_000), needId: 'p1' }),
    e(5, 'proposal.declined', { title: name.slice(0, 200), reason: text.slice(0, 500), needId: 'p1' }),
    e(6, 'order.paid', { orderId: name.slice(0, 100) || 'o1', amount: 10 }),
    e(7, 'need.captured', { kind: 'suggestion', text: text.slice(0, 10_000) || 'x', channel }),
    e(8, 'need.status', { needId: 'e7', to: 'acknowledged' }, 'staff'),
    e(9, 'need.status', { needId: 'e7', to: 'adopted' }, 'staff'),
    e(10, 'need.captured', { kind: 'complaint', text: text.slice(0, 10_000) || 'x', urgency: 'urgent' }),
  ];
}

function checkMessage(m: OutboxEntry, formats: Record<string, 'html' | 'text'> | undefined): void {
  for (const text of [m.body, m.subject ?? '']) {
    expect(text).not.toMatch(/\{\{|\$\{|\{%/);
    expect(text.match(CONTROL_CHARS)).toBeNull();
    if (channelFormat(m.channel, formats) === 'html') expect(text).not.toMatch(/<[A-Za-z/!?]|["'`]>/);
    else expect(text).not.toMatch(/&lt;script|&lt;img|&quot;|&#123;|&#39;/); // shown as typed
  }
}

describe('outbox messages of every plugin carry user text escaped for their channel (property)', () => {
  it('replies, care messages, need notices and escalations, on every channel', async () => {
    let messages = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...POLICIES.keys()),
        fc.constantFrom(...Object.keys(CHANNEL_FORMATS), 'kiosk'),
        attack,
        attack,
        async (file, channel, name, text) => {
          const policy = POLICIES.get(file) as Policy;
          const engine = createEngine({ registry, policy, clock: createManualClock(at(0)) });
          for (const event of journey(name, channel, text)) {
            await engine.dispatch(event).catch((error: { code?: string }) => {
              // a journey event the policy does not declare, or a field too long for its schema
              expect(['EVENT_PAYLOAD_INVALID', 'EVENT_INVALID']).toContain(error.code);
            });
          }
          await engine.tick(at(24 * 60));
          const outbox = await engine.store.listMessages();
          messages += outbox.length;
          for (const m of outbox) checkMessage(m, policy.defaults.channels);
        },
      ),
      { numRuns: 60 },
    );
    expect(messages).toBeGreaterThan(60);
  });

  it('follows the policy’s defaults.channels over the built-in table', async () => {
    const text = readFileSync(join(examples, 'lifecycle-care.json'), 'utf8');
    const doc = {
      ...JSON.parse(text),
      defaults: { timezone: 'Asia/Shanghai', locale: 'en', channels: { email: 'text', sms: 'html' } },
    };
    const bodies: Record<string, string | undefined> = {};
    for (const channel of ['email', 'sms']) {
      const engine = createEngine({ registry, policy: doc, clock: createManualClock(at(0)) });
      for (const event of journey('<b>Li</b>', channel, 'x').slice(0, 2)) await engine.dispatch(event);
      bodies[channel] = (await engine.store.listMessages({ kind: 'care' }))[0]?.body;
    }
    expect(bodies.email).toContain('<b>Li</b>');
    expect(bodies.sms).toContain('&lt;b&gt;Li&lt;/b&gt;');
  });
});
