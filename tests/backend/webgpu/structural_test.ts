/**
 * Structural and indexing primitives on WebGPU against the CPU kernels: broadcast_in_dim,
 * reshape, squeeze, transpose, rev, slice, pad (negative and interior), concatenate (including
 * more operands than bindings), iota, dynamic_slice / dynamic_update_slice (clamped starts),
 * gather and scatter* (all modes, batching dims), sort (multi-operand, NaN/-0 order, both
 * algorithms), threefry2x32 (JAX's known-answer vectors).
 */

import { assert, assertClose, assertExact } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import type { Primitive } from "../../../src/core/primitive.ts";
import type { Params } from "../../../src/core/primitive.ts";
import type { DType, TypedArray } from "../../../src/dtype.ts";
import {
  aval,
  edgeData,
  gpuTest,
  randomData,
  rng,
  runCpu,
  runGpu,
  type ShapedArray,
} from "./util.ts";

const ALL: DType[] = ["float32", "int32", "uint32", "bool"];

async function same(
  be: Parameters<typeof runGpu>[0],
  prim: Primitive,
  params: Params,
  inputs: TypedArray[],
  avals: ShapedArray[],
  what = "",
  close: boolean | number = false,
) {
  const g = await runGpu(be, prim, params, inputs, avals);
  const c = runCpu(prim, params, inputs, avals);
  g.forEach((x, i) => {
    try {
      if (close) {
        assertClose(x, c[i], { rtol: 1e-5, atol: typeof close === "number" ? close : 1e-5 });
      } else assertExact(Array.from(x, (v) => (Number.isNaN(v) ? NaN : v)), Array.from(c[i]));
    } catch (e) {
      throw new Error(`${prim.name} ${what} output ${i}: ${(e as Error).message}`);
    }
  });
}

function data(dt: DType, shape: number[], seed = 1): TypedArray {
  return edgeData(dt, shape.reduce((a, b) => a * b, 1), rng(seed));
}

gpuTest("broadcast_in_dim, reshape, squeeze, transpose, rev, slice for every dtype", async (be) => {
  for (const dt of ALL) {
    const x = data(dt, [3, 1, 4]);
    const a = aval([3, 1, 4], dt);
    await same(
      be,
      P.broadcast_in_dim_p,
      { shape: [2, 3, 5, 4], broadcast_dimensions: [1, 2, 3] },
      [x],
      [a],
      dt,
    );
    await same(be, P.broadcast_in_dim_p, { shape: [7], broadcast_dimensions: [] }, [data(dt, [])], [
      aval([], dt),
    ], dt);
    await same(be, P.reshape_p, { new_sizes: [2, 6], dimensions: null }, [x], [a], dt);
    await same(be, P.squeeze_p, { dimensions: [1] }, [x], [a], dt);
    const y = data(dt, [2, 3, 4, 5], 2);
    const b = aval([2, 3, 4, 5], dt);
    await same(be, P.transpose_p, { permutation: [3, 1, 0, 2] }, [y], [b], dt);
    await same(be, P.rev_p, { dimensions: [0, 2, 3] }, [y], [b], dt);
    await same(
      be,
      P.slice_p,
      { start_indices: [1, 0, 1, 2], limit_indices: [2, 3, 4, 5], strides: [1, 2, 2, 1] },
      [y],
      [b],
      dt,
    );
    await same(
      be,
      P.slice_p,
      { start_indices: [0, 1, 0, 0], limit_indices: [2, 3, 4, 5], strides: null },
      [y],
      [b],
      dt,
    );
  }
});

gpuTest("pad with negative, interior and empty configurations", async (be) => {
  for (const dt of ALL) {
    const x = data(dt, [3, 4]);
    const v = data(dt, [], 5);
    const avs = [aval([3, 4], dt), aval([], dt)];
    for (
      const cfg of [
        [[1, 2, 0], [0, 0, 0]],
        [[-1, 2, 1], [2, -2, 2]],
        [[0, 0, 3], [-1, -1, 0]],
        [[-3, 1, 0], [0, 0, 0]],
      ]
    ) {
      await same(be, P.pad_p, { padding_config: cfg }, [x, v], avs, `${dt} ${JSON.stringify(cfg)}`);
    }
    await same(be, P.pad_p, { padding_config: [[1, 1, 0]] }, [data(dt, [0]), v], [
      aval([0], dt),
      aval([], dt),
    ], "empty");
  }
});

