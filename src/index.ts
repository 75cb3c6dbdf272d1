/**
 * notegraph as a library: the CLI is a thin layer over these.
 */

export { extractNoteFile } from "../ingest/markdown/extract-file.js";
export { parseNote } from "../ingest/markdown/parse-note.js";
export { toDelta } from "../ingest/markdown/to-delta.js";
export { loadVocabulary } from "../ingest/markdown/vocabulary.js";
export { ConfigError } from "./config/errors.js";
export { findConfigFile, type LoadedConfig, loadConfig, parseConfig } from "./config/load.js";
export { CONFIG_SPEC, envName } from "./config/spec.js";
export { type DoctorReport, runDoctor } from "./doctor/report.js";
export * from "./errors.js";
export type { EdgeRecord, GraphDelta, NodeRecord, PropertyValue } from "./graph/delta.js";
export { mergeDeltas, normalizeDelta } from "./graph/delta.js";
export * as ids from "./graph/ids.js";
export type { NodeLabel, RelType } from "./graph/schema.js";
export { NODE_LABELS, NODE_PROPERTIES, REL_ENDPOINTS, REL_TYPES } from "./graph/schema.js";
export { type IngestOptions, type IngestSummary, ingest } from "./pipeline/ingest.js";
export { formatProblem, type Problem } from "./problems.js";
export { openStore, type StoreOptions } from "./store/open.js";
export type { GraphStore, QueryOptions, QueryResult, StoreStats } from "./store/types.js";
