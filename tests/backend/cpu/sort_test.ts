/** sort CPU kernel against numpy's stable sort (JAX's key order), fast and general paths. */

import { assert, assertExact, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { sort_p } from "../../../src/lax/prims/sort.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import type { TypedArray } from "../../../src/dtype.ts";
import { registerCases } from "./fixture_cases.ts";

registerCases("sort", (p) => p === "sort");

function runSort(inputs: TypedArray[], shape: number[], dimension: number, numKeys = 1) {
  const avals = inputs.map((x) =>
    new ShapedArray(
      shape,
      x instanceof Float32Array ? "float32" : x instanceof Int32Array ? "int32" : "uint32",
    )
  );
  const params = { dimension, is_stable: true, num_keys: numKeys };
  return cpuKernels.sort(inputs, avals, sort_p.abstractEval(avals, params), params);
}

/** Random float32 data rich in ties, NaNs, infinities and zeros of both signs. */
function nasty(n: number, seed: number): Float32Array {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const pool = [NaN, -0, 0, Infinity, -Infinity, 1, -1, 0.5];
  return Float32Array.from({ length: n }, () => {
    const u = next();
    return u < 0.4 ? pool[Math.floor(next() * pool.length)] : Math.round((next() - 0.5) * 40) / 4;
  });
}

test("cpu sort: native fast path agrees with the keys+iota path bit for bit", () => {
  for (const [rows, n] of [[1, 1000], [2, 5000], [7, 33], [3, 2]]) {
    const x = nasty(rows * n, rows * 1000 + n);
    const [fast] = runSort([x], [rows, n], 1);
    const iota = Int32Array.from({ length: rows * n }, (_, i) => i % n);
    const [general, perm] = runSort([x, iota], [rows, n], 1);
    assertExact(fast, general);
    // The permutation is stable: equal keys (±0 included, NaNs) keep increasing indices.
    // NaN above +inf (which stands in for a value above every float32), ±0 equal.
    const key = (v: number) =>
      v !== v ? Infinity : v === Infinity ? Number.MAX_VALUE : v === 0 ? 0 : v;
    for (let r = 0; r < rows; r++) {
      for (let k = 1; k < n; k++) {
        const a = general[r * n + k - 1], b = general[r * n + k];
        const ka = key(a), kb = key(b);
        const tie = ka === kb;
        assert.ok(ka <= kb, `order at row ${r}, ${k}`);
        if (tie) assert.ok(perm[r * n + k - 1] < perm[r * n + k], `stability at ${r}, ${k}`);
      }
    }
  }
});

test("cpu sort: -0.0 and +0.0 keep their input order and bits", () => {
  const x = new Float32Array([0, -0, 1, -0, 0, -1, -0]);
  const [y] = runSort([x], [7], 0);
  assertExact(y, [-1, 0, -0, -0, 0, -0, 1]);
  const [y2] = runSort([x, new Int32Array(7)], [7], 0);
  assertExact(y2, [-1, 0, -0, -0, 0, -0, 1]);
});

test("cpu sort: NaN bit patterns survive sorting", () => {
  const x = new Float32Array(4);
  const bits = new Uint32Array(x.buffer);
  bits.set([0xffc00001, 0x3f800000, 0x7fc00123, 0xbf800000]);
  const [y] = runSort([x], [4], 0);
  assertExact(new Uint32Array(y.buffer, y.byteOffset, 4), [
    0xbf800000,
    0x3f800000,
    0xffc00001,
    0x7fc00123,
  ]);
});

test("cpu sort: int32 extremes on the fast and the general path", () => {
  const x = new Int32Array([5, -2147483648, 2147483647, 0, -1, -2147483648]);
  const want = [-2147483648, -2147483648, -1, 0, 5, 2147483647];
  assertExact(runSort([x], [6], 0)[0], want);
  assertExact(runSort([x, new Int32Array(6)], [6], 0)[0], want);
  const u = new Uint32Array([4294967295, 0, 2147483648, 1]);
  assertExact(runSort([u], [4], 0)[0], [0, 1, 2147483648, 4294967295]);
});

test("cpu sort: two keys on a middle axis", () => {
  // shape (2, 4, 2), sorted along axis 1 by (k1, k2).
  const k1 = new Int32Array([1, 0, 0, 0, 1, 1, 0, 1, 2, 2, 2, 2, 1, 1, 2, 2]);
  const k2 = new Float32Array([3, 1, 2, 5, NaN, 0, 1, -0, 0, 9, -1, 8, 7, 7, 5, 6]);
  const [s1, s2] = runSort([k1, k2], [2, 4, 2], 1, 2);
  assertExact(s1, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  assertExact(s2, [1, 1, 2, 5, 3, 0, NaN, -0, 7, 7, -1, 6, 0, 8, 5, 9]);
});

/** JAX's key comparison, written directly: NaN last, ±0 equal. */
function cmpKey(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

test("cpu sort: two keys on long rows (radix path) match a comparator sort", () => {
  for (const n of [50, 3000]) {
    const k1 = Int32Array.from(nasty(n, n), (v) => (v !== v ? 7 : Math.trunc(v) % 3));
    const k2 = nasty(n, n + 1);
    const iota = Int32Array.from({ length: n }, (_, i) => i);
    const [, s2, perm] = runSort([k1, k2, iota], [n], 0, 2);
    const want = Array.from(iota).sort((a, b) =>
      cmpKey(k1[a], k1[b]) || cmpKey(k2[a], k2[b]) || a - b
    );
    assertExact(perm, want);
    assertExact(s2, want.map((i) => k2[i]));
  }
});
