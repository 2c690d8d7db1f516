/**
 * Every elementwise primitive on WebGPU against the CPU kernels, for every dtype it accepts, on
 * edge values (NaN, ±inf, ±0, subnormals, int wrap points, division by zero) and random inputs,
 * with lax broadcasting (size-1 axes and rank-0 operands).
 *
 * Integer, bool and exactly rounded float ops must match bit for bit (NaN matches any NaN). Float
 * transcendentals have the tolerances in TOLERANCE (float32 ulps, or an absolute error where the
 * result crosses zero), measured on llvmpipe.
 */

import { assert, assertClose, assertExact, ulpDistance } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import type { Primitive } from "../../../src/core/primitive.ts";
import type { DType, TypedArray } from "../../../src/dtype.ts";
import {
  aval,
  edgeData,
  edgePairs,
  flushesSubnormals,
  gpu,
  gpuTest,
  isSubnormal,
  randomData,
  rng,
  runCpu,
  runGpu,
  type ShapedArray,
} from "./util.ts";

const DTYPES: DType[] = ["float32", "int32", "uint32", "bool"];

/** Accuracy of float results: ulps, plus an absolute tolerance for results near zero. */
interface Tol {
  ulps: number;
  atol?: number;
  /** Only compare where |x| is below this (argument reduction range). */
  maxArg?: number;
}

export const TOLERANCE: Record<string, Tol> = {
  exp: { ulps: 2 },
  exp2: { ulps: 2 },
  log: { ulps: 2 },
  log1p: { ulps: 3 },
  expm1: { ulps: 3 },
  tanh: { ulps: 3 },
  logistic: { ulps: 3 },
  sin: { ulps: 3, atol: 1e-7, maxArg: 1e5 },
  cos: { ulps: 3, atol: 1e-7, maxArg: 1e5 },
  tan: { ulps: 6, atol: 1e-7, maxArg: 1e4 },
  asin: { ulps: 3 },
  acos: { ulps: 3 },
  atan: { ulps: 3 },
  sinh: { ulps: 3 },
  cosh: { ulps: 3 },
  asinh: { ulps: 3 },
  acosh: { ulps: 3 },
  atanh: { ulps: 3 },
  rsqrt: { ulps: 1 },
  cbrt: { ulps: 2 },
  erf: { ulps: 6 },
  erfc: { ulps: 16 },
  erf_inv: { ulps: 3 },
  lgamma: { ulps: 16, atol: 1e-5 },
  digamma: { ulps: 8, atol: 2e-6 },
  pow: { ulps: 16 },
  atan2: { ulps: 4 },
  logaddexp: { ulps: 4 },
};

const UNARY = [
  "neg",
  "sign",
  "floor",
  "ceil",
  "round",
  "is_finite",
  "exp",
  "exp2",
  "log",
  "log1p",
  "expm1",
  "tanh",
  "logistic",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "asinh",
  "acosh",
  "atanh",
  "sqrt",
  "rsqrt",
  "cbrt",
  "abs",
  "not",
  "erf",
  "erfc",
  "erf_inv",
  "lgamma",
  "digamma",
  "square",
  "population_count",
  "clz",
  "copy",
];

const BINARY = [
  "add",
  "sub",
  "mul",
  "div",
  "rem",
  "pow",
  "max",
  "min",
  "atan2",
  "nextafter",
  "and",
  "or",
  "xor",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "shift_left",
  "shift_right_logical",
  "shift_right_arithmetic",
];

function prim(name: string): Primitive {
  return (P as unknown as Record<string, Primitive>)[`${name}_p`];
}

function accepts(p: Primitive, avals: ShapedArray[], params = {}): boolean {
  try {
    p.abstractEval(avals, params);
    return true;
  } catch {
    return false;
  }
}

