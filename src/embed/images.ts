/**
 * A figure reference (file, http(s) URL, data URI) -> RGB pixels for CLIP, safely: bounded
 * bytes, downloads from public hosts only (download.ts), bounded pixels decided from the
 * header before decoding, formats detected by content, SVG sanitised before rasterising, and one outcome per figure instead of an exception, so a
 * batch of notes goes on past a bad image and the caller can report each as a Problem.
 */
import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import sharp, { type Metadata, type Sharp, type SharpOptions } from "sharp";
import { UsageError } from "../errors.js";
import { figureId, sha256 } from "../graph/ids.js";
import { downloadTo, parseHttpUrl } from "./download.js";
import { type HostPolicy, PUBLIC_HOSTS_ONLY } from "./host-policy.js";
import { prepareSvg } from "./svg.js";

export { sanitizeSvg } from "./svg.js";

export type FigureSource =
  | { kind: "file"; path: string }
  | { kind: "url"; url: string }
  | { kind: "data"; uri: string };

export interface ImageLimits {
  /** Refuse images with more pixels than this, decided from the header before decoding. */
  maxInputPixels: number;
  /** For files, downloads (enforced while streaming) and data URIs. */
  maxBytes: number;
  /** Decode to at most this on the shorter side, keeping aspect; CLIP's processor does the final resize/crop. */
  targetSize: number;
  downloadTimeoutMs: number;
}

export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxInputPixels: 40_000_000,
  maxBytes: 25 * 1024 * 1024,
  targetSize: 448,
  downloadTimeoutMs: 15_000,
});

export interface DecodedImage {
  /** Interleaved RGB, 3 bytes a pixel, after downscaling; alpha flattened onto white. */
  rgb: Uint8Array;
  width: number;
  height: number;
  original: { width: number; height: number; format: string; bytes: number; sha256: string };
  /** The file read (for a URL, the cached download); null for data URIs. */
  localPath: string | null;
  /** Facts worth a warning that did not stop decoding (e.g. external references removed from an SVG). */
  warnings: { rule: string; message: string }[];
}

export type ImageOutcome = { ok: true; image: DecodedImage } | { ok: false; reason: string; rule: string };

export interface LoadFigureOptions {
  /** Downloads go to `<cacheDir>/figures/<sha256(url)>`, with a `.json` sidecar. */
  cacheDir: string;
  /** No network: a remote figure is used only if already cached. */
  offline: boolean;
  limits?: Partial<ImageLimits>;
  /** Which hosts a download may reach; default: public addresses only. */
  hosts?: HostPolicy;
}

type Failure = { ok: false; reason: string; rule: string };
type Bytes = { ok: true; bytes: Buffer; localPath: string | null };

const fail = (rule: string, reason: string): Failure => ({ ok: false, rule, reason });

/** The Figure node id for these bytes: the rule of ingest/markdown/resolve-assets.ts (`figure:<sha256>`). */
export const figureIdFor = (bytes: Uint8Array): string => figureId(sha256(bytes));

export async function loadFigureImage(
  source: FigureSource,
  options: LoadFigureOptions,
): Promise<ImageOutcome> {
  const limits = resolveLimits(options.limits);
  configureSharp();
  const input = await readSource(source, options, limits);
  if (!input.ok) return input;
  return decodeImage(input.bytes, input.localPath, limits);
}

function resolveLimits(overrides: Partial<ImageLimits> | undefined): ImageLimits {
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits))
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`image limit ${name} must be a positive integer, not ${value}`);
  return limits;
}

let sharpConfigured = false;

/**
 * Process-wide, once (sharp's settings are global). The libvips operation cache (50 MB, 100
 * operations by default) only pays off when the same image is processed twice; a batch of
 * distinct figures never hits it, so it only keeps decoded buffers alive (measured: 80 MB
 * still held after 20 loads of 20 MP with it, none without). Concurrency is libvips threads
 * per image, each with its own buffers: two keep a shrink-on-load decode as fast as more
 * (measured peak over baseline for that batch: +217 MB with 2 threads, +270 MB with 4),
 * and callers that load several figures at once (the libuv pool runs up to 4 sharp jobs)
 * multiply by 2 rather than by the core count. Callers should still load figures one or two
 * at a time; glibc's malloc arenas keep some freed memory, which jemalloc would return.
 */
