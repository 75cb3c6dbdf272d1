/**
 * graphology-gexf's browser writer on its own: the package's browser entry also bundles its
 * parser, which the viewer never uses. Typed as the package types `write`.
 */
declare module "graphology-gexf/browser/writer.js" {
  import type { write } from "graphology-gexf/browser";

  const writeGexf: typeof write;
  export default writeGexf;
}
