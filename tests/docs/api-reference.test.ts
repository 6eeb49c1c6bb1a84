import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const committed = join(root, 'docs/api');

/** Keeps every warning and error TypeDoc reports, instead of printing them. */
class KeptLogger extends Logger {
  readonly problems: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level === LogLevel.Warn || level === LogLevel.Error) this.problems.push(message);
  }
}

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The API reference (`docs/api/`) is TypeDoc's markdown of every package's public entry points, from their
 * TSDoc (config: `typedoc.json`). One TypeDoc run here checks that no public export (function, class,
 * interface, type, constant, method) lacks a comment, and that the committed pages are what it generates.
 * After changing an export or its comment: `npm run docs:api`.
 */
describe('API reference (TypeDoc)', () => {
  const out = mkdtempSync(join(tmpdir(), 'engageloop-api-'));
  const logger = new KeptLogger();
  let generated = false;

  beforeAll(async () => {
    const app = await Application.bootstrapWithPlugins(
      { options: join(root, 'typedoc.json'), out, logLevel: 'Warn' },
      [new TypeDocReader(), new TSConfigReader()],
    );
    app.logger = logger;
    const project = await app.convert();
    if (!project) return;
    app.validate(project);
    await app.generateOutputs(project);
    generated = true;
  }, 180_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('documents every public export: TypeDoc reports no undocumented export, no broken link, no other warning', () => {
    expect(generated).toBe(true);
    expect(logger.problems).toEqual([]);
  });

  it('covers every published package: its entry point is in typedoc.json and it must be documented', () => {
    const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
      entryPoints: string[];
      packagesRequiringDocumentation: string[];
    };
    for (const folder of ['packages', 'plugins'])
      for (const name of readdirSync(join(root, folder))) {
        const manifest = JSON.parse(readFileSync(join(root, folder, name, 'package.json'), 'utf8'));
        expect(config.entryPoints, manifest.name).toContain(`${folder}/${name}/src/index.ts`);
        expect(config.packagesRequiringDocumentation, manifest.name).toContain(manifest.name);
      }
  });

  it('the committed pages in docs/api/ are up to date (regenerate with `npm run docs:api`)', () => {
    expect(generated).toBe(true);
    const want = filesUnder(out);
    expect(want).toContain('README.md');
    expect(want).toContain('@engageloop/core.md');
    expect(filesUnder(committed)).toEqual(want);
    const stale = want.filter(
      (file) => readFileSync(join(committed, file), 'utf8') !== readFileSync(join(out, file), 'utf8'),
    );
    expect(stale).toEqual([]);
  });
});
