/**
 * `kg ingest --embed`: between extraction and the store write, each batch's figures are
 * loaded, embedded with CLIP (or taken from the vector cache) and linked to the concepts and
 * models they depict. The results join the note's own delta, so they are replaced with the
 * note and removed with it, like everything else the note says.
 *
 * Candidates are the vocabulary's concepts and models (the set notes are read against, so a
 * figure's links do not depend on which other notes happen to be in the graph) plus any other
 * concept or model the note itself names.
 */
import { termProps } from "../../ingest/markdown/to-delta.js";
import type { Vocabulary, VocabularyEntry } from "../../ingest/markdown/vocabulary.js";
import type { ClipEmbedder, RgbImage } from "../embed/clip.js";
import type { HostPolicy } from "../embed/host-policy.js";
import { type FigureSource, loadFigureImage } from "../embed/images.js";
import {
  DEFAULT_LINK_RULE,
  LINK_RULE_VERSION,
  type LinkCandidate,
  type LinkRule,
  linkFigure,
  meanUnit,
} from "../embed/link.js";
import { promptsFor } from "../embed/prompts.js";
import { VectorCache } from "../embed/vector-cache.js";
import type { EdgeRecord, GraphDelta, NodeRecord } from "../graph/delta.js";
import type { Problem } from "../problems.js";

export interface EmbedStageOptions {
  embedder: ClipEmbedder;
  vocabulary: Vocabulary;
  /** Downloads and vectors are cached here (`<data dir>/cache`). */
  cacheDir: string;
  offline: boolean;
  /** Which hosts figure downloads may reach (default: public addresses only). */
  hosts?: HostPolicy;
  rule?: LinkRule;
  /** Images per inference call. */
  batchSize?: number;
  onProblem?: (problem: Problem) => void;
}

interface Target {
  label: "Concept" | "Model";
  entry: VocabularyEntry;
}

interface FigureRef {
  delta: GraphDelta;
  node: NodeRecord;
  line: number | null;
}

interface PendingImage {
  refs: FigureRef[];
  hash: string;
  image: RgbImage;
  extra: Record<string, number | string>;
}

/** Measured in bench/ (embedding section); memory per batch is ~0.6 MB per decoded image. */
export const DEFAULT_IMAGE_BATCH = 16;

/**
 * Failures worth retrying on a later run (the note is then not marked as embedded). A refused
 * host is one: run again with --allow-private-hosts, the figure is fetched without --force.
 */
const TRANSIENT_RULES = new Set(["figure/offline", "figure/download", "figure/refused-host"]);

export class FigureEmbedStage {
  private readonly vectors: VectorCache;
  private candidates: LinkCandidate<Target>[] | null = null;
  private readonly rule: LinkRule;
  /** `<note id>:<line>` of figures the Markdown extractor already warned about. */
  private reported: ReadonlySet<string> = new Set();
  readonly stats = { figures: 0, embedded: 0, cached: 0, failed: 0, links: 0 };

  constructor(private readonly options: EmbedStageOptions) {
    this.vectors = new VectorCache(`${options.cacheDir}/vectors`, options.embedder.key);
    this.rule = options.rule ?? DEFAULT_LINK_RULE;
  }

  /** Part of every embedded note's hash: a new model or rule re-embeds and re-links. */
  get fingerprint(): string {
    return `embed:${this.options.embedder.key}:link-v${LINK_RULE_VERSION}`;
  }

  /**
   * Adds embeddings and DEPICTS edges to the deltas' figures, in place. Returns the sources
   * (note ids) whose figures could not all be tried (offline, download failed): their hash
   * must not claim they were embedded.
   */
  async apply(
    deltas: readonly GraphDelta[],
    reported: ReadonlySet<string> = new Set(),
  ): Promise<Set<string>> {
    this.reported = reported;
    const incomplete = new Set<string>();
    const byId = new Map<string, FigureRef[]>();
    for (const delta of deltas) {
      for (const node of delta.nodes) {
        if (node.label !== "Figure") continue;
        const line = delta.edges.find((e) => e.type === "HAS_FIGURE" && e.to === node.id)?.line ?? null;
        const refs = byId.get(node.id) ?? [];
        refs.push({ delta, node, line });
        byId.set(node.id, refs);
      }
    }
    const pending: PendingImage[] = [];
    for (const refs of byId.values()) {
      this.stats.figures++;
      const first = refs[0] as FigureRef;
      const source = sourceOf(first.node);
      if (!source) continue;
      const cachedHash = contentHashOf(first.node, source);
      const cached = cachedHash ? this.vectors.get(cachedHash) : null;
      if (cached) {
        this.stats.cached++;
        await this.finish(refs, cached, {});
        continue;
      }
      const outcome = await loadFigureImage(source, {
        cacheDir: this.options.cacheDir,
        offline: this.options.offline,
        ...(this.options.hosts ? { hosts: this.options.hosts } : {}),
      });
      if (!outcome.ok) {
        this.stats.failed++;
        for (const ref of refs) {
          this.report(ref, outcome.reason, outcome.rule);
          if (TRANSIENT_RULES.has(outcome.rule)) incomplete.add(ref.delta.source);
        }
        continue;
      }
      const { image } = outcome;
      for (const warning of image.warnings)
        for (const ref of refs) this.report(ref, warning.message, warning.rule, true);
      const extra: Record<string, number | string> = {
        width: image.original.width,
        height: image.original.height,
        format: image.original.format,
      };
      if (image.localPath) extra.localPath = image.localPath;
      const hit = this.vectors.get(image.original.sha256);
      if (hit) {
        this.stats.cached++;
        await this.finish(refs, hit, extra);
        continue;
      }
      pending.push({ refs, hash: image.original.sha256, image, extra });
      if (pending.length >= (this.options.batchSize ?? DEFAULT_IMAGE_BATCH)) {
        await this.embedPending(pending.splice(0));
      }
    }
    await this.embedPending(pending);
    return incomplete;
  }

