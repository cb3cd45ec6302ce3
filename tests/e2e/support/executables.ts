// Finds a program the end-to-end tests run (Chromium, nginx): the path an environment
// variable names, which is authoritative, or else the first match in a list of directories.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

export type ExecutableSearch =
  | { found: true; path: string }
  /** `reason` is given only for a wrong setting; the caller says what was searched. */
  | { found: false; reason?: string };

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path in `variable` (read from `env`) when set, reported as wrong if it is not an
 * executable file rather than silently replaced; else the first of `names` found in `dirs`,
 * each name looked for in every directory before the next name, like `command -v`.
 */
export function findExecutable(
  env: NodeJS.ProcessEnv,
  variable: string,
  names: readonly string[],
  dirs: readonly string[],
): ExecutableSearch {
  const fromEnv = env[variable]?.trim();
  if (fromEnv) {
    return isExecutableFile(fromEnv)
      ? { found: true, path: fromEnv }
      : { found: false, reason: `${variable}=${fromEnv} is not an executable file.` };
  }
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return { found: true, path: candidate };
    }
  }
  return { found: false };
}
