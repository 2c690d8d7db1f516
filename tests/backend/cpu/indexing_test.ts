/** gather / scatter CPU kernels against numpy indexing, plus properties on larger inputs. */

import { assert, assertExact, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import type { Params } from "../../../src/core/primitive.ts";
import { gather_p, scatter_add_p } from "../../../src/lax/prims/indexing.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import { registerCases } from "./fixture_cases.ts";

registerCases("indexing", (p) => p === "gather" || p.startsWith("scatter"));

/** A small deterministic generator (xorshift32) for property tests. */
function rand(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const takeRows = (mode: string): Params => ({
  dimension_numbers: {
    offset_dims: [1],
    collapsed_slice_dims: [0],
    start_index_map: [0],
    operand_batching_dims: [],
    start_indices_batching_dims: [],
  },
  slice_sizes: [1, 0], // patched per call
  mode,
  fill_value: null,
  indices_are_sorted: false,
  unique_indices: false,
});

test("cpu indexing: x[idx] on rows of every width matches direct indexing", () => {
  const r = rand(7);
  for (const cols of [1, 3, 15, 16, 17, 64]) {
    const rows = 50, m = 200;
    const x = Float32Array.from({ length: rows * cols }, () => r());
    const idx = Int32Array.from({ length: m }, () => Math.floor(r() * (rows + 10)) - 5);
    const p = { ...takeRows("clip"), slice_sizes: [1, cols] };
    const xa = new ShapedArray([rows, cols], "float32"), ia = new ShapedArray([m, 1], "int32");
    const [oa] = gather_p.abstractEval([xa, ia], p);
    const [out] = cpuKernels.gather([x, idx], [xa, ia], [oa], p);
    const want = new Float32Array(m * cols);
    for (let i = 0; i < m; i++) {
      const row = Math.min(Math.max(idx[i], 0), rows - 1);
      want.set(x.subarray(row * cols, (row + 1) * cols), i * cols);
    }
    assertExact(out, want);
    const pf = { ...p, mode: "fill" };
    const [outf] = cpuKernels.gather([x, idx], [xa, ia], [oa], pf);
    for (let i = 0; i < m; i++) {
      if (idx[i] < 0 || idx[i] >= rows) want.fill(NaN, i * cols, (i + 1) * cols);
    }
    assertExact(outf, want);
  }
});

test("cpu indexing: scatter-add of many updates conserves their sum (ints)", () => {
  const r = rand(11);
  const n = 37, m = 5000;
  const idx = Int32Array.from({ length: m }, () => Math.floor(r() * n));
  const upd = Int32Array.from({ length: m }, () => Math.floor(r() * 1000) - 500);
  const p = {
    dimension_numbers: {
      update_window_dims: [],
      inserted_window_dims: [0],
      scatter_dims_to_operand_dims: [0],
      operand_batching_dims: [],
      scatter_indices_batching_dims: [],
    },
    mode: "fill",
    indices_are_sorted: false,
    unique_indices: false,
  };
  const avals = [
    new ShapedArray([n], "int32"),
    new ShapedArray([m, 1], "int32"),
    new ShapedArray([m], "int32"),
  ];
  const [oa] = scatter_add_p.abstractEval(avals, p);
  const [out] = cpuKernels["scatter-add"]([new Int32Array(n), idx, upd], avals, [oa], p);
  const want = new Int32Array(n);
  for (let k = 0; k < m; k++) want[idx[k]] += upd[k];
  assertExact(out, want);
  const total = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
  assert.equal(total(out), total(upd));
});
