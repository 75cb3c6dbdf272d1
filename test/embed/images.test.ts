/**
 * Figures into pixels: every fixture is generated here with sharp (or byte by byte) in a temp
 * directory; a local HTTP server stands in for remote figures and for anything an SVG might
 * try to fetch. Each bad input gives one outcome with its rule, and nothing throws.
 */
import { execFile } from "node:child_process";
import { type LookupOptions, lookup as lookupName } from "node:dns";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, isIP, type LookupFunction, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import sharp, { type Sharp } from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostPolicy } from "../../src/embed/host-policy.js";
import {
  DEFAULT_IMAGE_LIMITS,
  type DecodedImage,
  detectImageFormat,
  type FigureSource,
  figureIdFor,
  type ImageOutcome,
  type LoadFigureOptions,
  loadFigureImage,
  sanitizeSvg,
} from "../../src/embed/images.js";
import { UsageError } from "../../src/errors.js";
import { sha256 } from "../../src/graph/ids.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** The tests' figure host: loopback (no traffic leaves the machine), allowed by an explicit list. */
const ALLOWED_ADDRESS = "127.0.0.2";
const ALLOWED: HostPolicy = { allowPrivateHosts: false, allowAddresses: [ALLOWED_ADDRESS] };
const RED = { r: 255, g: 0, b: 0 };
const GREEN = { r: 0, g: 255, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };

let dir: string;
let options: LoadFigureOptions;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "notegraph-images-"));
  options = { cacheDir: join(dir, "cache"), offline: true };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Fixture helpers

function file(name: string, bytes: Uint8Array | string): FigureSource {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { kind: "file", path };
}

function solid(width: number, height: number, colour: { r: number; g: number; b: number; alpha?: number }) {
  return sharp({
    create: { width, height, channels: colour.alpha === undefined ? 3 : 4, background: colour },
  });
}

async function load(source: FigureSource, extra: Partial<LoadFigureOptions> = {}): Promise<ImageOutcome> {
  return loadFigureImage(source, { ...options, ...extra });
}

async function decoded(source: FigureSource, extra: Partial<LoadFigureOptions> = {}): Promise<DecodedImage> {
  const outcome = await load(source, extra);
  if (!outcome.ok) throw new Error(`expected an image, got ${outcome.rule}: ${outcome.reason}`);
  return outcome.image;
}

async function refused(source: FigureSource, extra: Partial<LoadFigureOptions> = {}) {
  const outcome = await load(source, extra);
  if (outcome.ok)
    throw new Error(`expected a refusal, got a ${outcome.image.width}×${outcome.image.height} image`);
  return outcome;
}

/** The RGB of pixel (x, y). */
function pixel(image: DecodedImage, x: number, y: number): [number, number, number] {
  const at = (y * image.width + x) * 3;
  return [image.rgb[at] ?? -1, image.rgb[at + 1] ?? -1, image.rgb[at + 2] ?? -1];
}