function configureSharp(): void {
  if (sharpConfigured) return;
  sharpConfigured = true;
  sharp.cache(false);
  sharp.concurrency(2);
}

// ---------------------------------------------------------------------------------------------
// Sources

function readSource(
  source: FigureSource,
  options: LoadFigureOptions,
  limits: ImageLimits,
): Promise<Bytes | Failure> {
  switch (source.kind) {
    case "file":
      return readFileBounded(source.path, limits.maxBytes, "figure file");
    case "data":
      return Promise.resolve(readDataUri(source.uri, limits.maxBytes));
    case "url":
      return readRemote(source.url, options, limits);
  }
}

const byteSize = (bytes: number): string =>
  bytes < 1048576 ? `${bytes} bytes` : `${(bytes / 1048576).toFixed(1)} MB`;

/** `stat` first (not a file, empty, too big), then a read that never goes past the size stat gave. */
async function readFileBounded(path: string, maxBytes: number, label: string): Promise<Bytes | Failure> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail("figure/unreadable", `${label} ${path} is not a regular file`);
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fail("figure/missing-file", `${label} not found: ${path}`);
    return fail("figure/unreadable", `cannot read ${label} ${path}: ${(error as Error).message}`);
  }
  if (size === 0) return fail("figure/empty", `${label} ${path} is empty (0 bytes)`);
  if (size > maxBytes) return tooManyBytes(`${label} ${path}`, size, maxBytes);
  try {
    // One byte past the size from stat tells a file that grew since from one that did not.
    const bytes = await readAtMost(path, size + 1);
    if (bytes.length > size) return fail("figure/unreadable", `${label} ${path} changed while being read`);
    if (bytes.length === 0) return fail("figure/empty", `${label} ${path} is empty (0 bytes)`);
    return { ok: true, bytes, localPath: path };
  } catch (error) {
    return fail("figure/unreadable", `cannot read ${label} ${path}: ${(error as Error).message}`);
  }
}

function tooManyBytes(label: string, size: number, maxBytes: number): Failure {
  return fail(
    "figure/too-large",
    `${label} is ${byteSize(size)}, over the limit of ${byteSize(maxBytes)}; not read`,
  );
}

async function readAtMost(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(count);
    let filled = 0;
    while (filled < count) {
      const { bytesRead } = await handle.read(buffer, filled, count - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** `data:image/png;base64,...` and percent-encoded (or raw utf8) `data:image/svg+xml,...`. */
function readDataUri(uri: string, maxBytes: number): Bytes | Failure {
  const header = /^data:([^,]*),/i.exec(uri);
  if (!header) return fail("figure/bad-data-uri", "figure data URI is malformed (no 'data:<type>,' header)");
  const [type = "", ...parameters] = (header[1] ?? "").split(";").map((part) => part.trim().toLowerCase());
  if (!type.startsWith("image/"))
    return fail("figure/unsupported", `data URI type ${type || "text/plain"} is not an image`);
  const payload = uri.slice(header[0].length);
  // Cheap bound before any decoding: no payload under the byte limit is four times as long.
  if (payload.length > 4 * maxBytes) return tooManyBytes("figure data URI", payload.length, maxBytes);
  const bytes = parameters.includes("base64")
    ? decodeBase64(percentDecode(payload).toString("latin1"))
    : percentDecode(payload);
  if (!bytes) return fail("figure/bad-data-uri", "figure data URI has invalid base64");
  if (bytes.length === 0) return fail("figure/empty", "figure data URI is empty");
  if (bytes.length > maxBytes) return tooManyBytes("figure data URI", bytes.length, maxBytes);
  return { ok: true, bytes, localPath: null };
}

function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, "");
  // Buffer.from skips characters it does not know; a stricter check catches truncated or mangled URIs.
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, "base64");
}

