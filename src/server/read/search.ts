/**
 * `GET /api/search`: the graph's name search (src/search/text.ts, shared with `kg search`), as
 * the API's hits: id, label, name and the score in [0, 1].
 */
import { searchText } from "../../search/text.js";
import type { GraphStore } from "../../store/types.js";
import type { SearchHit } from "../api-types.js";

export async function searchNodes(
  store: GraphStore,
  text: string,
  options: { k: number },
): Promise<SearchHit[]> {
  const hits = await searchText(store, text, { k: options.k });
  return hits.map(({ id, label, name, score }) => ({ id, label, name, score }));
}
