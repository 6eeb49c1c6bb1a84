// Child-process entry: loads a TypeScript script (argv[2], relative to this folder) through tsx, with the
// tsconfig paths mapping the workspace packages to their sources, so the hostile tests need no build.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import(new URL(process.argv[2], import.meta.url).href);