/** Byte-level: `%89PNG` must give byte 0x89, which decodeURIComponent refuses as UTF-8. */
function percentDecode(text: string): Buffer {
  if (!text.includes("%")) return Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(/(?:%[0-9a-f]{2})+/gi)) {
    parts.push(
      Buffer.from(text.slice(last, match.index), "utf8"),
      Buffer.from(match[0].replace(/%/g, ""), "hex"),
    );
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), "utf8"));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------
// Remote figures: a download cache (download.ts fetches, refusing non-public hosts)

async function readRemote(
  raw: string,
  options: LoadFigureOptions,
  limits: ImageLimits,
): Promise<Bytes | Failure> {
  const url = parseHttpUrl(raw.startsWith("//") ? `https:${raw}` : raw);
  if (!url) return fail("figure/unsupported-src", `figure URL ${raw} is not an http(s) URL`);
  const cached = join(options.cacheDir, "figures", sha256(raw));
  if (await isFile(cached)) return readFileBounded(cached, limits.maxBytes, "cached figure");
  if (options.offline) return fail("figure/offline", "remote figure not downloaded: offline");
  const downloaded = await downloadTo(
    url,
    raw,
    cached,
    { maxBytes: limits.maxBytes, timeoutMs: limits.downloadTimeoutMs },
    options.hosts ?? PUBLIC_HOSTS_ONLY,
  );
  if (!downloaded.ok) return downloaded;
  return readFileBounded(cached, limits.maxBytes, "cached figure");
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Detecting the format by content

export type DetectedFormat =
  | { supported: "png" | "jpeg" | "gif" | "webp" | "svg" }
  | { unsupported: string }
  | null;

const startsWith = (bytes: Uint8Array, offset: number, text: string): boolean =>
  bytes.length >= offset + text.length &&
  Buffer.from(bytes.buffer, bytes.byteOffset + offset, text.length).toString("latin1") === text;

const HEIF_BRANDS: Record<string, string> = {
  avif: "AVIF",
  avis: "AVIF",
  heic: "HEIC",
  heix: "HEIC",
  hevc: "HEIC",
  hevx: "HEIC",
  mif1: "HEIF",
  msf1: "HEIF",
};

/** Magic bytes, then a look at text: anything not recognised at all is treated as corrupt. */
export function detectImageFormat(bytes: Uint8Array): DetectedFormat {
  if (startsWith(bytes, 0, "\x89PNG\r\n\x1a\n")) return { supported: "png" };
  if (startsWith(bytes, 0, "\xff\xd8\xff")) return { supported: "jpeg" };
  if (startsWith(bytes, 0, "GIF87a") || startsWith(bytes, 0, "GIF89a")) return { supported: "gif" };
  if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) return { supported: "webp" };
  const other = otherBinaryFormat(bytes);
  if (other) return { unsupported: other };
  return textFormat(bytes);
}

function otherBinaryFormat(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 4, "ftyp")) {
    const brand = Buffer.from(bytes.subarray(8, 12)).toString("latin1");
    return HEIF_BRANDS[brand] ?? `ISO media (${brand.trim() || "unknown brand"})`;
  }
  const magic: [string, string][] = [
    ["BM", "BMP"],
    ["II*\0", "TIFF"],
    ["MM\0*", "TIFF"],
    ["%PDF", "PDF"],
    ["%!PS", "PostScript"],
    ["\0\0\x01\0", "ICO"],
    ["8BPS", "PSD"],
    ["\xff\x0a", "JPEG XL"],
    ["\0\0\0\x0cJXL ", "JPEG XL"],
    ["\0\0\0\x0cjP  ", "JPEG 2000"],
    ["\x1f\x8b", "gzip (compressed SVG or other)"],
    ["PK\x03\x04", "ZIP"],
    ["qoif", "QOI"],
    ["\x76\x2f\x31\x01", "OpenEXR"],
  ];
  return magic.find(([prefix]) => startsWith(bytes, 0, prefix))?.[1] ?? null;
}