function expectColour(actual: [number, number, number], expected: [number, number, number], tolerance = 6) {
  for (const [index, value] of actual.entries())
    expect(Math.abs(value - (expected[index] ?? 0)), `channel ${index} of ${actual}`).toBeLessThanOrEqual(
      tolerance,
    );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A real 1×1 PNG whose IHDR is rewritten to claim width×height (with a valid CRC): 70 bytes
 * that look like a 50-megapixel image to any header reader, so the test never allocates one.
 */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(1, 1, RED).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A 2×2 24-bit BMP, byte by byte (sharp does not write BMP). */
function bmp(): Buffer {
  const header = Buffer.alloc(54);
  header.write("BM", 0, "latin1");
  header.writeUInt32LE(54 + 16, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return Buffer.concat([header, Buffer.alloc(16, 0x80)]);
}

/** Two 8×8 frames, red then blue. */
async function animatedGif(): Promise<Buffer> {
  const frames = Buffer.concat([
    await solid(8, 8, RED).raw().toBuffer(),
    await solid(8, 8, BLUE).raw().toBuffer(),
  ]);
  return sharp(frames, { raw: { width: 8, height: 16, channels: 3, pageHeight: 8 } })
    .gif({ loop: 0, delay: [100, 100] })
    .toBuffer();
}

interface TestServer {
  url: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Route = (response: ServerResponse) => void;

/**
 * A server on a loopback address. Remote figures come from 127.0.0.2, which the tests allow
 * by name (ALLOWED), so 127.0.0.1 and ::1 stay refused as any private address is by default.
 */
async function startServer(routes: Record<string, Route>, host = "127.0.0.1"): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const route = routes[(request.url ?? "").split("?")[0] ?? ""];
    if (route) route(response);
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// ---------------------------------------------------------------------------------------------

describe("bad figures: one clear outcome each, nothing throws", () => {
  it("a corrupt image (truncated PNG, garbage bytes, PNG header with a bad CRC) is figure/corrupt", async () => {
    const png = await solid(300, 200, RED).png({ compressionLevel: 0 }).toBuffer();
    const truncated = await refused(file("truncated.png", png.subarray(0, 400)));
    expect(truncated).toMatchObject({ rule: "figure/corrupt" });
    expect(truncated.reason).toMatch(/^PNG image data is corrupt or truncated/);

    const garbage = await refused(file("garbage.png", "this is not an image at all, just text"));
    expect(garbage).toEqual({
      ok: false,
      rule: "figure/corrupt",
      reason: "content is not a recognisable image (starts with 74 68 69 73 20 69 73 20)",
    });

    const badCrc = Buffer.from(png);
    badCrc.writeUInt32BE(0, 29);
    expect(await refused(file("bad-crc.png", badCrc))).toMatchObject({ rule: "figure/corrupt" });
  });

  it("a zero-byte file, data URI or download is figure/empty", async () => {
    const path = join(dir, "empty.png");
    expect(await refused(file("empty.png", ""))).toEqual({
      ok: false,
      rule: "figure/empty",
      reason: `figure file ${path} is empty (0 bytes)`,
    });
    expect(await refused({ kind: "data", uri: "data:image/png;base64," })).toMatchObject({
      rule: "figure/empty",
    });
  });

  it("a 50-megapixel image is refused from its header alone, quickly", async () => {
    const started = performance.now();
    const outcome = await refused(file("huge.png", await pngClaiming(8000, 6250)));
    expect(outcome).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: "PNG image is 8000×6250 (50.0 megapixels), over the 40.0-megapixel limit; not decoded",
    });
    // Decoding 50 MP would take seconds and 150 MB: refusing from the header takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("lower limits apply: pixels from the header, bytes from stat", async () => {
    const png = await solid(2000, 1000, RED).png().toBuffer();
    const source = file("2mp.png", png);
    expect(await refused(source, { limits: { maxInputPixels: 1_000_000 } })).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: "PNG image is 2000×1000 (2.0 megapixels), over the 1.0-megapixel limit; not decoded",
    });
    expect(await refused(source, { limits: { maxBytes: 100 } })).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: `figure file ${join(dir, "2mp.png")} is ${png.length} bytes, over the limit of 100 bytes; not read`,
    });
  });

  it("BMP, TIFF, AVIF and an HTML page are figure/unsupported, naming the format found in the bytes", async () => {
    const tiff = await solid(4, 4, RED).tiff().toBuffer();
    const avif = await solid(16, 16, RED).avif().toBuffer();
    const cases: [FigureSource, string][] = [
      [file("figure.bmp", bmp()), "BMP"],
      // The extension says PNG; the content decides.
      [file("really-a-tiff.png", tiff), "TIFF"],
      [file("figure.avif", avif), "AVIF"],
      [file("login.png", "<!DOCTYPE html><html><body>Sign in</body></html>"), "HTML"],
    ];
    for (const [source, format] of cases)
      expect(await refused(source)).toEqual({
        ok: false,
        rule: "figure/unsupported",
        reason: `content is ${format}, not a supported figure format (PNG, JPEG, WebP, GIF or SVG)`,
      });
  });

  it("a missing file, a directory and a non-image data URI each have their own rule", async () => {
    expect(await refused({ kind: "file", path: join(dir, "nope.png") })).toMatchObject({
      rule: "figure/missing-file",
    });
    mkdirSync(join(dir, "folder.png"), { recursive: true });
    expect(await refused({ kind: "file", path: join(dir, "folder.png") })).toMatchObject({
      rule: "figure/unreadable",
      reason: `figure file ${join(dir, "folder.png")} is not a regular file`,
    });
    expect(await refused({ kind: "data", uri: "data:text/html,<b>hi</b>" })).toEqual({
      ok: false,
      rule: "figure/unsupported",
      reason: "data URI type text/html is not an image",
    });
    expect(await refused({ kind: "data", uri: "data:image/png;base64,iVBOR!!w0K" })).toMatchObject({
      rule: "figure/bad-data-uri",
    });
    expect(await refused({ kind: "data", uri: "data:image/png" })).toMatchObject({
      rule: "figure/bad-data-uri",
    });
  });

  it("invalid limits are a usage error, not an outcome", async () => {
    await expect(load({ kind: "data", uri: "data:," }, { limits: { targetSize: 0 } })).rejects.toThrow(
      UsageError,
    );
  });
});

