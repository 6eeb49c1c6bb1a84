/**
 * The condition-shape rows of the bench on their own (built packages, as `npm run bench`):
 * `npx turbo run build && cd tests && npx tsx bench/shapes-main.ts`.
 */
import { rerunOnDist } from './dist-rerun';
import { conditionShapeSection } from './shapes-section';

rerunOnDist();
process.stdout.write(`${await conditionShapeSection()}\n`);
