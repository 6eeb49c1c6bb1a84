import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngageLoopError } from '../errors/error';

/** The texts of a policy file, or of every `.json` file of a folder in file-name order. */
export async function readPolicyTexts(path: string): Promise<Array<{ file: string; text: string }>> {
  let files: string[];
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      const names = (await readdir(path, { withFileTypes: true }))
        .filter((d) => d.isFile() && d.name.toLowerCase().endsWith('.json') && !d.name.startsWith('.'))
        .map((d) => d.name)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (names.length === 0) {
        throw new EngageLoopError('POLICY_READ_FAILED', {
          file: path,
          message: `The folder "${path}" has no .json files.`,
        });
      }
      files = names.map((name) => join(path, name));
    } else {
      files = [path];
    }
    return await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  } catch (cause) {
    if (cause instanceof EngageLoopError) throw cause;
    throw new EngageLoopError('POLICY_READ_FAILED', {
      file: path,
      message: `The policy at "${path}" could not be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    });
  }
}
