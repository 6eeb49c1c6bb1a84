import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type LoopEvent,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { needKey } from '../need-doc';
import { needs } from '../plugin';
import type { NeedDoc } from '../types';

export const T0 = '2026-03-02T09:00:00Z';
export const HOUR = 3_600_000;

const examplePath = fileURLToPath(new URL('../../../../docs/examples/feedback-loop.json', import.meta.url));

/** The example policy document, optionally with `settings.needs` parts replaced. */
export function exampleDoc(needsSettings: Record<string, unknown> = {}): PolicyDocument {
  const doc = JSON.parse(readFileSync(examplePath, 'utf8')) as PolicyDocument & {
    settings: { needs: Record<string, unknown> };
  };
  doc.settings.needs = { ...doc.settings.needs, ...needsSettings };
  return doc;
}

/** An engine running the example policy on a memory store and a manual clock. */
export function setup(needsSettings: Record<string, unknown> = {}, rules = true) {
  const clock = createManualClock(T0);
  const store = createMemoryStore();
  const doc = exampleDoc(needsSettings);
  if (!rules) doc.rules = [];
  const plugins = [needs()];
  const engine = createEngine({ plugins, policy: loadPolicy(doc, { plugins }), store, clock, trace: true });
  let n = 0;
  const at = () => new Date(clock.now()).toISOString();
  return {
    engine,
    store,
    clock,
    capture: (userId: string, payload: Record<string, unknown>, id = `c${++n}`) =>
      engine.dispatch({ id, type: 'need.captured', userId, at: at(), payload } satisfies LoopEvent),
    status: (staff: string, payload: Record<string, unknown>, id = `s${++n}`) =>
      engine.dispatch({ id, type: 'need.status', userId: staff, at: at(), payload } satisfies LoopEvent),
    need: async (id: string) => (await store.getDocument(needKey(id))) as NeedDoc | undefined,
    notices: async () =>
      (await store.listMessages({ kind: 'notice' })).map((m) => `${m.topic}→${m.userId}`).sort(),
  };
}
