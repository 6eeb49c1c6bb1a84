// Child-process entry of the batch proofs: loads the TypeScript program through tsx (the tsconfig paths map the
// workspace packages to their sources), so the crash and four-instance tests need no build.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./batch-process-main.ts');
