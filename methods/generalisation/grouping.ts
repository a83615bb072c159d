/**
 * Grouping of items by integer code tuples, on typed arrays (ARX's design, not Arquero's string
 * keys). Each column appends one mixed-radix digit to a numeric key per item; when the key space
 * would exceed 2^53 the keys are first renumbered densely. The final keys are numbered with a
 * dense table when the key space is at most {@link DENSE_LIMIT}, else with an open-addressing hash
 * table on typed arrays. Buffers are reused across calls.
 */

/** Key spaces up to this size are counted with a dense table instead of a hash table. */
export const DENSE_LIMIT = 1 << 22;

const MAX_EXACT = 2 ** 53;

/** Builds group ids of `count` items from code columns; reusable. */
export class KeyBuilder {
  private keys = new Float64Array(0);
  private count = 0;
  private space = 1;
  private dense = new Int32Array(0);
  private hashKeys = new Float64Array(0);
  private hashIds = new Int32Array(0);

  /** Starts a grouping of `count` items (every key 0). */
  begin(count: number): void {
    if (this.keys.length < count)
      this.keys = new Float64Array(Math.max(count, 2 * this.keys.length));
    this.keys.fill(0, 0, count);
    this.count = count;
    this.space = 1;
  }

  /**
   * Appends one digit per item: item i gets `lut[codes[items[i]]]`, in [0, cardinality).
   */
  append(codes: Int32Array, lut: Int32Array, items: Int32Array, cardinality: number): void {
    if (cardinality <= 1) return;
    if (this.space * cardinality > MAX_EXACT) this.compress();
    const keys = this.keys;
    const count = this.count;
    for (let i = 0; i < count; i++) {
      keys[i] =
        (keys[i] as number) * cardinality + (lut[codes[items[i] as number] as number] as number);
    }
    this.space *= cardinality;
  }

  /**
   * Numbers the distinct keys 0, 1, … in order of first appearance, writes each item's group id
   * into `groupOf` and returns the number of groups.
   */
  finish(groupOf: Int32Array): number {
    return this.space <= DENSE_LIMIT ? this.numberDense(groupOf) : this.numberHashed(groupOf);
  }

  private compress(): void {
    const ids = new Int32Array(this.count);
    const groups = this.finish(ids);
    for (let i = 0; i < this.count; i++) this.keys[i] = ids[i] as number;
    this.space = groups;
  }

  private numberDense(groupOf: Int32Array): number {
    const space = this.space;
    if (this.dense.length < space) {
      let size = Math.max(1024, this.dense.length);
      while (size < space) size *= 2;
      this.dense = new Int32Array(Math.min(size, DENSE_LIMIT)).fill(-1);
    }
    const dense = this.dense;
    const keys = this.keys;
    const count = this.count;
    let groups = 0;
    for (let i = 0; i < count; i++) {
      const key = keys[i] as number;
      let id = dense[key] as number;
      if (id < 0) {
        id = groups++;
        dense[key] = id;
      }
      groupOf[i] = id;
    }
    for (let i = 0; i < count; i++) dense[keys[i] as number] = -1;
    return groups;
  }

  private numberHashed(groupOf: Int32Array): number {
    const count = this.count;
    let capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    if (this.hashIds.length < capacity) {
      this.hashKeys = new Float64Array(capacity);
      this.hashIds = new Int32Array(capacity);
    }
    const mask = capacity - 1;
    const hashKeys = this.hashKeys;
    const hashIds = this.hashIds;
    hashIds.fill(-1, 0, capacity);
    const keys = this.keys;
    let groups = 0;
    for (let i = 0; i < count; i++) {
      const key = keys[i] as number;
      let slot = hashKey(key) & mask;
      for (;;) {
        const id = hashIds[slot] as number;
        if (id < 0) {
          hashKeys[slot] = key;
          hashIds[slot] = groups;
          groupOf[i] = groups++;
          break;
        }
        if (hashKeys[slot] === key) {
          groupOf[i] = id;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return groups;
  }
}

/** A 32-bit mix of an integer key below 2^53. */
function hashKey(key: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
