/**
 * A set of whole numbers below 2^53 in one Float64Array (open addressing, linear probing):
 * 8 to 16 bytes a key where a JS Set of such numbers (heap numbers beyond 2^31) takes about
 * 50. A bulk load remembers millions of relationship keys with it (see kuzu-bulk.ts).
 */

const EMPTY = 0;
const MIN_CAPACITY = 1 << 10;

export class NumberSet {
  /** Keys stored plus one, so that 0 marks an empty slot. */
  private slots = new Float64Array(MIN_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    const stored = key + 1;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const value = slots[i] as number;
      if (value === stored) return true;
      if (value === EMPTY) return false;
    }
  }

  add(key: number): void {
    if (!Number.isSafeInteger(key) || key < 0 || key + 1 > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`NumberSet keys are whole numbers from 0 to 2^53 - 2, not ${key}`);
    }
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (insert(this.slots, key + 1)) this.count++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const value of old) if (value !== EMPTY) insert(this.slots, value);
  }
}

/** Puts `stored` (a key plus one) into its slot; false when it was there already. */
function insert(slots: Float64Array, stored: number): boolean {
  const mask = slots.length - 1;
  for (let i = hash(stored - 1) & mask; ; i = (i + 1) & mask) {
    const value = slots[i] as number;
    if (value === stored) return false;
    if (value === EMPTY) {
      slots[i] = stored;
      return true;
    }
  }
}

/** Mixes both 32-bit halves of the key (murmur3's finaliser). */
function hash(key: number): number {
  let h = Math.imul((key >>> 0) ^ Math.floor(key / 4294967296), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