/** Compares GPU and CPU results with the tolerance of `name` (exact when it has none). */
export function compare(
  name: string,
  g: TypedArray,
  c: TypedArray,
  inputs: TypedArray[] = [],
  what = "",
): void {
  const tol = TOLERANCE[name];
  if (
    name === "div" && g instanceof Float32Array && gpu && !gpu.isSoftware && inputs.length === 2
  ) {
    // Divisors above 1e37 use the hardware division (approximate on NVIDIA): 1 ulp there.
    c = c.slice();
    c.forEach((v, i) => {
      if (Math.abs(inputs[1][i]) > 1e37 && ulpDistance(g[i], v) <= 1) c[i] = g[i];
    });
  }
  if (flushesSubnormals && g instanceof Float32Array) {
    // A GPU that flushes subnormals returns ±0 where the CPU has a subnormal result.
    c = c.slice();
    c.forEach((v, i) => {
      if (isSubnormal(v) && g[i] === 0) c[i] = g[i];
    });
  }
  if (!tol || !(g instanceof Float32Array)) {
    try {
      assertExact(Array.from(g, (v) => (Number.isNaN(v) ? NaN : v)), Array.from(c));
    } catch (e) {
      throw new Error(
        `${name} ${what}: ${(e as Error).message} (inputs at mismatch: ${
          mismatchInputs(g, c, inputs)
        })`,
      );
    }
    return;
  }
  const keep: number[] = [];
  for (let i = 0; i < g.length; i++) {
    if (tol.maxArg !== undefined && inputs.some((x) => Math.abs(x[i]) > tol.maxArg!)) continue;
    keep.push(i);
  }
  try {
    assertClose(keep.map((i) => g[i]), keep.map((i) => c[i]), {
      ulps: tol.ulps,
      atol: tol.atol ?? 0,
      rtol: 0,
    });
  } catch (e) {
    throw new Error(`${name} ${what}: ${(e as Error).message}`);
  }
}

function mismatchInputs(g: TypedArray, c: TypedArray, inputs: TypedArray[]): string {
  for (let i = 0; i < g.length; i++) {
    if (!Object.is(g[i], c[i]) && !(Number.isNaN(g[i]) && Number.isNaN(c[i]))) {
      return inputs.map((x) => x[i]).join(", ");
    }
  }
  return "";
}

for (const name of UNARY) {
  gpuTest(`unary ${name} matches CPU on edge and random values`, async (be) => {
    let tested = 0;
    for (const dt of DTYPES) {
      const a = aval([211], dt);
      if (!accepts(prim(name), [a])) continue;
      tested++;
      const x = edgeData(dt, 211, rng(7));
      const [g] = await runGpu(be, prim(name), {}, [x], [a]);
      const [c] = runCpu(prim(name), {}, [x], [a]);
      compare(name, g, c, [x], dt);
      // Small-magnitude values (where most functions are interesting).
      const xs = randomData(dt, 512, rng(11), { small: true });
      const [g2] = await runGpu(be, prim(name), {}, [xs], [aval([512], dt)]);
      const [c2] = runCpu(prim(name), {}, [xs], [aval([512], dt)]);
      compare(name, g2, c2, [xs], `${dt} small`);
    }
    assert.ok(tested > 0, `${name} accepts no dtype`);
  });
}

for (const name of BINARY) {
  gpuTest(`binary ${name} matches CPU on edge pairs, random values and broadcasts`, async (be) => {
    let tested = 0;
    for (const dt of DTYPES) {
      const [xs, ys] = edgePairs(dt);
      const a = aval([xs.length], dt);
      if (!accepts(prim(name), [a, a])) continue;
      tested++;
      const [g] = await runGpu(be, prim(name), {}, [xs, ys], [a, a]);
      const [c] = runCpu(prim(name), {}, [xs, ys], [a, a]);
      compare(name, g, c, [xs, ys], `${dt} edge pairs`);
      // Broadcasting: [3,1,4] with [1,5,4], and a rank-0 operand on either side.
      const r = rng(3);
      const x1 = randomData(dt, 12, r, { small: true }),
        y1 = randomData(dt, 20, r, { small: true });
      const a1 = aval([3, 1, 4], dt), b1 = aval([1, 5, 4], dt);
      const [g1] = await runGpu(be, prim(name), {}, [x1, y1], [a1, b1]);
      const [c1] = runCpu(prim(name), {}, [x1, y1], [a1, b1]);
      compare(name, g1, c1, [], `${dt} broadcast`);
      const s = randomData(dt, 1, r, { small: true }), v = randomData(dt, 33, r, { small: true });
      const sa = aval([], dt), va = aval([33], dt);
      for (const [ins, avs] of [[[s, v], [sa, va]], [[v, s], [va, sa]]] as const) {
        const [g3] = await runGpu(be, prim(name), {}, [...ins], [...avs]);
        const [c3] = runCpu(prim(name), {}, [...ins], [...avs]);
        compare(name, g3, c3, [], `${dt} rank-0`);
      }
    }
    assert.ok(tested > 0, `${name} accepts no dtype`);
  });
}

