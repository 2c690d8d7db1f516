/**
 * Reductions, arg-reductions, cumulative ops and dot_general on WebGPU against the CPU kernels:
 * every dtype, axis subsets (leading, trailing, middle, non-contiguous, all, none), both kernel
 * strategies (serial and workgroup with partials), NaN propagation, and sizes past 65535
 * workgroups (jax-js on llvmpipe returns 65535 for ones([n]).sum() for n ≥ 65536).
 */

import { assert, assertClose, assertExact } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import type { Primitive } from "../../../src/core/primitive.ts";
import type { DType, TypedArray } from "../../../src/dtype.ts";
import { aval, edgeData, gpuTest, randomData, rng, runCpu, runGpu } from "./util.ts";

const REDUCERS: Record<string, DType[]> = {
  reduce_sum: ["float32", "int32", "uint32"],
  reduce_prod: ["float32", "int32", "uint32"],
  reduce_max: ["float32", "int32", "uint32", "bool"],
  reduce_min: ["float32", "int32", "uint32", "bool"],
  reduce_and: ["int32", "uint32", "bool"],
  reduce_or: ["int32", "uint32", "bool"],
  reduce_xor: ["int32", "uint32", "bool"],
};

function prim(name: string): Primitive {
  return (P as unknown as Record<string, Primitive>)[`${name}_p`];
}

/** Float sums differ from the CPU's float64 accumulation by rounding: scale with the count. */
function compareReduce(name: string, g: TypedArray, c: TypedArray, n: number, what: string) {
  try {
    if (g instanceof Float32Array && (name === "reduce_sum" || name === "reduce_prod")) {
      assertClose(g, c, { rtol: 2e-7 * Math.sqrt(n) * 4, atol: 1e-6 * Math.sqrt(n) });
    } else {
      assertExact(Array.from(g), Array.from(c));
    }
  } catch (e) {
    throw new Error(`${name} ${what}: ${(e as Error).message}`);
  }
}

const SHAPES: [number[], number[][]][] = [
  [[7], [[0], []]],
  [[4, 5, 6], [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]]],
  [[3, 1000], [[1], [0]]],
  [[2, 3000, 3], [[1], [0, 1], [1, 2]]],
  [[0, 4], [[0], [1]]],
];

for (const [name, dtypes] of Object.entries(REDUCERS)) {
  gpuTest(`${name} over axis subsets and dtypes matches CPU`, async (be) => {
    for (const dt of dtypes) {
      for (const [shape, axesList] of SHAPES) {
        const n = shape.reduce((a, b) => a * b, 1);
        const small = name === "reduce_prod" || dt !== "float32";
        const x = randomData(dt, n, rng(n + 3), { small });
        if (name === "reduce_prod" && dt === "float32") x.forEach((v, i) => (x[i] = 1 + v / 16));
        const a = aval(shape, dt);
        for (const axes of axesList) {
          const p = { axes };
          const [g] = await runGpu(be, prim(name), p, [x], [a]);
          const [c] = runCpu(prim(name), p, [x], [a]);
          const red = axes.reduce((acc, ax) => acc * shape[ax], 1);
          compareReduce(name, g, c, red, `${dt}[${shape}] axes ${axes}`);
        }
      }
    }
  });
}

gpuTest("reduce_max/min propagate NaN and ±inf (serial and workgroup paths)", async (be) => {
  for (const n of [50, 100000]) {
    const x = randomData("float32", n, rng(5));
    x[n >> 1] = NaN;
    x[3] = Infinity;
    x[4] = -Infinity;
    const a = aval([n], "float32");
    for (const name of ["reduce_max", "reduce_min"]) {
      const [g] = await runGpu(be, prim(name), { axes: [0] }, [x], [a]);
      assert.ok(Number.isNaN(g[0]), `${name} n=${n} gave ${g[0]}`);
    }
    x[n >> 1] = 0;
    const [gmax] = await runGpu(be, P.reduce_max_p, { axes: [0] }, [x], [a]);
    const [gmin] = await runGpu(be, P.reduce_min_p, { axes: [0] }, [x], [a]);
    assertExact([gmax[0], gmin[0]], [Infinity, -Infinity]);
  }
});

