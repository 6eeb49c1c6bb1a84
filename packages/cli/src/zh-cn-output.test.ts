/**
 * Under `--lang zh-CN` every command speaks Chinese, on good input and on bad: a broken policy, a stream
 * with every kind of invalid line, a malformed `--event`, unknown options. What may stay as it is: codes
 * (`POLICY_SCHEMA_INVALID`), names and values in quotes, ids, paths, options, JSON. A run of three or more
 * English words left after those is a message someone forgot to translate.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, fixture, run } from './__fixtures__/harness';
import { generateEvents } from './generate/generate';

const dir = mkdtempSync(join(tmpdir(), 'engageloop-zh-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const good = [...generateEvents({ profile: 'ecommerce', users: 12, days: 6, seed: 5, needs: true })];
const goodEvents = write('good.ndjson', good.map((e) => JSON.stringify(e)).join('\n'));
const at = '2026-03-03T09:00:00Z';
const badLines = [
  JSON.stringify(good[0]),
  'not json at all',
  '{"id":"b1","type":"review.submitted","userId":"u1"',
  JSON.stringify({ id: 'b2', type: 'review.submitted', userId: 'u1' }),
  JSON.stringify({ id: 'b3', type: 'Review!', userId: 'u1', at, extra: 1 }),
  JSON.stringify({ id: 'b4', type: 'profile.updated', userId: 'u1', at, payload: { timezone: 5 } }),
  JSON.stringify({ id: 'b5', type: 'review.submitted', userId: 'u1', at: '2026-02-30T09:00:00Z' }),
  JSON.stringify({ id: 'b6', type: 'review.submitted', userId: 'u1', at, payload: 'text' }),
  JSON.stringify({ id: 'b7', type: 'need.captured', userId: 'u1', at, payload: { kind: 'idea' } }),
  `{"id":"b8","type":"review.submitted","userId":"u1","at":"${at}","payload":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
  JSON.stringify({
    id: 'b9',
    type: 'review.submitted',
    userId: 'u1',
    at,
    payload: { text: 'x'.repeat(70_000) },
  }),
  '[1, 2, 3]',
];
const badEvents = write('bad.ndjson', badLines.join('\n'));
/** Twelve reviews on one morning: the next one's awards are held back by the daily cap. */
const cappedHistory = write(
  'capped.ndjson',
  Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({
      id: `h${i}`,
      type: 'review.submitted',
      userId: 'u1',
      at: `2026-03-03T08:${String(i).padStart(2, '0')}:00Z`,
      payload: { rating: 5, media: 'photo', text: '好' },
    }),
  ).join('\n'),
);
const brokenJson = write('broken.json', '{\n  "version": 1,\n  "rules": [\n');
const emptyFolder = mkdtempSync(join(dir, 'empty-'));
const policy = example('ecommerce-reviews.json');
const reviewEvent = JSON.stringify({
  id: 'x1',
  type: 'review.submitted',
  userId: 'u1',
  at,
  payload: { rating: 5, media: 'photo', text: '很好用' },
});

/** Runs of English words left once what may stay English is taken out. */
function englishIn(text: string): string[] {
  const cleaned = text
    .replace(/ENOENT[^\n]*/g, '') // the system's own words, quoted after ours
    .replace(/https?:\/\/\S+/g, '')
    .replace(/"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|「[^」\n]*」/g, '') // names and values as written
    .replace(/\{[^\n]*\}|\[[^\n\]]*\]/g, '') // JSON
    .replace(/(?:\/[\w.@+-]+)+\/?/g, '') // paths
    .replace(/--[\w-]+/g, '') // options
    .replace(/\bengageloop(?: [a-z-]+)?/g, '') // the command line itself
    .replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, '') // codes
    .replace(/\b\w+(?:[.:#-]\w+)+\b/g, ''); // ids: review.submitted, tier:changed, first-review
  return cleaned.match(/\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){1,}\b/g) ?? [];
}

const zh = async (...argv: string[]) => {
  const { code, out, err } = await run([...argv, '--lang', 'zh-CN']);
  return { code, text: `${out}\n${err}` };
};

describe('zh-CN output of every command', { timeout: 120_000 }, () => {
  it.each([
    [
      'validate: schema, reference and JSON errors',
      ['validate', fixture('typos.json'), fixture('wrong-params.json')],
    ],
    [
      'validate: misspelt names, broken JSON, an empty folder',
      ['validate', fixture('typos-names.json'), brokenJson, emptyFolder],
    ],
    [
      'validate: the examples',
      ['validate', example('ecommerce-reviews.json'), example('learning-partners.json')],
    ],
    [
      'simulate: every kind of invalid line, skipped',
      ['simulate', '--policy', policy, '--events', badEvents, '--skip-invalid'],
    ],
    ['simulate: stopping at the first invalid line', ['simulate', '--policy', policy, '--events', badEvents]],
    ['simulate: a good stream', ['simulate', '--policy', policy, '--events', goodEvents]],
    [
      'simulate: an unknown plugin',
      ['simulate', '--policy', policy, '--events', goodEvents, '--plugins', 'foo'],
    ],
    ['explain: a traced event with plugin notes', ['explain', '--policy', policy, '--event', reviewEvent]],
    [
      'explain: effects a cap held back, with their reasons',
      ['explain', '--policy', policy, '--event', reviewEvent, '--history', cappedHistory],
    ],
    ['explain: a malformed --event', ['explain', '--policy', policy, '--event', '{"id": "x1",']],
    [
      'explain: a bad --history line',
      ['explain', '--policy', policy, '--event', reviewEvent, '--history', badEvents],
    ],
    ['diff: two policies', ['diff', policy, example('community-mutual-help.json'), '--events', goodEvents]],
    [
      'generate-events: an unknown profile',
      ['generate-events', '--profile', 'shop', '--users', '2', '--days', '1'],
    ],
    [
      'generate-events: a bad --users',
      ['generate-events', '--profile', 'ecommerce', '--users', '0', '--days', '1'],
    ],
    ['demo: no example policies', ['demo', '--examples', join(dir, 'nowhere')]],
    ['an unknown command', ['simulat']],
    ['bad arguments', ['simulate', '--polcy', policy]],
  ])('%s', async (_, argv) => {
    const { text } = await zh(...argv);
    expect(text).toMatch(/\p{Script=Han}/u);
    expect(englishIn(text)).toEqual([]);
  });

  it('every command’s help', async () => {
    for (const command of [
      'validate',
      'schema',
      'explain',
      'simulate',
      'diff',
      'report',
      'generate-events',
      'demo',
    ]) {
      const { text } = await zh(command, '--help');
      expect(englishIn(text), command).toEqual([]);
    }
  });

  it('takes --lang anywhere, before the command too', async () => {
    const help = await run(['--lang', 'zh-CN', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^用法：engageloop <命令>/);
    const checked = await run(['--lang=zh-CN', 'validate', example('ecommerce-reviews.json')]);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain('校验通过');
  });

  it('the checker sees English that was left: a sentence, a phrase after a Chinese lead', () => {
    expect(englishIn('第 3 行：EVENT_INVALID The event is not valid.')).toEqual(['The event is not valid']);
    expect(englishIn('无法读取策略文件或文件夹。（The policy could not be read）')).toHaveLength(1);
    expect(englishIn('规则 "a"：未知的事件类型 "x.y" —— review.submitted 1,200 个事件 · ETA')).toEqual([]);
  });
});
