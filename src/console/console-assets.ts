import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder the console's build writes to (dist/console at the top of the repository). */
export function consoleAssetsDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}
