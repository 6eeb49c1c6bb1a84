import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';

/**
 * The texts of a policy file, or of every `.json` file of a folder in file-name order. Throws
 * `POLICY_TOO_LARGE` before reading when the files together are larger than `maxBytes`.
 */
export async function readPolicyTexts(
  path: string,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Array<{ file: string; text: string }>> {
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
          message: localized(
            `The folder "${path}" has no .json files.`,
            `文件夹 "${path}" 中没有 .json 文件。`,
          ),
        });
      }
      files = names.map((name) => join(path, name));
    } else {
      files = [path];
    }
    let total = 0;
    for (const file of files) {
      total += (await stat(file)).size;
      if (total > maxBytes) {
        throw new EngageLoopError('POLICY_TOO_LARGE', {
          file,
          message: localized(
            `The policy is larger than ${maxBytes} bytes (limits.policyBytes); nothing was read past this file.`,
            `策略超过 ${maxBytes} 字节（limits.policyBytes）；此文件之后的内容未再读取。`,
          ),
          data: { limit: 'policyBytes', max: maxBytes },
        });
      }
    }
    return await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  } catch (cause) {
    if (cause instanceof EngageLoopError) throw cause;
    // The system's own words (`ENOENT: no such file or directory…`) are kept as they are in both languages.
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new EngageLoopError('POLICY_READ_FAILED', {
      file: path,
      message: localized(
        `The policy at "${path}" could not be read: ${reason}`,
        `无法读取策略 "${path}"：${reason}`,
      ),
      cause,
    });
  }
}
