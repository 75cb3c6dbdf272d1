/**
 * `kg doctor`'s findings: the config in effect and where each value came from, the selected
 * store and whether it is usable, the CLIP models the commands would load, and versions.
 * `ok` is the store's verdict alone; a missing model is a warning.
 */
import type { ResolvedValue, ValueSource } from "../config/apply.js";
import type { ClipSettings } from "../embed/settings.js";
import { type ClipCheck, checkClip } from "./clip.js";
import { checkStore, type StoreCheck, type StoreTarget, storeUsable } from "./store.js";
import { type Versions, versionsInUse } from "./versions.js";

export interface ReportedValue {
  key: string;
  /** Secrets are reported as "(set)". Null when the key has no value. */
  value: unknown;
  source: ValueSource;
  env: string | null;
}

export interface DoctorReport {
  ok: boolean;
  config: { file: string | null; values: ReportedValue[] };
  store: StoreCheck & { usable: boolean };
  clip: ClipCheck[];
  versions: Versions;
  warnings: string[];
}

export interface DoctorInput {
  configFile: string | null;
  values: ResolvedValue[];
  store: StoreTarget;
  /** Each command's model settings; the same model is checked once. */
  clip: { command: string; settings: ClipSettings }[];
  neo4jTimeoutMs?: number;
}

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const store = await checkStore(input.store, input.neo4jTimeoutMs);
  const clip = checkModels(input.clip);
  const versions = versionsInUse();
  if (store.kind === "neo4j" && store.status === "ok")
    versions["neo4j server"] = `${store.serverVersion} ${store.edition}`;
  const usable = storeUsable(store);
  const warnings = [
    ...clip.flatMap((check) =>
      check.status === "missing"
        ? [`CLIP model ${check.model} is not available: figures are stored but not embedded or searchable`]
        : [],
    ),
    ...(store.kind === "neo4j" && store.status === "ok" && store.schema.missing.length > 0
      ? [
          `the Neo4j schema is ${store.schema.applied === 0 ? "not applied yet" : `missing ${store.schema.missing.join(", ")}`}; kg applies cypher/schema.cypher whenever it opens the store`,
        ]
      : []),
    ...(store.kind === "kuzu" && store.status === "ok" && store.recovered ? [store.recovered] : []),
  ];
  return {
    ok: usable,
    config: {
      file: input.configFile,
      values: input.values.map((value) => ({
        key: value.key,
        // A secret is shown as set; a secret switched off (`--no-token`) shows as false.
        value: value.secret && typeof value.value === "string" ? "(set)" : (value.value ?? null),
        source: value.source,
        env: value.env,
      })),
    },
    store: { ...store, usable },
    clip,
    versions,
    warnings,
  };
}

function checkModels(wanted: DoctorInput["clip"]): ClipCheck[] {
  const byFolder = new Map<string, { settings: ClipSettings; usedBy: string[] }>();
  for (const { command, settings } of wanted) {
    const id = `${settings.modelDir ?? settings.cacheDir}|${settings.model}|${settings.quantized}`;
    const entry = byFolder.get(id) ?? { settings, usedBy: [] };
    entry.usedBy.push(command);
    byFolder.set(id, entry);
  }
  return [...byFolder.values()].map(({ settings, usedBy }) => checkClip(settings, usedBy));
}