function textFormat(bytes: Uint8Array): DetectedFormat {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536))
    .toString("utf8")
    .replace(/^\ufeff/, "");
  if (!/^\s*</.test(head)) return null;
  if (/^(?:<!doctype\s+html|<html|<head|<body)\b/i.test(skipLeadingComments(head)))
    return { unsupported: "HTML" };
  if (/<(?:[\w-]+:)?svg[\s>/]/.test(head)) return { supported: "svg" };
  return { unsupported: "XML that is not SVG" };
}

/** A loop, not `(?:<!--[\s\S]*?-->\s*)*`: that pattern backtracks exponentially on many comments. */
function skipLeadingComments(text: string): string {
  let rest = text.trimStart();
  while (rest.startsWith("<!--")) {
    const end = rest.indexOf("-->");
    if (end < 0) return "";
    rest = rest.slice(end + 3).trimStart();
  }
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Decoding

const FORMAT_NAMES = { png: "PNG", jpeg: "JPEG", gif: "GIF", webp: "WebP", svg: "SVG" } as const;

async function decodeImage(
  bytes: Buffer,
  localPath: string | null,
  limits: ImageLimits,
): Promise<ImageOutcome> {
  const detected = detectImageFormat(bytes);
  if (!detected)
    return fail("figure/corrupt", `content is not a recognisable image (starts with ${hexHead(bytes)})`);
  if ("unsupported" in detected)
    return fail(
      "figure/unsupported",
      `content is ${detected.unsupported}, not a supported figure format (PNG, JPEG, WebP, GIF or SVG)`,
    );
  const format = detected.supported;
  const decoded =
    format === "svg" ? await decodeSvg(bytes, limits) : await decodeRaster(bytes, format, limits);
  if (!decoded.ok) return decoded;
  const original = { ...decoded.size, format, bytes: bytes.length, sha256: sha256(bytes) };
  return { ok: true, image: { ...decoded.pixels, original, localPath, warnings: decoded.warnings } };
}

const hexHead = (bytes: Uint8Array): string =>
  Buffer.from(bytes.subarray(0, 8))
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ");

type Pixels = { rgb: Uint8Array; width: number; height: number };
type Decoded =
  | { ok: true; pixels: Pixels; size: { width: number; height: number }; warnings: DecodedImage["warnings"] }
  | Failure;

/** A pathological image (deeply nested SVG `<use>`, say) is abandoned rather than holding the batch. */
const DECODE_TIMEOUT_SECONDS = 30;

/** Options for untrusted input: libvips' own pixel limit as a second guard, first frame only. */
function inputOptions(limits: ImageLimits): SharpOptions {
  return { limitInputPixels: limits.maxInputPixels, failOn: "error", pages: 1, sequentialRead: true };
}

async function decodeRaster(
  bytes: Buffer,
  format: keyof typeof FORMAT_NAMES,
  limits: ImageLimits,
): Promise<Decoded> {
  const name = FORMAT_NAMES[format];
  let metadata: Metadata;
  try {
    // Header only: dimensions are known before a single pixel is decoded.
    metadata = await sharp(bytes, { ...inputOptions(limits), limitInputPixels: false }).metadata();
  } catch (error) {
    return fail("figure/corrupt", `cannot read the ${name} header: ${firstLine(error)}`);
  }
  if (metadata.format !== format)
    return fail("figure/corrupt", `${name} signature, but the content reads as ${metadata.format}`);
  const size = { width: metadata.width, height: metadata.pageHeight ?? metadata.height };
  const refusal = refuseOversize(size, limits, `${name} image is`);
  if (refusal) return refusal;
  const pixels = await toRgb(sharp(bytes, { ...inputOptions(limits), autoOrient: true }), limits, name);
  return "rgb" in pixels ? { ok: true, pixels, size, warnings: [] } : pixels;
}

function refuseOversize(
  size: { width: number; height: number },
  limits: ImageLimits,
  subject: string,
): Failure | null {
  const pixels = size.width * size.height;
  if (pixels <= limits.maxInputPixels) return null;
  return fail(
    "figure/too-large",
    `${subject} ${size.width}×${size.height} (${megapixels(pixels)} megapixels), over the ${megapixels(limits.maxInputPixels)}-megapixel limit; not decoded`,
  );
}

const megapixels = (pixels: number): string => (pixels / 1e6).toFixed(1);

/**
 * Shorter side to targetSize (never enlarging): JPEG and WebP shrink while decoding, the others
 * stream through libvips a few scanlines at a time, so memory follows the output, not the input.
 */
async function toRgb(pipeline: Sharp, limits: ImageLimits, name: string): Promise<Pixels | Failure> {
  try {
    const { data, info } = await pipeline
      .resize({
        width: limits.targetSize,
        height: limits.targetSize,
        fit: "outside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#ffffff" })
      .removeAlpha()
      .toColourspace("srgb")
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3)
      return fail("figure/unsupported", `${name} image decodes to ${info.channels} channels, not RGB`);
    return { rgb: data, width: info.width, height: info.height };
  } catch (error) {
    const message = firstLine(error);
    if (/pixel limit/i.test(message))
      return fail("figure/too-large", `${name} image is over the pixel limit; not decoded`);
    if (/^timeout/i.test(message))
      return fail(
        "figure/too-slow",
        `${name} image took over ${DECODE_TIMEOUT_SECONDS} s to decode; abandoned`,
      );
    return fail("figure/corrupt", `${name} image data is corrupt or truncated: ${message}`);
  }
}

