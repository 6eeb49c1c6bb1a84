import { createReadStream, readFileSync } from 'node:fs';
import { runPolicy } from './dist/index.js';
