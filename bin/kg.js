#!/usr/bin/env node
// The `kg` executable: runs the compiled CLI (npm install builds it through `prepare`).
import("../dist/src/cli/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND") {
    process.stderr.write("kg: the CLI is not built yet; run `npm run build` in the notegraph folder\n");
    process.exit(2);
  }
  throw error;
});
