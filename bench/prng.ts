/**
 * A small seeded pseudo-random generator (mulberry32) and the draws the corpus generator
 * needs. Same seed, same sequence, on every machine: the benchmark corpus is reproducible.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer when the pool is smaller), in drawn order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** Lower-case hexadecimal digits. */
  hex(length: number): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[int(0, items.length - 1)] as T;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    sample: <T>(items: readonly T[], count: number): T[] => {
      const pool = [...items];
      const drawn: T[] = [];
      while (drawn.length < count && pool.length > 0) {
        const [item] = pool.splice(int(0, pool.length - 1), 1);
        drawn.push(item as T);
      }
      return drawn;
    },
    hex: (length) => {
      let text = "";
      while (text.length < length) text += Math.floor(next() * 16).toString(16);
      return text;
    },
  };
}

/** Mixes a seed with a number (a note index, a model index) into an independent seed. */
export function deriveSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