gpuTest(
  "concatenate: axes, empty operands, and more operands than storage bindings",
  async (be) => {
    for (const dt of ALL) {
      const shapes = [[2, 3], [2, 0], [2, 5], [2, 1]];
      const xs = shapes.map((s, i) => data(dt, s, i + 1));
      await same(be, P.concatenate_p, { dimension: 1 }, xs, shapes.map((s) => aval(s, dt)), dt);
      const rows = [[1, 4], [3, 4]];
      await same(
        be,
        P.concatenate_p,
        { dimension: 0 },
        rows.map((s, i) => data(dt, s, i)),
        rows.map((s) => aval(s, dt)),
        dt,
      );
    }
    const many = Array.from({ length: 40 }, (_, i) => [2, 1 + (i % 3)]);
    await same(
      be,
      P.concatenate_p,
      { dimension: 1 },
      many.map((s, i) => data("float32", s, i)),
      many.map((s) => aval(s, "float32")),
      "40 operands",
    );
  },
);

gpuTest("iota along each axis for each numeric dtype", async (be) => {
  for (const dt of ["float32", "int32", "uint32"] as DType[]) {
    for (const dimension of [0, 1, 2]) {
      await same(
        be,
        P.iota_p,
        { dtype: dt, shape: [3, 4, 5], dimension, sharding: null },
        [],
        [],
        dt,
      );
    }
  }
});

gpuTest("dynamic_slice and dynamic_update_slice clamp their starts", async (be) => {
  for (const dt of ALL) {
    const x = data(dt, [5, 6]);
    for (const [i, j] of [[0, 0], [2, 3], [4, 5], [-3, 100], [7, -1]]) {
      const idx = [new Int32Array([i]), new Int32Array([j])];
      const avs = [aval([5, 6], dt), aval([], "int32"), aval([], "int32")];
      await same(
        be,
        P.dynamic_slice_p,
        { slice_sizes: [2, 3] },
        [x, ...idx],
        avs,
        `${dt} ${i},${j}`,
      );
      const u = data(dt, [2, 3], 9);
      await same(
        be,
        P.dynamic_update_slice_p,
        {},
        [x, u, ...idx],
        [aval([5, 6], dt), aval([2, 3], dt), aval([], "int32"), aval([], "int32")],
        `${dt} ${i},${j}`,
      );
    }
  }
});

const takeRows = (mode: string, fill: number | null = null) => ({
  dimension_numbers: {
    offset_dims: [1],
    collapsed_slice_dims: [0],
    start_index_map: [0],
    operand_batching_dims: [],
    start_indices_batching_dims: [],
  },
  slice_sizes: [1, 4],
  mode,
  fill_value: fill,
  indices_are_sorted: false,
  unique_indices: false,
});

gpuTest(
  "gather: rows (clip, fill, promise), 2-D windows, batching dims, uint32 indices",
  async (be) => {
    for (const dt of ALL) {
      const x = data(dt, [6, 4]);
      const idx = new Int32Array([0, 5, 2, -1, 6, 100, 3]);
      const avs = [aval([6, 4], dt), aval([7, 1], "int32")];
      for (const mode of ["clip", "fill", "promise_in_bounds"]) {
        await same(be, P.gather_p, takeRows(mode), [x, idx], avs, `${dt} ${mode}`);
      }
      await same(be, P.gather_p, takeRows("fill", 7), [x, idx], avs, `${dt} fill 7`);
      // 2×2 windows at (i, j) pairs.
      const p2 = {
        dimension_numbers: {
          offset_dims: [1, 2],
          collapsed_slice_dims: [],
          start_index_map: [0, 1],
          operand_batching_dims: [],
          start_indices_batching_dims: [],
        },
        slice_sizes: [2, 2],
        mode: "clip",
        fill_value: null,
      };
      const ij = new Int32Array([0, 0, 4, 2, 5, 3, -1, 1]);
      await same(
        be,
        P.gather_p,
        p2,
        [x, ij],
        [aval([6, 4], dt), aval([4, 2], "int32")],
        `${dt} windows`,
      );
      // Batching: x[b, idx[b, k]] (vmap of take).
      const pb = {
        dimension_numbers: {
          offset_dims: [],
          collapsed_slice_dims: [1],
          start_index_map: [1],
          operand_batching_dims: [0],
          start_indices_batching_dims: [0],
        },
        slice_sizes: [1, 1],
        mode: "clip",
        fill_value: null,
      };
      const bi = new Int32Array([3, 0, 1, 1, 2, 2, 0, 3, 3, 1, 0, 2, 1, 1, 3, 0, 2, 2]);
      await same(
        be,
        P.gather_p,
        pb,
        [x, bi],
        [aval([6, 4], dt), aval([6, 3, 1], "int32")],
        `${dt} batched`,
      );
    }
    const ui = new Uint32Array([0, 5, 4294967295, 3]);
    await same(be, P.gather_p, takeRows("fill"), [data("float32", [6, 4]), ui], [
      aval([6, 4], "float32"),
      aval([4, 1], "uint32"),
    ], "uint32 idx");
  },
);