describe("good figures decode to the target size and the right colour", () => {
  it("PNG with alpha is flattened onto white; the shorter side becomes 448", async () => {
    const png = await solid(1000, 500, { ...RED, alpha: 0.5 })
      .png()
      .toBuffer();
    const image = await decoded(file("half-red.png", png));
    expect([image.width, image.height, image.rgb.length]).toEqual([896, 448, 896 * 448 * 3]);
    expectColour(pixel(image, 10, 10), [255, 128, 128]);
    expect(image.original).toEqual({
      width: 1000,
      height: 500,
      format: "png",
      bytes: png.length,
      sha256: sha256(png),
    });
    expect(image.localPath).toBe(join(dir, "half-red.png"));
    expect(figureIdFor(png)).toBe(`figure:${sha256(png)}`);
  });

  it("JPEG, WebP and greyscale PNG give 3-channel RGB", async () => {
    const jpeg = await decoded(file("green.jpg", await solid(600, 900, GREEN).jpeg().toBuffer()));
    expect([jpeg.width, jpeg.height, jpeg.original.format]).toEqual([448, 672, "jpeg"]);
    expectColour(pixel(jpeg, 200, 300), [0, 255, 0], 8);

    const webp = await decoded(
      file("blue.webp", await solid(500, 500, BLUE).webp({ lossless: true }).toBuffer()),
    );
    expect([webp.width, webp.height, webp.original.format]).toEqual([448, 448, "webp"]);
    expectColour(pixel(webp, 5, 5), [0, 0, 255]);

    const grey = await solid(64, 64, { r: 128, g: 128, b: 128 }).toColourspace("b-w").png().toBuffer();
    const image = await decoded(file("grey.png", grey));
    expect(image.rgb.length).toBe(64 * 64 * 3);
    expectColour(pixel(image, 1, 1), [128, 128, 128], 2);
  });

  it("small images are not enlarged, and EXIF orientation is applied", async () => {
    const small = await decoded(file("small.png", await solid(100, 50, RED).png().toBuffer()));
    expect([small.width, small.height]).toEqual([100, 50]);
    const rotated = await solid(200, 100, RED).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const upright = await decoded(file("rotated.jpg", rotated));
    expect([upright.width, upright.height]).toEqual([100, 200]);
    expect([upright.original.width, upright.original.height]).toEqual([200, 100]);
  });

  it("an animated GIF gives its first frame", async () => {
    const image = await decoded(file("anim.gif", await animatedGif()));
    expect([image.width, image.height, image.original.format]).toEqual([8, 8, "gif"]);
    expectColour(pixel(image, 4, 4), [255, 0, 0]);
  });

  it("SVG renders with 448 on its shorter side, whatever its declared size or units", async () => {
    const rect = (attributes: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" ${attributes}><rect width="100%" height="100%" fill="#00f"/></svg>`;
    const cases: [string, number, number, number, number][] = [
      ['width="100" height="50"', 896, 448, 100, 50],
      ['width="100%" viewBox="0 0 300 600"', 448, 896, 300, 600],
      ['width="2in" height="1in"', 896, 448, 192, 96],
      ["", 896, 448, 300, 150],
    ];
    for (const [attributes, width, height, originalWidth, originalHeight] of cases) {
      const image = await decoded(file("figure.svg", rect(attributes)));
      expect([image.width, image.height, image.original.width, image.original.height], attributes).toEqual([
        width,
        height,
        originalWidth,
        originalHeight,
      ]);
      expectColour(pixel(image, image.width >> 1, image.height >> 1), [0, 0, 255]);
      expect(image.warnings).toEqual([]);
    }
  });

  it("data URIs: base64, percent-encoded binary, and utf8 SVG", async () => {
    const png = await solid(20, 10, GREEN).png().toBuffer();
    const base64 = await decoded({ kind: "data", uri: `data:image/png;base64,${png.toString("base64")}` });
    expect([base64.width, base64.height, base64.localPath, base64.original.sha256]).toEqual([
      20,
      10,
      null,
      sha256(png),
    ]);
    const percent = [...png].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
    expect((await decoded({ kind: "data", uri: `data:image/png,${percent}` })).original.sha256).toBe(
      sha256(png),
    );

    const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><circle r='50' fill='#f00'/></svg>`;
    for (const uri of [
      `data:image/svg+xml;utf8,${svg}`,
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    ]) {
      const image = await decoded({ kind: "data", uri });
      expect([image.width, image.height, image.original.format]).toEqual([448, 448, "svg"]);
      expectColour(pixel(image, 2, 2), [255, 0, 0]);
    }
  });

  it("format detection is by content", () => {
    expect(detectImageFormat(Buffer.from("GIF89a......"))).toEqual({ supported: "gif" });
    expect(detectImageFormat(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="x"/>'))).toEqual({
      supported: "svg",
    });
    expect(detectImageFormat(Buffer.from("%PDF-1.7"))).toEqual({ unsupported: "PDF" });
    expect(detectImageFormat(Buffer.from("plain words"))).toBeNull();
  });
});

describe("SVG: nothing outside the document is fetched or rendered", () => {
  let server: TestServer;
  let green: string;

  beforeAll(async () => {
    const png = await solid(32, 32, GREEN).png().toBuffer();
    green = join(dir, "green.png");
    writeFileSync(green, png);
    writeFileSync(
      join(dir, "other.svg"),
      `<svg xmlns="http://www.w3.org/2000/svg"><rect id="x" width="999" height="999" fill="#0f0"/></svg>`,
    );
    const image: Route = (response) => response.writeHead(200, { "content-type": "image/png" }).end(png);
    server = await startServer({ "/evil.png": image, "/evil.css": (r) => r.end("rect{fill:#0f0}") });
  });
  afterAll(() => server.close());

  const hostile = () => `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/css" href="${server.url}/evil.css"?>
<!DOCTYPE svg [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "${server.url}/xxe">
  <!ENTITY ns_svg "http://www.w3.org/2000/svg">
]>
<svg xmlns="&ns_svg;" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xi="http://www.w3.org/2001/XInclude"
     width="200" height="100" onload="alert(1)">
  <style>@import url("${server.url}/evil.css"); .paint { fill: url(${server.url}/paint.svg#g) #f00 }</style>
  <rect width="200" height="100" fill="#fff"/>
  <rect class="paint" x="50" y="25" width="100" height="50"/>
  <image href="${server.url}/evil.png" width="200" height="100"/>
  <image xlink:href="file:///etc/passwd" width="200" height="100"/>
  <image xlink:href="${pathToFileURL(green)}" width="200" height="100"/>
  <image href="${green}" width="200" height="100"/>
  <image href="/etc/passwd" width="200" height="100"/>
  <image href="&#104;ttp://127.0.0.1/encoded.png" width="200" height="100"/>
  <use href="${pathToFileURL(join(dir, "other.svg"))}#x"/>
  <use href="other.svg#x"/>
  <image href="green.png" width="200" height="100"/>
  <rect style="fill: \\75 rl(${server.url}/escaped.svg#g)" width="1" height="1"/>
  <xi:include href="${server.url}/include.xml" parse="text"/>
  <foreignObject width="200" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml" src="${server.url}/frame"/></foreignObject>
  <script>fetch("${server.url}/script")</script>
  <text x="0" y="90" font-size="8">&xxe;&remote;</text>
</svg>`;

  // librsvg given a *path* loads siblings such as green.png (checked by hand: 100% green);
  // given the sanitised buffer it must load nothing at all. An absolute path in <image href>
  // is read by renderers that resolve hrefs on disk (resvg-js does: measured, see the README's
  // Figures section), so the sanitiser must drop it too.
  it("renders only what the document itself draws, with zero requests to the server", async () => {
    const image = await decoded(file("hostile.svg", hostile()));
    expect([image.width, image.height]).toEqual([896, 448]);
    expect(server.requests).toEqual([]);
    // Only white, the red rectangle (its external paint falls back to red) and their edges:
    // no green from the served image, the local file or the other SVG.
    let greenish = 0;
    for (let at = 0; at < image.rgb.length; at += 3)
      if ((image.rgb[at + 1] ?? 0) > 200 && (image.rgb[at] ?? 0) < 100) greenish++;
    expect(greenish).toBe(0);
    expectColour(pixel(image, 448, 224), [255, 0, 0]);
    expectColour(pixel(image, 20, 20), [255, 255, 255]);
    expect(image.warnings).toEqual([
      {
        rule: "figure/svg-external-ref",
        message: "removed 19 external reference(s) or script(s) from the SVG before rendering",
      },
    ]);
  });

  it("the sanitised document keeps no trace of the references", () => {
    const { svg, removed, error } = sanitizeSvg(hostile());
    expect(error).toBeUndefined();
    expect(removed).toBe(19);
    for (const trace of [
      "127.0.0.1",
      "passwd",
      "file:",
      "other.svg",
      "green.png",
      "<script",
      "foreignObject",
      "iframe",
      "include",
      "@import",
      "ENTITY",
      "DOCTYPE",
      "xml-stylesheet",
      "onload",
      "\\",
    ])
      expect(svg, trace).not.toContain(trace);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain("fill: url(#notegraph-removed) #f00");
  });

  it("keeps fragment references, raster data images and hyperlinks' absence unremarked", () => {
    const dataPng = "data:image/png;base64,iVBORw0KGgo=";
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
      <defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:url('#g')"/><use xlink:href="#g"/>
      <image href="${dataPng}"/><image href="data:image/svg+xml;base64,PHN2Zy8+"/><a href="https://example.com">link</a>
      <rect style="fill:url(data:image/svg+xml;base64,PHN2Zy8+#g)"/></svg>`;
    const result = sanitizeSvg(svg);
    // The nested SVG data URI and the data URI in CSS; a dropped hyperlink is not worth a warning.
    expect(result.removed).toBe(2);
    expect(result.svg).toContain('fill="url(#g)" style="fill:url(\'#g\')"');
    expect(result.svg).toContain('xlink:href="#g"');
    expect(result.svg).toContain(`href="${dataPng}"`);
    expect(result.svg).not.toContain("image/svg+xml");
    expect(result.svg).toContain("<a>link</a>");
  });

  it("embedded rasters must be a readable PNG/JPEG/GIF/WebP under the pixel limit", async () => {
    const embed = (uri: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><image href="${uri}" width="20" height="10"/></svg>`;
    const green = (await solid(20, 10, GREEN).png().toBuffer()).toString("base64");
    const image = await decoded(file("embeds-green.svg", embed(`data:image/png;base64,${green}`)));
    expectColour(pixel(image, 448, 224), [0, 255, 0]);
    expect(image.warnings).toEqual([]);

    const bomb = (await pngClaiming(8000, 6250)).toString("base64");
    expect(await refused(file("embeds-bomb.svg", embed(`data:image/png;base64,${bomb}`)))).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: "SVG embeds images of 50.0 megapixels in all, over the 40.0-megapixel limit; not decoded",
    });
    const disguised = bmp().toString("base64");
    expect(await refused(file("embeds-bmp.svg", embed(`data:image/png;base64,${disguised}`)))).toEqual({
      ok: false,
      rule: "figure/corrupt",
      reason: "SVG embeds an image that is not a readable PNG, JPEG, GIF or WebP",
    });
  });

  it("pathological inputs stay fast (no regex backtracking blow-ups)", async () => {
    const started = performance.now();
    expect(detectImageFormat(Buffer.from(`${"<!--a-->".repeat(5000)}<p>`))).toEqual({
      unsupported: "XML that is not SVG",
    });
    const digits = `<svg xmlns="http://www.w3.org/2000/svg" width="${"1".repeat(100_000)}x" height="10"/>`;
    // Not a length, so ignored as a browser would: 300 wide by default.
    expect((await decoded(file("digits.svg", digits))).original).toMatchObject({ width: 300, height: 10 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("billion laughs expands to nothing; malformed XML is an error, not an exception", () => {
    const laughs = `<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;&lol;</text></svg>`;
    expect(sanitizeSvg(laughs)).toEqual({
      svg: '<svg xmlns="http://www.w3.org/2000/svg"><text>lol</text></svg>',
      removed: 1,
    });
    expect(sanitizeSvg("<svg><g></svg>").error).toBe("</svg> does not close <g>");
    expect(sanitizeSvg('<svg a="1" & b="2"/>').error).toMatch(/malformed start tag/);
    expect(sanitizeSvg("<html/>").error).toBe("root element is <html>, not <svg>");
    expect(sanitizeSvg("<svg>&undeclared;</svg>").error).toBe("undeclared entity &undeclared;");
  });

  it("absurd or empty sizes are refused before rendering", async () => {
    const svg = (attributes: string) => `<svg xmlns="http://www.w3.org/2000/svg" ${attributes}/>`;
    expect(await refused(file("wide.svg", svg('width="1e9" height="10"')))).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: "SVG declares an absurd size of 1000000000×10 px",
    });
    expect(await refused(file("thin.svg", svg('width="1" height="200000"')))).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason:
        "SVG would render at 448×89600000 (40140.8 megapixels), over the 40.0-megapixel limit; not decoded",
    });
    expect(await refused(file("zero.svg", svg('width="0" height="10"')))).toMatchObject({
      rule: "figure/empty",
    });
    expect(await refused(file("broken.svg", "<svg xmlns='http://www.w3.org/2000/svg'><g>"))).toEqual({
      ok: false,
      rule: "figure/corrupt",
      reason: "SVG is not well-formed: <g> is never closed",
    });
  });
});

describe("remote figures", () => {
  let server: TestServer;
  let png: Buffer;
  let cacheDir: string;
  const online = (): Partial<LoadFigureOptions> => ({
    cacheDir,
    offline: false,
    limits: { downloadTimeoutMs: 2000 },
    hosts: ALLOWED,
  });

  beforeAll(async () => {
    cacheDir = join(dir, "remote-cache");
    png = await solid(40, 20, BLUE).png().toBuffer();
    const chunk = Buffer.alloc(64 * 1024, 7);
    server = await startServer(
      {
        "/figure.png": (r) => r.writeHead(200, { "content-type": "image/png" }).end(png),
        "/moved.png": (r) => r.writeHead(302, { location: "/figure.png" }).end(),
        "/loop": (r) => r.writeHead(302, { location: "/loop" }).end(),
        "/to-file": (r) => r.writeHead(302, { location: "file:///etc/passwd" }).end(),
        "/empty.png": (r) => r.writeHead(200).end(),
        "/declared-huge": (r) => r.writeHead(200, { "content-length": String(50 * 1048576) }).end(chunk),
        // Chunked, no length: the limit must be enforced while streaming.
        "/endless": (r) => {
          r.writeHead(200, { "content-type": "image/png" });
          const timer = setInterval(() => r.write(chunk), 1);
          r.on("close", () => clearInterval(timer));
        },
        "/hang": () => {},
        "/trickle": (r) => {
          r.writeHead(200);
          const timer = setInterval(() => r.write("x"), 50);
          r.on("close", () => clearInterval(timer));
        },
      },
      ALLOWED_ADDRESS,
    );
  });
  afterAll(() => server.close());

  it("downloads once into the cache with a sidecar; later loads make no request", async () => {
    const url = `${server.url}/figure.png`;
    const first = await decoded({ kind: "url", url }, online());
    const cached = join(cacheDir, "figures", sha256(url));
    expect([first.width, first.height, first.localPath, first.original.sha256]).toEqual([
      40,
      20,
      cached,
      sha256(png),
    ]);
    expect(readFileSync(cached)).toEqual(png);
    const sidecar = JSON.parse(readFileSync(`${cached}.json`, "utf8"));
    expect(sidecar).toMatchObject({ url, finalUrl: url, contentType: "image/png", bytes: png.length });
    expect(Date.parse(sidecar.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);

    await decoded({ kind: "url", url }, online());
    const offline = await decoded({ kind: "url", url }, { cacheDir, offline: true });
    expect(offline.original.sha256).toBe(sha256(png));
    expect(server.requests.filter((path) => path === "/figure.png")).toHaveLength(1);
  });

  it("offline and not cached: figure/offline without touching the network", async () => {
    const before = server.requests.length;
    expect(
      await refused({ kind: "url", url: `${server.url}/never.png` }, { cacheDir, offline: true }),
    ).toEqual({
      ok: false,
      rule: "figure/offline",
      reason: "remote figure not downloaded: offline",
    });
    expect(server.requests.length).toBe(before);
  });

  it("follows redirects (at most 5, http(s) only) and records the final URL", async () => {
    const url = `${server.url}/moved.png`;
    await decoded({ kind: "url", url }, online());
    const sidecar = JSON.parse(readFileSync(join(cacheDir, "figures", `${sha256(url)}.json`), "utf8"));
    expect(sidecar.finalUrl).toBe(`${server.url}/figure.png`);

    expect(await refused({ kind: "url", url: `${server.url}/loop` }, online())).toEqual({
      ok: false,
      rule: "figure/download",
      reason: `download of ${server.url}/loop failed: more than 5 redirects`,
    });
    expect(server.requests.filter((path) => path === "/loop")).toHaveLength(6);
    expect(await refused({ kind: "url", url: `${server.url}/to-file` }, online())).toMatchObject({
      rule: "figure/download",
      reason: `download of ${server.url}/to-file redirected to a non-http(s) URL: file:///etc/passwd`,
    });
  });

  it("failed downloads say why and leave nothing in the cache", async () => {
    expect(await refused({ kind: "url", url: `${server.url}/missing.png` }, online())).toEqual({
      ok: false,
      rule: "figure/download",
      reason: `download of ${server.url}/missing.png failed: HTTP 404 Not Found`,
    });
    expect(await refused({ kind: "url", url: `${server.url}/empty.png` }, online())).toMatchObject({
      rule: "figure/empty",
    });
    const closed = await startServer({}, ALLOWED_ADDRESS);
    await closed.close();
    const refusedPort = await refused({ kind: "url", url: `${closed.url}/figure.png` }, online());
    expect(refusedPort).toMatchObject({ rule: "figure/download" });
    expect(refusedPort.reason).toMatch(
      new RegExp(`^download of ${closed.url}/figure.png failed: .*ECONNREFUSED`),
    );
    expect(await refused({ kind: "url", url: "ftp://example.com/figure.png" }, online())).toMatchObject({
      rule: "figure/unsupported-src",
    });
    expect(readdirSync(join(cacheDir, "figures")).filter((name) => name.includes(".part"))).toEqual([]);
  });

  it("the byte limit aborts a body that is too big, declared or streamed", async () => {
    const limits = { maxBytes: 1024 * 1024, downloadTimeoutMs: 5000 };
    const declared = await refused(
      { kind: "url", url: `${server.url}/declared-huge` },
      { ...online(), limits },
    );
    expect(declared).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: `remote figure ${server.url}/declared-huge is 50.0 MB, over the limit of 1.0 MB; not read`,
    });
    const started = performance.now();
    const streamed = await refused({ kind: "url", url: `${server.url}/endless` }, { ...online(), limits });
    expect(streamed).toEqual({
      ok: false,
      rule: "figure/too-large",
      reason: `remote figure ${server.url}/endless is over the limit of 1.0 MB; download aborted`,
    });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(existsSync(join(cacheDir, "figures", sha256(`${server.url}/endless`)))).toBe(false);
  });

  it("times out on a server that never answers, or trickles", async () => {
    for (const path of ["/hang", "/trickle"]) {
      const started = performance.now();
      const outcome = await refused(
        { kind: "url", url: `${server.url}${path}` },
        { ...online(), limits: { downloadTimeoutMs: 300 } },
      );
      expect(outcome).toEqual({
        ok: false,
        rule: "figure/download",
        reason: `download of ${server.url}${path} timed out after 300 ms`,
      });
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});

/** Where a note's figure URL may point, and what the refusal says about it. */
const REFUSED_TARGETS: [name: string, url: string, what: string | RegExp][] = [
  ["127.0.0.1", "http://127.0.0.1:{v4}/figure.png", "127.0.0.1 is a loopback address"],
  ["10.0.0.1", "http://10.0.0.1/figure.png", "10.0.0.1 is a private address"],
  [
    "169.254.169.254 (cloud metadata)",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "169.254.169.254 is a link-local address (the cloud metadata service)",
  ],
  ["[::1]", "http://[::1]:{v6}/figure.png", "::1 is a loopback address"],
  [
    "localhost",
    "http://localhost:{v4}/figure.png",
    /localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
  ],
  [
    "a name that resolves to loopback",
    "http://figures.test:{v4}/figure.png",
    "figures.test resolves to 127.0.0.1, a loopback address",
  ],
  [
    "IPv4-mapped IPv6 loopback",
    "http://[::ffff:127.0.0.1]:{v4}/figure.png",
    "::ffff:7f00:1 is the IPv4-mapped form of 127.0.0.1, a loopback address",
  ],
  ["127.0.0.1 written as a number", "http://2130706433:{v4}/figure.png", "127.0.0.1 is a loopback address"],
  ["0.0.0.0", "http://0.0.0.0:{v4}/figure.png", "0.0.0.0 is the unspecified address (this machine)"],
  ["multicast", "http://224.0.0.1/figure.png", "224.0.0.1 is a multicast address"],
  [
    "IPv6 cloud metadata",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "fd00:ec2::254 is a unique-local (private) address (the cloud metadata service)",
  ],
];

describe("figure hosts: only public addresses are fetched unless allowed", () => {
  let allowed: TestServer;
  let loopback: TestServer;
  let loopback6: TestServer;
  let cacheDir: string;
  let guard: ReturnType<typeof guardOffMachine>;
  let png: Buffer;
  const figure: Route = (r) => r.writeHead(200, { "content-type": "image/png" }).end(png);

  /** `{v4}` and `{v6}` are the ports of the loopback servers, which must see no request. */
  const at = (template: string) =>
    template.replace("{v4}", String(loopback.port)).replace("{v6}", String(loopback6.port));
  /** figures.test is the loopback address, rebind.test answers 127.0.0.2 once and then 127.0.0.1. */
  let rebindAnswers = 0;
  const lookup = mapNames({
    "figures.test": () => "127.0.0.1",
    "allowed.test": () => ALLOWED_ADDRESS,
    "rebind.test": () => (rebindAnswers++ === 0 ? ALLOWED_ADDRESS : "127.0.0.1"),
  });
  const online = (hosts: HostPolicy = { ...ALLOWED, lookup }): Partial<LoadFigureOptions> => ({
    cacheDir,
    offline: false,
    limits: { downloadTimeoutMs: 2000 },
    hosts,
  });
  const because = (what: string) =>
    `${what}; figures are fetched from public hosts only (--allow-private-hosts lifts this)`;

  beforeAll(async () => {
    guard = guardOffMachine();
    cacheDir = join(dir, "hosts-cache");
    png = await solid(24, 12, GREEN).png().toBuffer();
    loopback = await startServer({ "/figure.png": figure });
    loopback6 = await startServer({ "/figure.png": figure }, "::1");
    const routes: Record<string, Route> = {
      "/figure.png": figure,
      "/to-self": (r) => r.writeHead(302, { location: "/figure.png" }).end(),
    };
    allowed = await startServer(routes, ALLOWED_ADDRESS);
    for (const [index, [, template]] of REFUSED_TARGETS.entries())
      routes[`/via/${index}`] = (r) => r.writeHead(302, { location: at(template) }).end();
  });
  afterAll(async () => {
    guard.restore();
    await Promise.all([allowed.close(), loopback.close(), loopback6.close()]);
  });

  const noRequestReached = () => {
    expect(loopback.requests).toEqual([]);
    expect(loopback6.requests).toEqual([]);
    expect(guard.attempts).toEqual([]);
  };

  it.each(REFUSED_TARGETS)("refuses %s, with no request", async (_name, template, what) => {
    const url = at(template);
    const outcome = await refused({ kind: "url", url }, online());
    expect(outcome.rule).toBe("figure/refused-host");
    if (typeof what === "string") expect(outcome.reason).toBe(`download of ${url} refused: ${because(what)}`);
    else expect(outcome.reason).toMatch(what);
    expect(existsSync(join(cacheDir, "figures", sha256(url)))).toBe(false);
    noRequestReached();
  });

  it.each(REFUSED_TARGETS)(
    "refuses a redirect to %s: every hop is checked",
    async (_name, template, what) => {
      const index = REFUSED_TARGETS.findIndex((target) => target[1] === template);
      const url = `${allowed.url}/via/${index}`;
      const outcome = await refused({ kind: "url", url }, online());
      expect(outcome.rule).toBe("figure/refused-host");
      const hop = `download of ${url} refused: it redirects to ${new URL(at(template)).href}, and `;
      expect(outcome.reason.startsWith(hop), `${outcome.reason}\n${hop}`).toBe(true);
      if (typeof what === "string") expect(outcome.reason).toBe(`${hop}${because(what)}`);
      else expect(outcome.reason).toMatch(what);
      expect(allowed.requests).toContain(`/via/${index}`);
      noRequestReached();
    },
  );

  it("checks at connect time: a name that answers differently on the redirect (DNS rebinding) is refused", async () => {
    rebindAnswers = 0;
    const url = `http://rebind.test:${allowed.port}/to-self`;
    const outcome = await refused({ kind: "url", url }, online());
    expect(outcome).toEqual({
      ok: false,
      rule: "figure/refused-host",
      reason: `download of ${url} refused: it redirects to http://rebind.test:${allowed.port}/figure.png, and ${because(
        "rebind.test resolves to 127.0.0.1, a loopback address",
      )}`,
    });
    expect(rebindAnswers).toBe(2);
    expect(allowed.requests.filter((path) => path === "/figure.png")).toEqual([]);
  });

  it("an allowed host still downloads, by address or by name; the default allows none of them", async () => {
    for (const url of [`${allowed.url}/figure.png`, `http://allowed.test:${allowed.port}/figure.png`]) {
      const image = await decoded({ kind: "url", url }, online());
      expect([image.width, image.height, image.original.sha256], url).toEqual([24, 12, sha256(png)]);
    }
    const fresh = `${allowed.url}/figure.png?fresh`;
    expect(await refused({ kind: "url", url: fresh }, { cacheDir, offline: false })).toEqual({
      ok: false,
      rule: "figure/refused-host",
      reason: `download of ${fresh} refused: ${because("127.0.0.2 is a loopback address")}`,
    });
  });

  it("allowPrivateHosts (--allow-private-hosts) fetches from any address", async () => {
    const url = `http://localhost:${loopback.port}/figure.png?any`;
    const image = await decoded(
      { kind: "url", url },
      online({ allowPrivateHosts: true, allowAddresses: [] }),
    );
    expect(image.original.sha256).toBe(sha256(png));
    expect(loopback.requests).toEqual(["/figure.png?any"]);
  });
});

/** Names the test resolves itself (the production code checks its answers like the system's). */
function mapNames(names: Record<string, () => string>): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    const address = names[hostname]?.();
    // localhost comes from /etc/hosts; the tests use no other name.
    if (!address) lookupName(hostname, options, callback as never);
    else if (options.all) callback(null, [{ address, family: isIP(address) }]);
    else callback(null, address, isIP(address));
  }) as LookupFunction;
}

