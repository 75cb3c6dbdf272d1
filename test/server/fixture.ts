/**
 * The graph the API tests serve: examples/ plus a folder of our own notes, ingested with
 * `kg ingest --embed --offline` on the tiny CLIP model. Our notes bring what examples/ lacks:
 * a title that is HTML, a local red figure (figure search finds it for "red"), a figure
 * reached through a symlink that points out of the notes' folder, a figure beside the
 * folder (`../outside/...`), a tag, and links between notes.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { kg } from "../helpers/cli.js";
import { EXAMPLES, tempDir } from "../helpers/extract.js";
import { makeTinyClip } from "../make-tiny-clip.js";

export const XSS_TITLE = "<script>alert(1)</script>";

export interface Fixture {
  base: string;
  dataDir: string;
  notes: string;
  outside: string;
  modelDir: string;
  env: Record<string, string>;
}

async function solid(file: string, rgb: [number, number, number]): Promise<void> {
  await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  })
    .png()
    .toFile(file);
}

export async function buildFixture(): Promise<Fixture> {
  const base = tempDir("notegraph-server-");
  const notes = join(base, "mine");
  const outside = join(base, "outside");
  const modelDir = join(base, "models");
  mkdirSync(join(notes, "img"), { recursive: true });
  mkdirSync(outside, { recursive: true });
  await solid(join(notes, "img", "red.png"), [220, 20, 20]);
  await solid(join(outside, "secret.png"), [20, 200, 30]);
  await solid(join(outside, "other.png"), [20, 30, 220]);
  symlinkSync(join(outside, "secret.png"), join(notes, "img", "link.png"));
  await makeTinyClip(modelDir);
  writeFileSync(
    join(notes, "xss.md"),
    [
      "---",
      `title: "${XSS_TITLE}"`,
      "tags: [testing]",
      "---",
      "",
      "# CLIP",
      "",
      "This note is about CLIP and contrastive learning.",
      "",
      "![a red square](img/red.png)",
      "",
      "![through a symlink](img/link.png)",
      "",
      "![beside the notes](../outside/other.png)",
      "",
      "See [[other]].",
      "",
    ].join("\n"),
  );
  writeFileSync(join(notes, "other.md"), ["# Other", "", "Links back to [[xss]].", ""].join("\n"));
  const dataDir = join(base, "kg");
  const env = { KG_MODEL_DIR: modelDir, KG_CLIP_MODEL: "tiny-clip" };
  const result = await kg(["ingest", EXAMPLES, notes, "--data-dir", dataDir, "--embed", "--offline"], {
    env,
  });
  if (result.code !== 0) throw new Error(`kg ingest failed (${result.code}): ${result.stderr}`);
  if (!/embed: tiny-clip/.test(result.stderr)) throw new Error(`figures were not embedded: ${result.stderr}`);
  return { base, dataDir, notes, outside, modelDir, env };
}