gpuTest("sums past 65535 workgroups: ones(n).sum() == n for n = 2^22 + 3", async (be) => {
  const n = (1 << 22) + 3;
  const a = aval([n], "float32");
  const [g] = await runGpu(be, P.reduce_sum_p, { axes: [0] }, [new Float32Array(n).fill(1)], [a]);
  assert.equal(g[0], n);
  const ai = aval([n], "int32");
  const [gi] = await runGpu(be, P.reduce_sum_p, { axes: [0] }, [new Int32Array(n).fill(1)], [ai]);
  assert.equal(gi[0], n);
  // Many outputs, each a long row: [300, 70001] summed over rows and over columns.
  const shape = [300, 70001];
  const m = 300 * 70001;
  const x = new Int32Array(m).map((_, i) => (i % 7) - 3);
  const as = aval(shape, "int32");
  for (const axes of [[0], [1]]) {
    const [gs] = await runGpu(be, P.reduce_sum_p, { axes }, [x], [as]);
    const [cs] = runCpu(P.reduce_sum_p, { axes }, [x], [as]);
    assertExact(gs, cs);
  }
});

gpuTest("argmax/argmin: first index of the extreme, NaN wins, ties, both paths", async (be) => {
  for (const dt of ["float32", "int32", "uint32", "bool"] as DType[]) {
    for (const shape of [[5, 7], [3, 5000], [1, 200000], [6, 4, 3]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = dt === "float32"
        ? edgeData(dt, n, rng(n))
        : randomData(dt, n, rng(n), { small: true });
      if (dt === "float32") {
        x.forEach((v, i) => (x[i] = i % 97 === 5 ? NaN : Math.round(v * 4) / 4));
      }
      const a = aval(shape, dt);
      for (let axis = 0; axis < shape.length; axis++) {
        for (const p of [P.argmax_p, P.argmin_p]) {
          const params = { axes: [axis], index_dtype: "int32" };
          const [g] = await runGpu(be, p, params, [x], [a]);
          const [c] = runCpu(p, params, [x], [a]);
          try {
            assertExact(g, c);
          } catch (e) {
            throw new Error(`${p.name} ${dt}[${shape}] axis ${axis}: ${(e as Error).message}`);
          }
        }
      }
    }
  }
});

gpuTest("cumulative ops (forward and reverse) match CPU exactly", async (be) => {
  const ops: Record<string, DType[]> = {
    cumsum: ["float32", "int32", "uint32"],
    cumprod: ["float32", "int32", "uint32"],
    cummax: ["float32", "int32", "uint32", "bool"],
    cummin: ["float32", "int32", "uint32", "bool"],
    cumlogsumexp: ["float32"],
  };
  for (const [name, dts] of Object.entries(ops)) {
    for (const dt of dts) {
      for (const shape of [[10], [4, 6, 5], [2, 3000]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = dt === "float32" && name !== "cumprod"
          ? edgeData(dt, n, rng(2))
          : randomData(dt, n, rng(2), { small: true });
        if (name === "cumprod" && dt === "float32") x.forEach((v, i) => (x[i] = 1 + v / 64));
        if (name === "cumlogsumexp") {
          x.forEach((v, i) => (x[i] = Number.isFinite(v) ? Math.max(-50, Math.min(50, v)) : v));
        }
        const a = aval(shape, dt);
        for (let axis = 0; axis < shape.length; axis++) {
          for (const reverse of [false, true]) {
            const params = { axis, reverse };
            const [g] = await runGpu(be, prim(name), params, [x], [a]);
            const [c] = runCpu(prim(name), params, [x], [a]);
            try {
              if (name === "cumlogsumexp") assertClose(g, c, { ulps: 4, atol: 1e-6, rtol: 0 });
              else assertExact(Array.from(g, (v) => (Number.isNaN(v) ? NaN : v)), Array.from(c));
            } catch (e) {
              throw new Error(
                `${name} ${dt}[${shape}] axis ${axis} rev ${reverse}: ${(e as Error).message}`,
              );
            }
          }
        }
      }
    }
  }
});

type Dnums = [[number[], number[]], [number[], number[]]];

gpuTest("dot_general: matmul, batched, transposed operands, vectors, int and bool", async (be) => {
  const cases: [number[], number[], Dnums][] = [
    [[64, 80], [80, 48], [[[1], [0]], [[], []]]],
    [[130, 70], [70, 90], [[[1], [0]], [[], []]]], // ragged tiles
    [[70, 130], [90, 70], [[[0], [1]], [[], []]]], // both transposed
    [[3, 40, 50], [3, 50, 60], [[[2], [1]], [[0], [0]]]], // batched
    [[40, 3, 50], [60, 50, 3], [[[2], [1]], [[1], [2]]]], // batch axes in the middle/end
    [[1, 300], [300, 1], [[[1], [0]], [[], []]]], // dot of vectors
    [[5000], [5000], [[[0], [0]], [[], []]]], // long vector dot
    [[7, 300], [300], [[[1], [0]], [[], []]]], // matrix-vector
    [[8, 9], [10, 11], [[[], []], [[], []]]], // outer product
    [[4, 5, 6], [6, 5, 7], [[[1, 2], [1, 0]], [[], []]]], // two contracting axes
    [[0, 5], [5, 3], [[[1], [0]], [[], []]]], // empty
    [[4, 0], [0, 3], [[[1], [0]], [[], []]]], // empty contraction → zeros
  ];
  for (const dt of ["float32", "int32", "uint32", "bool"] as DType[]) {
    for (const [ls, rs, dn] of cases) {
      const r = rng(ls.length * 31 + rs[0]);
      const nl = ls.reduce((a, b) => a * b, 1), nr = rs.reduce((a, b) => a * b, 1);
      const x = randomData(dt, nl, r, { small: true }), y = randomData(dt, nr, r, { small: true });
      const avs = [aval(ls, dt), aval(rs, dt)];
      const params = { dimension_numbers: dn, preferred_element_type: null };
      const [g] = await runGpu(be, P.dot_general_p, params, [x, y], avs);
      const [c] = runCpu(P.dot_general_p, params, [x, y], avs);
      const K = dn[0][0].reduce((a, ax) => a * ls[ax], 1);
      try {
        if (dt === "float32") assertClose(g, c, { rtol: 1e-5, atol: 1e-5 * Math.sqrt(K) });
        else assertExact(g, c);
      } catch (e) {
        throw new Error(`dot ${dt} ${ls}·${rs}: ${(e as Error).message}`);
      }
    }
  }
  // preferred_element_type: int operands, float result.
  const x = randomData("int32", 64 * 32, rng(1), { small: true });
  const y = randomData("int32", 32 * 64, rng(2), { small: true });
  const avs = [aval([64, 32], "int32"), aval([32, 64], "int32")];
  const params = { dimension_numbers: [[[1], [0]], [[], []]], preferred_element_type: "float32" };
  const [g] = await runGpu(be, P.dot_general_p, params, [x, y], avs);
  const [c] = runCpu(P.dot_general_p, params, [x, y], avs);
  assertExact(g, c);
});

gpuTest("matmul 256×256 float32 within float32 rounding of the CPU", async (be) => {
  const n = 256;
  const x = randomData("float32", n * n, rng(3), { small: true });
  const y = randomData("float32", n * n, rng(4), { small: true });
  const avs = [aval([n, n], "float32"), aval([n, n], "float32")];
  const params = { dimension_numbers: [[[1], [0]], [[], []]], preferred_element_type: null };
  const [g] = await runGpu(be, P.dot_general_p, params, [x, y], avs);
  const [c] = runCpu(P.dot_general_p, params, [x, y], avs);
  assertClose(g, c, { rtol: 1e-5, atol: 2e-5 * Math.sqrt(n) });
});

gpuTest("the tiled workgroup-memory matmul (used on hardware GPUs) matches CPU", async (be) => {
  const { backendWithLimits } = await import("../../../src/backend/webgpu/init.ts");
  const tiled = backendWithLimits({ workgroupMatmul: true })!;
  const cases: [number[], number[], Dnums, DType][] = [
    [[130, 70], [70, 90], [[[1], [0]], [[], []]], "float32"],
    [[2, 70, 33], [2, 90, 33], [[[2], [2]], [[0], [0]]], "int32"],
  ];
  for (const [ls, rs, dn, dt] of cases) {
    const r = rng(11);
    const nl = ls.reduce((a, b) => a * b, 1), nr = rs.reduce((a, b) => a * b, 1);
    const x = randomData(dt, nl, r, { small: true }), y = randomData(dt, nr, r, { small: true });
    const avs = [aval(ls, dt), aval(rs, dt)];
    const params = { dimension_numbers: dn, preferred_element_type: null };
    const [g] = await runGpu(tiled, P.dot_general_p, params, [x, y], avs);
    const [c] = runCpu(P.dot_general_p, params, [x, y], avs);
    if (dt === "float32") assertClose(g, c, { rtol: 1e-5, atol: 1e-4 });
    else assertExact(g, c);
  }
  void be;
});
