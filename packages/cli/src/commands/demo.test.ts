import { type LoopFigures, loopFigures } from '@engageloop/needs';
import { describe, expect, it } from 'vitest';
import { run } from '../__fixtures__/harness';
import { DEMO_SCENES, scenePolicy } from '../demo-scenes';
import { examplesDir } from '../examples';
import { generateEvents } from '../generate/generate';
import { numbered } from '../ndjson';
import { firstPartyPlugins } from '../plugins';
import { runSimulation } from '../simulation';

/** The value printed after a row label of the loop section, e.g. `needs captured   12`. */
const row = (text: string, label: string): string | undefined =>
  new RegExp(`^ {2}${label}\\s{2,}(.+)$`, 'm').exec(text)?.[1]?.trim();

describe('engageloop demo', { timeout: 60_000 }, () => {
  it("prints core's loop figures over the stored needs for each scene", async () => {
    const { code, out } = await run(['demo', '--scene', 'community', '--users', '30', '--days', '14']);
    expect(code).toBe(0);
    const scene = DEMO_SCENES.find((s) => s.profile === 'community');
    if (!scene) throw new Error('community scene missing');
    let core: LoopFigures | undefined;
    await runSimulation({
      policy: JSON.stringify(await scenePolicy(scene, examplesDir(undefined))),
      plugins: firstPartyPlugins(),
      input: numbered(generateEvents({ profile: 'community', users: 30, days: 14, seed: '7', needs: true })),
      beforeClose: async (engine) => {
        core = (await loopFigures(engine.store)).total;
      },
    });
    if (!core) throw new Error('no figures');
    expect(core.count).toBeGreaterThan(0);
    const loop = out.slice(out.indexOf('Loop closure'));
    expect(row(loop, 'needs captured')).toBe(String(core.count));
    expect(row(loop, 'acknowledged')).toMatch(new RegExp(`^${core.acknowledged} \\(`));
    expect(row(loop, 'adopted / declined')).toBe(`${core.adopted} / ${core.declined}`);
    expect(row(loop, 'loops closed \\(user told, item closed\\)')).toMatch(new RegExp(`^${core.closed}\\b`));
  });

  it('reports missing example policies as POLICY_READ_FAILED, without a stack trace', async () => {
    const missing = await run(['demo', '--scene', 'learning', '--examples', 'no-such-folder']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('POLICY_READ_FAILED');
    expect(missing.err).not.toMatch(/\n\s+at /);
    const empty = await run(['demo', '--scene', 'learning', '--examples', '.']);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('POLICY_READ_FAILED');
    expect(empty.err).toContain('learning-partners.json');
  });

  it('rejects a malformed --users by code, like every command that generates a population', async () => {
    const { code, err } = await run(['demo', '--scene', 'learning', '--users', 'many']);
    expect(code).toBe(1);
    expect(err).toContain('PLUGIN_OPTIONS_INVALID');
  });
});
