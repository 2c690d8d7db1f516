/**
 * sort: permutes several same-shape operands together along `dimension`, ordered
 * lexicographically by the first num_keys operands, stably.
 *
 * Key order is JAX's `_sort_lt_comparator`: floats are canonicalized first (-0.0 → +0.0, every
 * NaN → +NaN) and then compared in IEEE total order, so -0.0 and +0.0 tie (keeping their input
 * order), NaNs tie with each other and sort after +inf. The sorted values themselves keep their
 * original bits (-0.0 stays -0.0, NaN payloads survive). Ints compare as signed or unsigned by
 * dtype, bools as false < true.
 *
 * Every key is first mapped to a uint32 "rank" whose unsigned order is the key order; a row is
 * then sorted as a permutation, by LSD radix sort for long rows (stable, linear) and by a native
 * numeric sort of rank·2^21 + index (stable through the index) for short ones.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { allocTyped, type DType, type TypedArray } from "../../../dtype.ts";

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * A float32 value's rank in JAX's sort order: canonicalized, then its sign-magnitude bits mapped
 * onto a monotone unsigned line (negatives flipped, positives offset by 2^31).
 */
function floatRank(x: number): number {
  if (x !== x) return 0xffc00000; // canonical +NaN, just above +inf (0xff800000)
  if (x === 0) return 0x80000000; // -0 → +0
  f32[0] = x;
  const bits = u32[0];
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** Ranks of one row (n elements `stride` apart from `base`) of a key operand. */
function keyRanks(
  data: TypedArray,
  dtype: DType,
  base: number,
  stride: number,
  n: number,
  out: Uint32Array,
): void {
  if (dtype === "float32") {
    for (let i = 0; i < n; i++) out[i] = floatRank(data[base + i * stride]);
  } else if (dtype === "int32") {
    for (let i = 0; i < n; i++) out[i] = data[base + i * stride] ^ 0x80000000; // flip the sign
  } else {
    for (let i = 0; i < n; i++) out[i] = data[base + i * stride];
  }
}

/** Rows at least this long are radix sorted; shorter ones use the packed native sort. */
const RADIX_MIN = 1024;
// rank·2^21 + index is exact in a double while indices fit in 21 bits.
const PACK = 1 << 21;

/** Reusable scratch for sorting rows of length n. */
class Sorter {
  readonly perm: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly packed: Float64Array | null;
  private readonly hist = new Uint32Array(2048 * 3);

  constructor(readonly n: number) {
    this.perm = new Uint32Array(n);
    this.tmp = new Uint32Array(n);
    this.packed = n < RADIX_MIN ? new Float64Array(n) : null;
  }

  /** Sets `perm` to the stable sorting permutation for the rank rows (most significant first). */
  sortBy(ranks: Uint32Array[]): void {
    const { n, perm } = this;
    for (let k = 0; k < n; k++) perm[k] = k;
    if (this.packed === null) {
      // LSD: stable passes from the least significant key to the most significant.
      for (let j = ranks.length - 1; j >= 0; j--) this.radix(ranks[j]);
    } else if (ranks.length === 1) {
      const r = ranks[0], packed = this.packed;
      for (let k = 0; k < n; k++) packed[k] = r[k] * PACK + k;
      packed.sort();
      for (let k = 0; k < n; k++) perm[k] = packed[k] % PACK;
    } else {
      const order = Array.from(perm);
      order.sort((a, b) => {
        for (let j = 0; j < ranks.length; j++) {
          const ra = ranks[j][a], rb = ranks[j][b];
          if (ra !== rb) return ra < rb ? -1 : 1;
        }
        return a - b;
      });
      perm.set(order);
    }
  }

  /** One stable LSD radix sort of `perm` by `keys` (11-bit digits; constant digits skipped). */
  private radix(keys: Uint32Array): void {
    const { n, hist } = this;
    hist.fill(0);
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      hist[k & 2047]++;
      hist[2048 + ((k >>> 11) & 2047)]++;
      hist[4096 + (k >>> 22)]++;
    }
    let src = this.perm, dst = this.tmp;
    for (let pass = 0; pass < 3; pass++) {
      const h = pass * 2048, shift = pass * 11;
      // Exclusive prefix sums; a digit shared by every key needs no pass.
      let sum = 0, skip = false;
      for (let b = 0; b < 2048; b++) {
        const c = hist[h + b];
        if (c === n) skip = true;
        hist[h + b] = sum;
        sum += c;
      }
      if (skip) continue;
      for (let i = 0; i < n; i++) {
        const p = src[i];
        dst[hist[h + ((keys[p] >>> shift) & 2047)]++] = p;
      }
      const t = src;
      src = dst;
      dst = t;
    }
    if (src !== this.perm) this.perm.set(src);
  }
}

