import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found by walking up from this file: the same code runs from `src/` under
 * jest and from `dist/src/` when built, so fixed relative paths would break in one of them.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('fedwatch: package.json not found above ' + import.meta.url);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
export const packageName = pkg.name;
export const packageVersion = pkg.version;
export const protoDir = join(packageRoot, 'proto');