  /** One inference call for the decoded images; their pixels are dropped right after. */
  private async embedPending(pending: readonly PendingImage[]): Promise<void> {
    if (pending.length === 0) return;
    const vectors = await this.options.embedder.embedImages(pending.map((item) => item.image));
    for (const [i, item] of pending.entries()) {
      const vector = vectors[i] as Float32Array;
      this.vectors.put(item.hash, vector);
      this.stats.embedded++;
      await this.finish(item.refs, vector, item.extra);
    }
  }

  private async finish(
    refs: FigureRef[],
    vector: Float32Array,
    extra: Record<string, number | string>,
  ): Promise<void> {
    const links = linkFigure(vector, await this.linkCandidates(), this.rule);
    for (const ref of refs) {
      Object.assign(ref.node.props, extra, {
        embedding: Array.from(vector, (v) => Math.round(v * 1e7) / 1e7),
        embeddingModel: this.options.embedder.key,
      });
      for (const link of links) {
        const { label, entry } = link.target;
        if (!ref.delta.nodes.some((n) => n.id === entry.id)) {
          ref.delta.nodes.push({ label, id: entry.id, props: termProps(entry) });
        }
        const edge: EdgeRecord = {
          type: "DEPICTS",
          fromLabel: "Figure",
          from: ref.node.id,
          toLabel: label,
          to: entry.id,
          source: ref.delta.source,
          line: ref.line,
          extractor: "embed/clip",
          confidence: round(link.score),
          score: round(link.score),
          embeddingModel: this.options.embedder.key,
        };
        ref.delta.edges.push(edge);
        this.stats.links++;
      }
    }
  }

  private async linkCandidates(): Promise<LinkCandidate<Target>[]> {
    if (this.candidates) return this.candidates;
    const targets: Target[] = this.options.vocabulary.entries
      .filter((entry) => entry.kind === "concept" || entry.kind === "model")
      .map((entry) => ({ label: entry.kind === "model" ? ("Model" as const) : ("Concept" as const), entry }));
    const candidates: LinkCandidate<Target>[] = [];
    for (const target of targets) {
      const prompts = promptsFor({
        name: target.entry.name,
        kind: target.label === "Model" ? "model" : "concept",
        description: target.entry.description,
      });
      candidates.push({ target, vector: meanUnit(await this.embedTexts(prompts)) });
    }
    this.candidates = candidates;
    return candidates;
  }

  /** Texts through the vector cache: the vocabulary's prompts are embedded once, ever. */
  private async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const keys = texts.map((text) => VectorCache.textKey(text));
    const found = keys.map((key) => this.vectors.get(key));
    const missing = texts.filter((_, i) => !found[i]);
    const fresh = await this.options.embedder.embedTexts(missing);
    let next = 0;
    return found.map((vector, i) => {
      if (vector) return vector;
      const made = fresh[next++] as Float32Array;
      this.vectors.put(keys[i] as string, made);
      return made;
    });
  }

  /** One warning per figure: none when extraction already said what is wrong with it. */
  private report(ref: FigureRef, reason: string, rule: string, embedded = false): void {
    if (this.reported.has(`${ref.delta.source}:${ref.line}`)) return;
    const file = ref.delta.source.replace(/^note:/, "");
    this.options.onProblem?.({
      file,
      ...(ref.line !== null ? { line: ref.line } : {}),
      rule,
      severity: "warning",
      message: `figure ${String(ref.node.props.src ?? ref.node.id)}: ${reason}${embedded ? "" : "; the figure is kept, not embedded"}`,
    });
  }
}

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

function sourceOf(node: NodeRecord): FigureSource | null {
  const localPath = node.props.localPath;
  if (typeof localPath === "string" && localPath) return { kind: "file", path: localPath };
  const src = node.props.src;
  if (typeof src !== "string") return null;
  if (src.startsWith("data:")) return { kind: "data", uri: src };
  if (/^https?:\/\//i.test(src)) return { kind: "url", url: src };
  return null;
}

/** The bytes' hash is in the figure id for local files and data URIs (not for remote ones). */
function contentHashOf(node: NodeRecord, source: FigureSource): string | null {
  if (source.kind === "url") return null;
  return node.id.startsWith("figure:") ? node.id.slice("figure:".length) : null;
}
