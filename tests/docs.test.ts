import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compiledEvaluator,
  corePlugin,
  createEngine,
  createMemoryStore,
  definePlugin,
  ERROR_CATALOGUE,
  type Evaluator,
  jsonRulesEngineEvaluator,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { firstPartyPlugins } from '../packages/cli/src/plugins';
import { renderReference } from './docs/render-reference';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every markdown file under `dir`, recursively. */
function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Link targets of `[text](target)` outside fenced code blocks, without `#anchor`. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const links: string[] = [];
  for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    const path = target.split('#')[0] ?? '';
    if (path !== '') links.push(decodeURIComponent(path));
  }
  return links;
}

describe('docs', () => {
  it('every error code in the catalogue has a page with en and zh-CN sections', () => {
    const missing: string[] = [];
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      const page = join(root, 'docs/errors', `${code}.md`);
      if (!existsSync(page)) {
        missing.push(`${code}: no page`);
        continue;
      }
      const text = readFileSync(page, 'utf8');
      if (!text.startsWith(`# ${code}\n`)) missing.push(`${code}: page does not start with its code`);
      if (!text.includes('\n## en\n') || !text.includes('\n## zh-CN\n'))
        missing.push(`${code}: en or zh-CN missing`);
    }
    expect(missing).toEqual([]);
  });

  it('the error index (docs/errors/README.md) has one row per code of the catalogue, and no other', () => {
    const index = readFileSync(join(root, 'docs/errors/README.md'), 'utf8');
    const rows = [...index.matchAll(/^\| \[([A-Z_]+)\]\(([A-Z_]+)\.md\) \|/gm)];
    expect(rows.filter((r) => r[1] !== r[2])).toEqual([]);
    expect(rows.map((r) => r[1]).sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });

  it('has no page for a code that is not in the catalogue', () => {
    const pages = readdirSync(join(root, 'docs/errors'))
      .filter((name) => /^[A-Z_]+\.md$/.test(name) && name !== 'README.md')
      .map((name) => name.slice(0, -3));
    expect(pages.filter((code) => !Object.hasOwn(ERROR_CATALOGUE, code))).toEqual([]);
  });

  it('every relative link in docs/ and README.md resolves', () => {
    const files = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];
    const broken: string[] = [];
    for (const file of files) {
      for (const link of relativeLinks(readFileSync(file, 'utf8'))) {
        if (!existsSync(join(dirname(file), link))) broken.push(`${relative(root, file)} → ${link}`);
      }
    }
    expect(files.length).toBeGreaterThan(30);
    expect(broken).toEqual([]);
  });

  it('guides exist in both languages with the same pages', () => {
    const en = readdirSync(join(root, 'docs/guide/en')).sort();
    const zh = readdirSync(join(root, 'docs/guide/zh-CN')).sort();
    expect(en.length).toBeGreaterThan(0);
    expect(zh).toEqual(en);
  });

  it('docs/reference/effects.md is generated from the installed plugins and up to date', () => {
    const path = join(root, 'docs/reference/effects.md');
    const expected = renderReference([corePlugin as never, ...firstPartyPlugins()]);
    if (process.env.UPDATE_REFERENCE === '1') writeFileSync(path, expected);
    expect(existsSync(path) ? readFileSync(path, 'utf8') : '').toBe(expected);
  });
});

/** A plugin whose effect emits the loop event `probe:flagged` with `{ tier }` (a signal later stages see). */
const probe = definePlugin({
  name: 'probe',
  version: '1.0.0',
  effects: {
    'probe.flag': {
      params: { type: 'object' },
      apply: (state, _params, ctx) => {
        ctx.emit('probe:flagged' as never, { tier: 'gold' } as never);
        return state;
      },
    },
  },
});

const signalPolicy: PolicyDocument = {
  version: 1,
  name: 'signals-pitfall',
  eventTypes: { 'probe.happened': {} },
  rules: [
    {
      id: 'flag',
      stage: 'action',
      on: 'probe.happened',
      conditions: { all: [{ fact: 'event', path: '$.payload.flag', operator: 'equal', value: true }] },
      effects: [{ type: 'probe.flag', params: {} }],
    },
    {
      id: 'naive-not-null',
      stage: 'value',
      on: 'probe.happened',
      conditions: {
        all: [{ fact: 'signals', path: '$.probe:flagged', operator: 'notEqual', value: null }],
      },
      effects: [],
    },
    {
      id: 'concrete-field',
      stage: 'value',
      on: 'probe.happened',
      conditions: {
        all: [{ fact: 'signals', path: '$.probe:flagged.tier', operator: 'in', value: ['gold', 'silver'] }],
      },
      effects: [],
    },
  ],
};

// docs/guide/*/conditions-and-facts.md documents this pitfall; the test keeps the page honest.
describe.each([
  ['compiled', compiledEvaluator],
  ['json-rules-engine', jsonRulesEngineEvaluator],
] as Array<[string, () => Evaluator]>)(
  'documented pitfall: signals notEqual null (%s evaluator)',
  (_name, evaluator) => {
    const fired = async (flag: boolean) => {
      const engine = createEngine({
        plugins: [probe],
        policy: signalPolicy,
        store: createMemoryStore(),
        evaluator: evaluator(),
      });
      const at = '2026-03-02T10:00:00Z';
      const out = await engine.dispatch({
        id: `e-${flag}`,
        type: 'probe.happened',
        userId: 'u1',
        at,
        payload: { flag },
      });
      await engine.close();
      return out.fired;
    };

    it('`notEqual null` is true when the signal is absent; a concrete field is not', async () => {
      expect(await fired(false)).toEqual(['naive-not-null']);
    });

    it('both match when the signal was emitted', async () => {
      expect(await fired(true)).toEqual(['flag', 'naive-not-null', 'concrete-field']);
    });
  },
);
