/**
 * threefry2x32: the Threefry-2x32 block cipher (20 rounds) behind jax.random, exactly as
 * jax_semantics.md §A.1 (JAX's `_threefry2x32_lowering`).
 *
 * Everything is uint32 adds, xors and rotations, so the loop keeps words as int32 in JS (`| 0`
 * after each add; xor and shifts already give int32) and the Uint32Array stores reinterpret the
 * bits. No allocation happens per element.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { TypedArray } from "../../../dtype.ts";
import { broadcastTo } from "./structural.ts";

/**
 * threefry2x32(k1, k2, x1, x2) → [y1, y2]. Operands are full-size or single-element (rank 0, or
 * all axes 1); lax's size-1 broadcasting along some axes is materialised first.
 */
export function threefry2x32(
  inputs: TypedArray[],
  inAvals: ShapedArray[],
  out: ShapedArray,
): TypedArray[] {
  const n = out.size;
  const ins = inputs.map((x, j) => {
    const a = inAvals[j];
    return a.size === n || a.size === 1 ? x : broadcastTo(x, a, out.shape);
  });
  const y1 = new Uint32Array(n), y2 = new Uint32Array(n);
  if (n === 0) return [y1, y2];
  const [k1, k2, x1, x2] = ins;
  // Stride 0 reads the single element of a broadcast operand.
  const s1 = k1.length === 1 ? 0 : 1, s2 = k2.length === 1 ? 0 : 1;
  const t1 = x1.length === 1 ? 0 : 1, t2 = x2.length === 1 ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const ks0 = k1[i * s1] | 0, ks1 = k2[i * s2] | 0;
    const ks2 = ks0 ^ ks1 ^ 0x1bd11bda;
    let v0 = (x1[i * t1] + ks0) | 0;
    let v1 = (x2[i * t2] + ks1) | 0;
    // rot0 = 13, 15, 26, 6; rot1 = 17, 29, 16, 24; key injection after every 4 rounds.
    v0 = (v0 + v1) | 0, v1 = (v1 << 13) | (v1 >>> 19), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 15) | (v1 >>> 17), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 26) | (v1 >>> 6), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 6) | (v1 >>> 26), v1 ^= v0;
    v0 = (v0 + ks1) | 0, v1 = (v1 + ks2 + 1) | 0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 17) | (v1 >>> 15), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 29) | (v1 >>> 3), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 16) | (v1 >>> 16), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 24) | (v1 >>> 8), v1 ^= v0;
    v0 = (v0 + ks2) | 0, v1 = (v1 + ks0 + 2) | 0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 13) | (v1 >>> 19), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 15) | (v1 >>> 17), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 26) | (v1 >>> 6), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 6) | (v1 >>> 26), v1 ^= v0;
    v0 = (v0 + ks0) | 0, v1 = (v1 + ks1 + 3) | 0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 17) | (v1 >>> 15), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 29) | (v1 >>> 3), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 16) | (v1 >>> 16), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 24) | (v1 >>> 8), v1 ^= v0;
    v0 = (v0 + ks1) | 0, v1 = (v1 + ks2 + 4) | 0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 13) | (v1 >>> 19), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 15) | (v1 >>> 17), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 26) | (v1 >>> 6), v1 ^= v0;
    v0 = (v0 + v1) | 0, v1 = (v1 << 6) | (v1 >>> 26), v1 ^= v0;
    y1[i] = v0 + ks2;
    y2[i] = v1 + ks0 + 5;
  }
  return [y1, y2];
}