const scatterRows = (mode: string) => ({
  dimension_numbers: {
    update_window_dims: [1],
    inserted_window_dims: [0],
    scatter_dims_to_operand_dims: [0],
    operand_batching_dims: [],
    scatter_indices_batching_dims: [],
  },
  mode,
  indices_are_sorted: false,
  unique_indices: false,
});

gpuTest("scatter*: repeated indices (last wins / accumulate), modes, every dtype", async (be) => {
  const kinds = [P.scatter_p, P.scatter_add_p, P.scatter_mul_p, P.scatter_min_p, P.scatter_max_p];
  for (const dt of ALL) {
    const x = randomData(dt, 24, rng(3), { small: true });
    const idx = new Int32Array([1, 3, 1, 5, -2, 9, 1, 0]);
    const upd = dt === "float32"
      ? edgeData(dt, 32, rng(4))
      : randomData(dt, 32, rng(4), { small: true });
    if (dt === "float32") {
      upd.forEach((v, i) => (upd[i] = Number.isFinite(v) ? Math.round(v * 8) / 8 : v));
    }
    const avs = [aval([6, 4], dt), aval([8, 1], "int32"), aval([8, 4], dt)];
    for (const prim of kinds) {
      for (const mode of ["clip", "fill", "promise_in_bounds"]) {
        if (dt === "bool" && prim === P.scatter_add_p && mode !== "clip") continue;
        // Float add/mul accumulate in GPU order: compare within rounding.
        const close = dt === "float32" && (prim === P.scatter_add_p || prim === P.scatter_mul_p);
        await same(be, prim, scatterRows(mode), [x, idx, upd], avs, `${dt} ${mode}`, close);
      }
    }
  }
  // Element scatter-add with heavy collisions (atomics), int exact and float within rounding.
  const n = 100000;
  const ids = new Int32Array(n).map((_, i) => (i * 7919) % 13);
  const pe = {
    dimension_numbers: {
      update_window_dims: [],
      inserted_window_dims: [0],
      scatter_dims_to_operand_dims: [0],
      operand_batching_dims: [],
      scatter_indices_batching_dims: [],
    },
    mode: "fill",
  };
  for (const dt of ["int32", "float32"] as DType[]) {
    const upd = randomData(dt, n, rng(5), { small: true });
    const avs = [aval([13], dt), aval([n, 1], "int32"), aval([n], dt)];
    // ~7700 float updates per element in GPU order: rounding differs from a sequential sum.
    await same(
      be,
      P.scatter_add_p,
      pe,
      [randomData(dt, 13, rng(6), { small: true }), ids, upd],
      avs,
      dt,
      dt === "float32" ? 2e-3 : false,
    );
  }
});

gpuTest(
  "sort: keys with NaN/±0/±inf, multi-operand, stable, rank and bitonic paths",
  async (be) => {
    for (const n of [1, 7, 300, 5000]) {
      for (const dt of ALL) {
        const x = dt === "float32"
          ? edgeData(dt, 3 * n, rng(n))
          : randomData(dt, 3 * n, rng(n), { small: true });
        const payload = new Int32Array(3 * n).map((_, i) => i);
        for (const [shape, dimension] of [[[3, n], 1], [[n, 3], 0]] as [number[], number][]) {
          const avs = [aval(shape, dt), aval(shape, "int32")];
          await same(
            be,
            P.sort_p,
            { dimension, is_stable: true, num_keys: 1 },
            [x, payload],
            avs,
            `${dt} n=${n} dim ${dimension}`,
          );
        }
      }
    }
    // Two keys.
    const k1 = randomData("int32", 2000, rng(1), { small: true }).map((v) => v % 3);
    const k2 = randomData("float32", 2000, rng(2), { small: true });
    const avs = [aval([2000], "int32"), aval([2000], "float32")];
    await same(
      be,
      P.sort_p,
      { dimension: 0, is_stable: true, num_keys: 2 },
      [k1, k2],
      avs,
      "two keys",
    );
    assert.ok(true);
  },
);

gpuTest(
  "threefry2x32 matches JAX's known-answer vectors and the CPU on random counters",
  async (be) => {
    const u = (xs: number[]) => new Uint32Array(xs);
    const s = aval([], "uint32"), v = aval([1], "uint32");
    const kat: [number[], number[], number[]][] = [
      [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
      [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
      [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
    ];
    for (const [key, ctr, out] of kat) {
      const [a, b] = await runGpu(be, P.threefry2x32_p, {}, [
        u([key[0]]),
        u([key[1]]),
        u([ctr[0]]),
        u([ctr[1]]),
      ], [s, s, v, v]);
      assertExact([a[0], b[0]], out);
    }
    const n = 1000;
    const x1 = randomData("uint32", n, rng(1)), x2 = randomData("uint32", n, rng(2));
    const va = aval([n], "uint32");
    await same(be, P.threefry2x32_p, {}, [u([42]), u([7]), x1, x2], [s, s, va, va], "random");
  },
);
