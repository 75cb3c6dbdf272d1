/** `node dist/bench/embed-run.js`: the embedding section of the benchmark on its own. */
import { embeddingBenches, formatEmbedding } from "./embed-stages.js";

const results = await embeddingBenches();
process.stdout.write(`${formatEmbedding(results)}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