/** A 32-bit integer view of a float32 array, so that copies keep NaN payloads bit for bit. */
function bitsView(x: TypedArray): TypedArray {
  return x instanceof Float32Array ? new Uint32Array(x.buffer, x.byteOffset, x.length) : x;
}

export function sort(inputs: TypedArray[], avals: ShapedArray[], params: Params): TypedArray[] {
  const dim = params.dimension as number;
  const numKeys = params.num_keys as number;
  const shape = avals[0].shape;
  const n = shape[dim];
  let inner = 1;
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  const size = avals[0].size;
  if (size === 0 || n <= 1) return inputs.map((x) => x.slice());
  const outer = size / (n * inner);
  const dtype = avals[0].dtype;

  if (
    inputs.length === 1 && inner === 1 && (dtype === "int32" || dtype === "float32") &&
    (n < NATIVE_MAX || NATIVE_SORT_SCALES)
  ) {
    return [sortRowsNative(inputs[0], dtype, outer, n)];
  }

  const outs = inputs.map((_, j) => allocTyped(avals[j].dtype, size));
  const srcs = inputs.map(bitsView), dsts = outs.map(bitsView);
  const sorter = new Sorter(n);
  const ranks: Uint32Array[] = [];
  for (let j = 0; j < numKeys; j++) ranks.push(new Uint32Array(n));
  const perm = sorter.perm;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < numKeys; j++) {
        keyRanks(inputs[j], avals[j].dtype, base, inner, n, ranks[j]);
      }
      sorter.sortBy(ranks);
      for (let j = 0; j < inputs.length; j++) {
        const src = srcs[j], dst = dsts[j];
        for (let k = 0; k < n; k++) dst[base + k * inner] = src[base + perm[k] * inner];
      }
    }
  }
  return outs;
}

// The engines' native typed-array sorts differ: measured on 2^20 random float32s, V8 (Deno)
// takes ~105 ms where the radix path takes ~27 ms, while JavaScriptCore (Bun) takes ~9 ms (its
// radix path ~48 ms). Short rows are fastest natively on both.
const NATIVE_MAX = 4096;
const NATIVE_SORT_SCALES = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

/**
 * One float32/int32 operand sorted along its last axis with the engine's native typed-array
 * sort. For ints that is exactly the order wanted. For floats it is right except that it puts
 * -0 before +0 (JAX keeps them in input order) and need not keep NaN bit patterns, so the zero
 * run and the NaN tail are rewritten from the input, in input order, bit for bit.
 */
function sortRowsNative(src: TypedArray, dtype: DType, rows: number, n: number): TypedArray {
  const out = src.slice();
  for (let r = 0; r < rows; r++) out.subarray(r * n, (r + 1) * n).sort();
  if (dtype !== "float32") return out;
  const srcBits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const outBits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let zeros = 0, nans = 0, negZeros = 0;
    for (let k = 0; k < n; k++) {
      const v = src[base + k];
      if (v !== v) nans++;
      else if (v === 0) {
        zeros++;
        if (srcBits[base + k] !== 0) negZeros++;
      }
    }
    const mixedZeros = negZeros > 0 && negZeros < zeros;
    if (!mixedZeros && nans === 0) continue;
    // The zero run starts at the first element ≥ 0 among the non-NaN prefix.
    let z = mixedZeros ? base + lowerBoundZero(out, base, n - nans) : -1;
    let t = base + n - nans;
    for (let k = 0; k < n; k++) {
      const v = src[base + k];
      if (v !== v) outBits[t++] = srcBits[base + k];
      else if (z >= 0 && v === 0) outBits[z++] = srcBits[base + k];
    }
  }
  return out;
}

/** Offset (within the row) of the first element ≥ 0 among the first m sorted ones. */
function lowerBoundZero(out: TypedArray, base: number, m: number): number {
  let lo = 0, hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (out[base + mid] < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
