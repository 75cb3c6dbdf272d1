/** The embedded store's buffer pool: a default, a caller's hint for large loads, the user's override. */
import { describe, expect, it } from "vitest";
import { snapshotPoolHint } from "../../src/pipeline/arxiv-import.js";
import { bufferPoolBytes } from "../../src/store/kuzu.js";

const GiB = 1024 ** 3;

describe("bufferPoolBytes", () => {
  it("is 1 GiB unless a large write hints at more, and never more than 80% of memory", () => {
    expect(bufferPoolBytes({}, undefined, 24 * GiB)).toBe(GiB);
    expect(bufferPoolBytes({}, 0.2 * GiB, 24 * GiB)).toBe(GiB);
    expect(bufferPoolBytes({}, 6 * GiB, 24 * GiB)).toBe(6 * GiB);
    expect(bufferPoolBytes({}, 40 * GiB, 24 * GiB)).toBe(Math.floor(24 * GiB * 0.8));
    // A small machine keeps the default even when 80% of it is less.
    expect(bufferPoolBytes({}, 6 * GiB, 1 * GiB)).toBe(GiB);
  });

  it("KG_KUZU_BUFFER_MB wins over both; a value that is no number is ignored", () => {
    expect(bufferPoolBytes({ KG_KUZU_BUFFER_MB: "512" }, 6 * GiB, 24 * GiB)).toBe(512 * 1024 * 1024);
    expect(bufferPoolBytes({ KG_KUZU_BUFFER_MB: "lots" }, undefined, 24 * GiB)).toBe(GiB);
  });
});

describe("snapshotPoolHint", () => {
  it("asks 4 bytes of pool per byte of snapshot, a gzip counted at 3.8 times its size", () => {
    // The bench's 200,000 records (352 MB) fit the default; its 1,000,000 (1.76 GB) fail at 1 GiB and load at 6 GiB.
    expect(snapshotPoolHint(351_791_093, false) / GiB).toBeCloseTo(1.31, 2);
    expect(snapshotPoolHint(1_758_087_565, false) / GiB).toBeCloseTo(6.55, 2);
    expect(snapshotPoolHint(463_437_443, true) / GiB).toBeCloseTo(6.56, 2);
  });
});
