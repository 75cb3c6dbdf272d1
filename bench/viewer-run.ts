/** `node --expose-gc dist/bench/viewer-run.js`: the viewer section of the benchmark on its own. */
import { formatViewer, viewerBench } from "./viewer-stages.js";

const result = await viewerBench();
process.stdout.write(`${formatViewer(result)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
