// Worker-thread entry: loads the TypeScript worker through tsx (the tsconfig paths map the workspace
// packages to their sources), so the concurrency and crash tests need no build.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./worker-main.ts');