gpuTest("integer_pow for positive and negative exponents", async (be) => {
  for (const dt of ["float32", "int32", "uint32"] as DType[]) {
    const x = edgeData(dt, 64, rng(5));
    const a = aval([64], dt);
    for (const y of [0, 1, 2, 3, 5, 8, 13, -1, -2, -3]) {
      // Negative powers of integers are rejected by integer_pow's dtype rule, as in JAX.
      if (dt !== "float32" && y < 0) continue;
      const [g] = await runGpu(be, P.integer_pow_p, { y }, [x], [a]);
      const [c] = runCpu(P.integer_pow_p, { y }, [x], [a]);
      compare("integer_pow", g, c, [x], `${dt} y=${y}`);
    }
  }
});

gpuTest("round with both rounding methods", async (be) => {
  const x = new Float32Array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, -0.3, 1e30, NaN, -0]);
  const a = aval([x.length], "float32");
  for (const m of [0, 1]) {
    const [g] = await runGpu(be, P.round_p, { rounding_method: m }, [x], [a]);
    const [c] = runCpu(P.round_p, { rounding_method: m }, [x], [a]);
    assertExact(g, c);
  }
});

gpuTest("convert_element_type between all dtypes (saturation, NaN → 0, bool)", async (be) => {
  for (const from of DTYPES) {
    const x = edgeData(from, 64, rng(9));
    const a = aval([64], from);
    for (const to of DTYPES) {
      const p = { new_dtype: to, weak_type: false };
      const [g] = await runGpu(be, P.convert_element_type_p, p, [x], [a]);
      const [c] = runCpu(P.convert_element_type_p, p, [x], [a]);
      compare("convert", g, c, [x], `${from}→${to}`);
    }
  }
});

gpuTest("bitcast_convert_type between 32-bit dtypes", async (be) => {
  for (const from of ["float32", "int32", "uint32"] as DType[]) {
    const x = edgeData(from, 40, rng(2));
    const a = aval([40], from);
    for (const to of ["float32", "int32", "uint32"] as DType[]) {
      const [g] = await runGpu(be, P.bitcast_convert_type_p, { new_dtype: to }, [x], [a]);
      const [c] = runCpu(P.bitcast_convert_type_p, { new_dtype: to }, [x], [a]);
      // Compare the bits (NaN payloads must survive a bitcast).
      assertExact(
        new Uint32Array(g.buffer, g.byteOffset, g.length),
        new Uint32Array(c.buffer, c.byteOffset, c.length),
      );
    }
  }
});

gpuTest("select_n with bool and int32 predicates, scalar and array", async (be) => {
  const r = rng(4);
  for (const dt of DTYPES) {
    const cases = [0, 1, 2].map(() => randomData(dt, 30, r, { small: true }));
    const ca = aval([30], dt);
    const pb = randomData("bool", 30, r);
    const [g] = await runGpu(be, P.select_n_p, {}, [pb, cases[0], cases[1]], [
      aval([30], "bool"),
      ca,
      ca,
    ]);
    const [c] = runCpu(P.select_n_p, {}, [pb, cases[0], cases[1]], [aval([30], "bool"), ca, ca]);
    assertExact(g, c);
    const pi = new Int32Array(30).map((_, i) => i % 3);
    const [g2] = await runGpu(be, P.select_n_p, {}, [pi, ...cases], [
      aval([30], "int32"),
      ca,
      ca,
      ca,
    ]);
    const [c2] = runCpu(P.select_n_p, {}, [pi, ...cases], [aval([30], "int32"), ca, ca, ca]);
    assertExact(g2, c2);
    const ps = new Uint8Array([1]);
    const [g3] = await runGpu(be, P.select_n_p, {}, [ps, cases[0], cases[1]], [
      aval([], "bool"),
      ca,
      ca,
    ]);
    const [c3] = runCpu(P.select_n_p, {}, [ps, cases[0], cases[1]], [aval([], "bool"), ca, ca]);
    assertExact(g3, c3);
  }
});

gpuTest("clamp with scalar and array bounds (NaN propagates as on the CPU)", async (be) => {
  for (const dt of ["float32", "int32", "uint32"] as DType[]) {
    const x = edgeData(dt, 40, rng(8));
    const lo = randomData(dt, 40, rng(1), { small: true });
    const hi = randomData(dt, 1, rng(2), { small: true });
    const avs = [aval([40], dt), aval([40], dt), aval([], dt)];
    const [g] = await runGpu(be, P.clamp_p, {}, [lo, x, hi], avs);
    const [c] = runCpu(P.clamp_p, {}, [lo, x, hi], avs);
    compare("clamp", g, c, [], dt);
  }
});
