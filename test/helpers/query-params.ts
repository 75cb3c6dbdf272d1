/** `--param` values for every query in cypher/queries/, chosen to return rows on the test notes. */
export const NAMED_QUERY_PARAMS = [
  "loss=ITC",
  "name=BLIP-2",
  "a=BLIP",
  "b=BLIP-2",
  "arxivId=2301.12597",
  "concept=对比学习",
  "category=cs",
] as const;
