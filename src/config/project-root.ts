import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Beacon's own folder: the nearest one up from this file with a package.json (src/ and dist/ differ in depth). */
function findProjectRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

export const PROJECT_ROOT = findProjectRoot();
