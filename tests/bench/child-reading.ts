import { fork } from 'node:child_process';

/**
 * Forks `file` with `execArgv` and `env`, and resolves with the one message it sends over IPC before it exits: how
 * the bench measures rows in a process of their own (./memory.ts, ./batch-child.ts).
 */
export function readFromChild<T>(
  file: string,
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
  label: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: [...execArgv],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reading: T | undefined;
    child.on('message', (message) => {
      reading = message as T;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (reading !== undefined) resolve(reading);
      else reject(new Error(`${label} child exited with code ${code} before reporting`));
    });
  });
}
