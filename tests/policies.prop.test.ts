import { readdirSync, readFileSync } from 'node:fs';
import { community } from '@engageloop/community';
import type { Plugin, PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';
import {
  capsHoldPerEvent,
  checkPolicy,
  distinctWithinKeys,
  noAwardOnUndo,
  oneAwardPerRule,
  undoEqualsAbsence,
  undoFindsAward,
  undoLeavesNothingUnearned,
} from '@engageloop/testing';
import { describe, expect, it } from 'vitest';
import { COMMUNITY_INVARIANTS, communityJourney } from './programmes/support/community-journeys';

// Every shipped example policy passes every applicable invariant over 1,000 generated journeys
// (1–2 users, ≤ 12 steps each: bursts, duplicates, retries, late delivery, undo, ticks), the
// policy-level ones included (caps across every rule paying for a capped event, one award per rule
// and wallet, no award on an undo, every undo reverses its award, a distinct counter never exceeds its
// distinct keys, an undo leaves nothing unearned, an undo right after its event leaves the state as if the
// event never happened) wherever the policy has what they check. An undo a plugin handles (replies'
// action.undone) is checked when that plugin reports undo:applied.
const RUNS = 1000;
const examples = new URL('../docs/examples/', import.meta.url);
const factories: Record<string, () => Plugin> = {
  community: () => community(),
  incentives: () => incentives(),
  lifecycle: () => lifecycle(),
  needs: () => needs(),
  replies: () => replies(),
};

describe('shipped example policies', () => {
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
    it(`${file} holds every applicable invariant over ${RUNS} journeys`, async () => {
      const doc = JSON.parse(readFileSync(new URL(file, examples), 'utf8')) as PolicyDocument;
      const plugins = Object.keys(doc.settings ?? {}).flatMap((name) => factories[name]?.() ?? []);
      const shape = { maxUsers: 2, maxSteps: 12 };
      const community = doc.settings?.community !== undefined;
      const result = await checkPolicy(doc, {
        plugins,
        runs: RUNS,
        seed: 20260301,
        // The community plugin's examples: users send what users do, over a few shared items and groups,
        // and its own invariants run too (see tests/programmes/support/community-journeys.ts).
        journey: community ? communityJourney(doc, plugins, shape) : shape,
        ...(community ? { invariants: COMMUNITY_INVARIANTS } : {}),
      });
      expect(result.report).toMatch(/invariants hold$/);
      expect(result.checked.length).toBeGreaterThan(0);
      if (doc.settings?.incentives !== undefined) {
        expect(result.checked).toContain(oneAwardPerRule.invariantName);
        expect(result.checked).toContain(capsHoldPerEvent.invariantName);
        expect(result.checked).toContain(undoLeavesNothingUnearned.invariantName);
      }
      const incentivesSettings = doc.settings?.incentives as { distinct?: object } | undefined;
      if (incentivesSettings?.distinct !== undefined)
        expect(result.checked).toContain(distinctWithinKeys.invariantName);
      const undoes = Object.values(doc.eventTypes ?? {}).some((t) => t.undoes !== undefined);
      if (undoes) {
        expect(result.checked).toContain(noAwardOnUndo.invariantName);
        expect(result.checked).toContain(undoFindsAward.invariantName);
        expect(result.checked).toContain(undoEqualsAbsence.invariantName);
      }
      if (community) {
        for (const inv of COMMUNITY_INVARIANTS.slice(-2)) expect(result.checked).toContain(inv.invariantName);
      }
      expect(result.runs).toBe(RUNS);
    }, 240_000);
  }
});
