/**
 * Where the package's own files live, whether we run from `src/` (tests) or from `dist/`
 * (the built CLI): walk up from this module to the directory holding package.json.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("notegraph: cannot find package.json above the running module");
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

export const builtinVocabularyPath = (): string =>
  join(packageRoot(), "ingest", "markdown", "vocabulary.yaml");
