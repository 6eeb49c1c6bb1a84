import { readFileSync } from 'node:fs';
import { community } from '@engageloop/community';
import type { Plugin, PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';
import { checkPolicy, defineInvariant, undoEqualsAbsence } from '@engageloop/testing';
import { it } from 'vitest';
import { COMMUNITY_INVARIANTS, communityJourney } from './programmes/support/community-journeys';

const factories: Record<string, () => Plugin> = { community, incentives, needs, replies } as never;
for (const file of (process.env.FILES ?? 'practice-tasks').split(',')) {
  it(file, async () => {
    let pairs = 0;
    let undos = 0;
    const counting = defineInvariant('count', (run) => {
      if (run.absence) pairs++;
      if (run.signals.some((x) => x.name === 'undo:applied')) undos++;
      return undoEqualsAbsence(run);
    });
    const doc = JSON.parse(readFileSync(`docs/examples/${file}.json`, 'utf8')) as PolicyDocument;
    const plugins = Object.keys(doc.settings ?? {}).flatMap((n) => factories[n]?.() ?? []);
    const r = await checkPolicy(doc, { plugins, runs: Number(process.env.RUNS ?? 200), seed: Number(process.env.SEED ?? 20260301), journey: doc.settings?.community ? communityJourney(doc, plugins, { maxUsers: 2, maxSteps: 12 }) : { maxUsers: 2, maxSteps: 12 }, invariants: process.env.ALL ? [...COMMUNITY_INVARIANTS, counting] : [counting] });
    console.log(r.report, 'pairs', pairs, 'runs with undo:applied', undos);
  }, 600_000);
}
