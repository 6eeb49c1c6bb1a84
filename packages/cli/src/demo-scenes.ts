import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngageLoopError } from '@engageloop/core';
import type { ProfileName } from './generate/profiles';
import { inBoth } from './i18n';

/** One scene of the demo: a generated population and the example policy it runs. */
export interface DemoScene {
  profile: ProfileName;
  files: readonly string[];
  title: { en: string; 'zh-CN': string };
}

/** The scenes `engageloop demo` runs, each with the lifecycle care policy alongside. */
export const DEMO_SCENES: readonly DemoScene[] = [
  {
    profile: 'learning',
    files: ['learning-partners.json', 'lifecycle-care.json'],
    title: { en: 'Knowledge learning · learning partners', 'zh-CN': '知识学习 · 学习伙伴计划' },
  },
  {
    profile: 'community',
    files: ['community-mutual-help.json', 'lifecycle-care.json'],
    title: { en: 'Community · mutual help and proposals', 'zh-CN': '社区 · 邻里互助与共创提案' },
  },
  {
    profile: 'ecommerce',
    files: ['ecommerce-reviews.json', 'lifecycle-care.json'],
    title: { en: 'E-commerce · real review loop and co-creation', 'zh-CN': '电商 · 真实评价生态与共创' },
  },
];

type Doc = Record<string, unknown>;

/**
 * The feedback-loop part every demo scene runs (the demo stream carries need items, see `withNeeds`):
 * first-response and resolution deadlines per kind, and a declined need is closed once the user was
 * told. The user's reply comes from the replies plugin on the submission itself, so no rule here sends
 * one (one answer per need).
 */
export const DEMO_NEEDS_POLICY: Doc = {
  version: 1,
  name: 'demo-needs',
  settings: {
    needs: {
      sla: [
        { urgencies: ['urgent'], acknowledgeWithin: '2h', resolveWithin: '2d' },
        { kinds: ['complaint', 'bug'], acknowledgeWithin: '8h', resolveWithin: '5d' },
        { acknowledgeWithin: '24h', resolveWithin: '30d' },
      ],
    },
  },
  rules: [
    {
      id: 'demo-close-after-decline',
      stage: 'value',
      on: 'need.status',
      description: { 'zh-CN': '婉拒并告知后关闭闭环', en: 'Close the loop once a decline was told' },
      conditions: {
        all: [{ fact: 'signals', path: '$.need:status-changed.to', operator: 'equal', value: 'declined' }],
      },
      effects: [{ type: 'needs.setStatus', params: { to: 'closed', reason: 'declined and told' } }],
    },
  ],
};
const obj = (v: unknown): Doc => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : {});

/**
 * Merges several policy documents into one (event types, settings, conditions and experiments by
 * key; rules concatenated in order; defaults and `$schema` from the first). Keys are copied onto
 * null-prototype objects, so `__proto__` in a file stays data.
 */
export function mergeDocuments(docs: readonly Doc[]): Doc {
  const merged = (key: string): Doc => {
    const out = Object.create(null) as Doc;
    for (const d of docs) for (const [k, v] of Object.entries(obj(d[key]))) out[k] = v;
    return { ...out };
  };
  const first = docs[0] ?? {};
  return {
    version: 1,
    name: docs.map((d) => (typeof d.name === 'string' ? d.name : '?')).join(' + '),
    ...(first.defaults ? { defaults: first.defaults } : {}),
    eventTypes: merged('eventTypes'),
    settings: merged('settings'),
    conditions: merged('conditions'),
    experiments: merged('experiments'),
    rules: docs.flatMap((d) => (Array.isArray(d.rules) ? d.rules : [])),
  };
}

/** An example file's text; `POLICY_READ_FAILED` (not a raw `ENOENT`) when it cannot be read. */
async function readExample(dir: string, file: string): Promise<string> {
  const path = join(dir, file);
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new EngageLoopError('POLICY_READ_FAILED', {
      message: inBoth((m) => m.exampleUnreadable(path)),
      hint: inBoth((m) => m.examplesHint),
      file: path,
      cause,
    });
  }
}

/** Reads a scene's policy files from the examples folder and merges them, with `DEMO_NEEDS_POLICY`. */
export async function scenePolicy(scene: DemoScene, dir: string): Promise<Doc> {
  // One file after another, so a missing folder is always reported by the scene's first file.
  const docs: Doc[] = [];
  for (const f of scene.files) docs.push(obj(JSON.parse(await readExample(dir, f))));
  return mergeDocuments([...docs, DEMO_NEEDS_POLICY]);
}