/**
 * A seatbelt, not part of what is asserted about the code: should a regression let a refused
 * address through, the socket stops here instead of sending a packet to 10.0.0.1 or
 * 169.254.169.254 (the machine this runs on allows loopback traffic only). Each attempt is
 * recorded, and the tests above require none.
 */
function guardOffMachine(): { attempts: string[]; restore(): void } {
  const attempts: string[] = [];
  const connect = Socket.prototype.connect;
  const local = /^(?:127\.|::1$|::ffff:127\.|::ffff:7f|0\.0\.0\.0$)/i;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === "object" && first !== null ? (first as { host?: string }).host : undefined;
    if (host && isIP(host) && !local.test(host)) {
      attempts.push(host);
      process.nextTick(() => this.destroy(new Error(`test guard: no connection to ${host}`)));
      return this;
    }
    return Reflect.apply(connect, this, args);
  } as typeof connect;
  const restore = () => {
    Socket.prototype.connect = connect;
  };
  return { attempts, restore };
}

describe("memory stays bounded", () => {
  /**
   * 20 loads of 20-megapixel images (5000×4000; JPEG, PNG, WebP and GIF, five files each) in a
   * child process, whose peak RSS (getrusage maxrss) is not inflated by generating the fixtures
   * here. Decoding one naively would hold 20 MP × 4 B = 80 MB, and 20 of them 1.6 GB if nothing
   * were freed; the bound of 600 MB above the child's baseline leaves room for libvips' worst
   * case (a GIF frame has no shrink-on-load: about 150 MB) and glibc's arenas, while catching
   * leaks or whole-batch retention. Measured on 2 cores: about 225 MB.
   */
  it("peak RSS while loading 20 images of 20 MP in sequence", async () => {
    const big = join(dir, "big");
    mkdirSync(big, { recursive: true });
    const files = await bigImages(big);
    const script = join(big, "measure.mts");
    writeFileSync(script, measureScript(files));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: ROOT,
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    console.info(
      `20 × 20 MP: baseline ${result.baselineMB} MB, peak ${result.peakMB} MB, +${result.peakMB - result.baselineMB} MB, ${result.ms} ms`,
    );
    expect(result.loaded).toBe(20);
    expect(result.peakMB - result.baselineMB).toBeLessThan(600);
  });
});

