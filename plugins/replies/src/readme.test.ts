import { readFileSync } from 'node:fs';
import { createEngine, createManualClock, createMemoryStore, type PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { replies } from './plugin';

/** The README's example without its import lines, whitespace folded. */
function readmeExample(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('README example', () => {
  it('is this test, verbatim', () => {
    const source = readFileSync(new URL(import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readmeExample().length).toBeGreaterThan(200);
    expect(source).toContain(readmeExample());
  });

  it('runs: the complaint gets empathy, the question the acknowledgement', async () => {
    const policy: PolicyDocument = {
      version: 1,
      name: 'answers',
      defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
      rules: [
        {
          id: 'empathise-angry',
          stage: 'value',
          on: 'feedback.submitted',
          conditions: {
            all: [{ fact: 'replies.sentiment', path: '$.label', operator: 'equal', value: 'negative' }],
          },
          effects: [{ type: 'replies.send', params: { situation: 'empathise-and-guide' } }],
        },
      ],
    };
    const engine = createEngine({
      plugins: [replies()],
      policy,
      store: createMemoryStore(),
      clock: createManualClock('2026-03-02T10:00:00Z'),
    });
    const at = '2026-03-02T10:00:00Z';
    await engine.dispatch({
      id: 'f1',
      type: 'feedback.submitted',
      userId: 'u1',
      at,
      payload: { text: 'This course is terrible' },
    });
    await engine.dispatch({
      id: 'f2',
      type: 'feedback.submitted',
      userId: 'u1',
      at,
      payload: { text: 'Where is lesson 3?' },
    });
    const sent: string[] = [];
    await engine.drain((message) => {
      sent.push(`${message.topic}: ${message.body}`); // your SMS / e-mail / in-app sender
    });
    // sent[0]: 'empathise-and-guide: Thank you for telling us honestly, friend. We understand you expected more, …'
    // sent[1]: 'acknowledge: Hi there, we have received your feedback. We will look into it and get back to you soon.'
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(
      /^empathise-and-guide: Thank you for telling us honestly, friend\. We understand you expected more, /,
    );
    expect(sent[1]).toBe(
      'acknowledge: Hi there, we have received your feedback. We will look into it and get back to you soon.',
    );
  });
});
