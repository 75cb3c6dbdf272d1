/**
 * Embeddings on disk, keyed by model and content hash, so nothing is embedded twice: an image
 * by the sha256 of its bytes, a text by the sha256 of the text. One little-endian float32 file
 * per vector under `<dir>/<model key>/<2 hex>/<hash>.f32`, written atomically.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "../graph/ids.js";

export class VectorCache {
  private readonly root: string;

  constructor(dir: string, model: string) {
    this.root = path.join(dir, model.replace(/[^A-Za-z0-9._@-]+/g, "_"));
  }

  static textKey(text: string): string {
    return sha256(`text\u0000${text}`);
  }

  get(hash: string): Float32Array | null {
    try {
      const bytes = readFileSync(this.file(hash));
      if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    } catch {
      return null;
    }
  }

  put(hash: string, vector: Float32Array): void {
    const file = this.file(hash);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
    renameSync(temporary, file);
  }

  private file(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), `${hash}.f32`);
  }
}
