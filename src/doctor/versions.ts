/**
 * The versions in use: notegraph, Node, and the native or heavy packages whose versions
 * matter when something breaks. Read from package.json files, without loading the packages
 * (onnxruntime alone takes ~0.3 s to load).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "../paths.js";

export const REPORTED_PACKAGES = [
  "kuzu",
  "neo4j-driver",
  "@huggingface/transformers",
  "onnxruntime-node",
  "sharp",
] as const;

export type Versions = Record<string, string>;

export function versionsInUse(): Versions {
  const versions: Versions = {
    notegraph: readVersion(path.join(packageRoot(), "package.json")) ?? "unknown",
    node: process.versions.node,
  };
  const require = createRequire(path.join(packageRoot(), "package.json"));
  // onnxruntime-node is transformers.js's dependency: the copy it loads is the one resolved from there.
  const transformers = packageJsonOf(require, "@huggingface/transformers");
  for (const name of REPORTED_PACKAGES) {
    const from = name === "onnxruntime-node" && transformers ? createRequire(transformers) : require;
    const file = packageJsonOf(from, name);
    versions[name] = (file && readVersion(file)) ?? "not installed";
  }
  return versions;
}

/** A package's package.json, found from its entry point (many packages do not export the file itself). */
function packageJsonOf(require: NodeJS.Require, name: string): string | null {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return null;
  }
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file) && readName(file) === name) return file;
  }
  return null;
}

function readName(file: string): string | undefined {
  return readJson(file)?.name;
}

function readVersion(file: string): string | undefined {
  return readJson(file)?.version;
}

function readJson(file: string): { name?: string; version?: string } | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!data || typeof data !== "object") return undefined;
    const { name, version } = data as Record<string, unknown>;
    return {
      ...(typeof name === "string" ? { name } : {}),
      ...(typeof version === "string" ? { version } : {}),
    };
  } catch {
    return undefined;
  }
}
