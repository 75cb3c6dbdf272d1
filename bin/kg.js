#!/usr/bin/env node
// The `kg` executable: runs the compiled CLI (npm install builds it through `prepare`).
// "Not built" is said only when the compiled entry point is missing; any other failure to load
// it (a dependency missing from node_modules, a half-written dist/) is shown as it is.
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write(
    "kg: the CLI is not built yet (no dist/src/cli/main.js); run `npm run build` in the notegraph folder\n",
  );
  process.exit(2);
}

try {
  await import(entry.href);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  process.stderr.write(
    `kg: cannot load the CLI: ${error.message}\n` +
      "kg: a module it needs is missing; run `npm install` (then `npm run build`) in the notegraph folder\n",
  );
  process.exit(1);
}