async function decodeSvg(bytes: Buffer, limits: ImageLimits): Promise<Decoded> {
  const prepared = prepareSvg(new TextDecoder("utf-8").decode(bytes), limits.targetSize);
  if (!prepared.ok) return fail(prepared.rule, prepared.reason);
  const render = { width: prepared.renderWidth, height: prepared.renderHeight };
  const refusal =
    refuseOversize(render, limits, "SVG would render at") ?? (await checkEmbedded(prepared.embedded, limits));
  if (refusal) return refusal;
  const input = sharp(Buffer.from(prepared.svg), { ...inputOptions(limits), density: 72 });
  const pixels = await toRgb(input, limits, "SVG");
  if (!("rgb" in pixels)) return pixels;
  const size = { width: Math.round(prepared.width), height: Math.round(prepared.height) };
  const warnings = prepared.removed
    ? [
        {
          rule: "figure/svg-external-ref",
          message: `removed ${prepared.removed} external reference(s) or script(s) from the SVG before rendering`,
        },
      ]
    : [];
  return { ok: true, pixels, size, warnings };
}

/**
 * librsvg decodes embedded rasters itself, at full size and with its own decoders: each must
 * be, by content, one of the formats accepted here, and together stay under the pixel limit.
 */
async function checkEmbedded(uris: readonly string[], limits: ImageLimits): Promise<Failure | null> {
  let pixels = 0;
  for (const uri of uris) {
    const data = readDataUri(uri, limits.maxBytes);
    const detected = data.ok ? detectImageFormat(data.bytes) : null;
    if (!data.ok || !detected || !("supported" in detected) || detected.supported === "svg")
      return fail("figure/corrupt", "SVG embeds an image that is not a readable PNG, JPEG, GIF or WebP");
    try {
      const metadata = await sharp(data.bytes, { limitInputPixels: false }).metadata();
      pixels += metadata.width * metadata.height;
    } catch (error) {
      return fail(
        "figure/corrupt",
        `SVG embeds an unreadable ${FORMAT_NAMES[detected.supported]}: ${firstLine(error)}`,
      );
    }
  }
  if (pixels <= limits.maxInputPixels) return null;
  return fail(
    "figure/too-large",
    `SVG embeds images of ${megapixels(pixels)} megapixels in all, over the ${megapixels(limits.maxInputPixels)}-megapixel limit; not decoded`,
  );
}

const firstLine = (error: unknown): string =>
  String((error as Error)?.message ?? error)
    .split("\n")[0]
    ?.trim() ?? "";
