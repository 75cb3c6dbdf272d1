/** Named errors of the graph-reading functions; the HTTP layer maps them to status codes. */
import { NotegraphError } from "../../errors.js";

/** An id (of a node, a note, a tag) that is not in the graph: 404 over HTTP. */
export class UnknownNodeError extends NotegraphError {}
