/**
 * A full garbage collection, on demand. Node exposes `gc()` only under `--expose-gc`; setting
 * that flag at run time and taking the function from a fresh context is the documented way
 * round it (node:v8 setFlagsFromString). Used where a large heap has just become garbage and
 * the process is about to wait in native code (a bulk load's COPYs), so that the memory goes
 * back to the system before Kuzu needs its own.
 */
import v8 from "node:v8";
import vm from "node:vm";

let collector: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collector === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      const found: unknown = vm.runInNewContext("typeof gc === 'function' ? gc : null");
      collector = typeof found === "function" ? (found as () => void) : null;
    } catch {
      collector = null;
    }
  }
  collector?.();
}
