import { fileURLToPath } from 'node:url';
import { runCli } from '../cli';
import { createCapture } from '../io';

/** Absolute path of a file under `src/__fixtures__`. */
export const fixture = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Absolute path of a shipped example policy. */
export const example = (name: string): string =>
  fileURLToPath(new URL(`../../../../docs/examples/${name}`, import.meta.url));

/** Runs the CLI in-process with captured streams. */
export async function run(argv: string[], env: Record<string, string> = {}) {
  const stdout = createCapture();
  const stderr = createCapture();
  const code = await runCli(argv, { stdout, stderr, env, cwd: fileURLToPath(new URL('.', import.meta.url)) });
  return { code, out: stdout.text(), err: stderr.text() };
}