/** Four 5000×4000 images, upscaled from a small drawing so each encodes in well under a second. */
async function bigImages(into: string): Promise<string[]> {
  const drawing = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="400"><rect width="500" height="400" fill="#48c"/>${Array.from(
        { length: 30 },
        (_, i) =>
          `<circle cx="${(i * 61) % 500}" cy="${(i * 33) % 400}" r="${10 + i}" fill="hsl(${i * 12},70%,50%)"/>`,
      ).join("")}</svg>`,
    ),
  )
    .png()
    .toBuffer();
  const encoders: [string, (image: Sharp) => Sharp][] = [
    ["jpg", (image) => image.jpeg({ quality: 85 })],
    ["png", (image) => image.png({ compressionLevel: 2 })],
    ["webp", (image) => image.webp({ quality: 70, effort: 0 })],
    ["gif", (image) => image.gif({ effort: 1, colours: 16, dither: 0 })],
  ];
  const files: string[] = [];
  for (const [extension, encode] of encoders) {
    const bytes = await encode(sharp(drawing).resize(5000, 4000, { kernel: "linear" })).toBuffer();
    for (let copy = 0; copy < 5; copy++) {
      const path = join(into, `big-${copy}.${extension}`);
      writeFileSync(path, bytes);
      files.push(path);
    }
  }
  return files;
}

function measureScript(files: string[]): string {
  const module = pathToFileURL(join(ROOT, "src/embed/images.ts")).href;
  return `
import { loadFigureImage } from ${JSON.stringify(module)};
const files = ${JSON.stringify(files)};
const options = { cacheDir: ${JSON.stringify(dir)}, offline: true };
// Warm up (libvips and librsvg initialised) so the baseline is the steady state before the batch.
await loadFigureImage({ kind: "data", uri: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>" }, options);
const baseline = process.memoryUsage().rss;
const started = Date.now();
let loaded = 0;
for (const path of files) {
  const outcome = await loadFigureImage({ kind: "file", path }, options);
  if (!outcome.ok || outcome.image.height !== 448) throw new Error(path + ": " + JSON.stringify(outcome.ok || outcome));
  loaded++;
}
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ loaded, baselineMB: Math.round(baseline / 1048576), peakMB: Math.round(peak / 1048576), ms: Date.now() - started }));
`;
}

it("DEFAULT_IMAGE_LIMITS are the documented ones", () => {
  expect(DEFAULT_IMAGE_LIMITS).toEqual({
    maxInputPixels: 40_000_000,
    maxBytes: 25 * 1024 * 1024,
    targetSize: 448,
    downloadTimeoutMs: 15_000,
  });
});
