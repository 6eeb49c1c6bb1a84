import { type LoopFigures, loopFigures } from '@engageloop/needs';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENES, scenePolicy } from './demo-scenes';
import { examplesDir } from './examples';
import { generateEvents } from './generate/generate';
import { numbered } from './ndjson';
import { firstPartyPlugins } from './plugins';
import { runSimulation } from './simulation';

const policyOf = async (profile: string): Promise<string> => {
  const scene = DEMO_SCENES.find((s) => s.profile === profile);
  if (!scene) throw new Error(`no demo scene ${profile}`);
  return JSON.stringify(await scenePolicy(scene, examplesDir(undefined)));
};

describe('runSimulation loop figures', { timeout: 60_000 }, () => {
  it("are core's loopFigures over the need items the run stored", async () => {
    let core: LoopFigures | undefined;
    const result = await runSimulation({
      policy: await policyOf('community'),
      plugins: firstPartyPlugins(),
      input: numbered(generateEvents({ profile: 'community', users: 40, days: 14, seed: 3, needs: true })),
      beforeClose: async (engine) => {
        core = (await loopFigures(engine.store)).total;
      },
    });
    expect(result.ok).toBe(true);
    expect(result.summary.events.failed).toBe(0);
    expect(result.summary.loop).toEqual(core);
    const loop = result.summary.loop;
    expect(loop.count).toBeGreaterThan(0);
    expect(loop.acknowledged).toBe(loop.count);
    expect(loop.adopted + loop.declined).toBeGreaterThan(0);
    expect(loop.closed).toBe(loop.declined);
  });

  it('are zero when the stream carries no need items', async () => {
    const result = await runSimulation({
      policy: await policyOf('learning'),
      plugins: firstPartyPlugins(),
      input: numbered(generateEvents({ profile: 'learning', users: 10, days: 5, seed: 3 })),
    });
    expect(result.summary.loop).toMatchObject({ count: 0, acknowledged: 0, closed: 0, adoptionRate: null });
  });
});
