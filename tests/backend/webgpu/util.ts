/**
 * Shared helpers of the WebGPU backend tests: initialisation (tests skip visibly where there is no
 * WebGPU), running a primitive on the WebGPU backend and on the CPU kernels, random inputs and
 * edge values.
 */

import "../../../src/core/eval.ts";
import "../../../src/backend/cpu/cpu_backend.ts";
import { platformUnderTest, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import type { Primitive } from "../../../src/core/primitive.ts";
import type { Params } from "../../../src/core/primitive.ts";
import { allocTyped, type DType, type TypedArray } from "../../../src/dtype.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import { initWebGpu, webGpuBackend } from "../../../src/backend/webgpu/init.ts";
import type { WebGpuBackend } from "../../../src/backend/webgpu/backend.ts";

export { ShapedArray };

const hasGpu = typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !==
  "undefined";

/** The WebGPU backend, or null (with the reason in `skipReason`). */
export let gpu: WebGpuBackend | null = null;
export let skipReason = "";

if (!hasGpu) {
  skipReason = "navigator.gpu is not available on this runtime";
} else {
  // Tests always probe WebGPU, whatever JAX_PLATFORMS says.
  await initWebGpu();
  gpu = webGpuBackend();
  const env = platformUnderTest();
  if (!gpu) {
    skipReason = env.split(",").includes("webgpu") || env === ""
      ? "WebGPU initialisation found no usable adapter"
      : `JAX_PLATFORMS=${env} (the WebGPU suite runs with JAX_PLATFORMS=webgpu)`;
  }
}

/**
 * Whether the GPU flushes subnormal floats to zero. WGSL allows it and NVIDIA's Vulkan driver
 * does (llvmpipe keeps them, as the CPU backend does); tests then leave subnormals out of their
 * inputs and accept ±0 where the CPU produces a subnormal.
 */
export let flushesSubnormals = false;
if (gpu) {
  const { mul_p } = await import("../../../src/lax/prims/index.ts");
  const a = new ShapedArray([1], "float32");
  const x = gpu.fromHost(new Float32Array([1e-40]), a), y = gpu.fromHost(new Float32Array([2]), a);
  const [z] = gpu.execute(mul_p, {}, [x, y], [a, a], [a]);
  flushesSubnormals = (await gpu.read(z, a))[0] === 0;
  for (const b of [x, y, z]) gpu.release(b);
}

/** Whether a float32 value is subnormal (nonzero, below the smallest normal). */
export function isSubnormal(v: number): boolean {
  return v !== 0 && Math.abs(v) < 1.1754943508222875e-38;
}

/**
 * Registers a WebGPU test; where WebGPU is missing it registers a test that prints why it is
 * skipped (so the skip is visible in the test output).
 */
export function gpuTest(name: string, fn: (be: WebGpuBackend) => void | Promise<void>): void {
  if (!gpu) {
    test(`webgpu: ${name} (SKIPPED: ${skipReason})`, () => {
      console.log(`skipped: ${skipReason}`);
    });
    return;
  }
  const be = gpu;
  test(`webgpu: ${name}`, () => fn(be));
}

export function aval(shape: number[], dtype: DType): ShapedArray {
  return new ShapedArray(shape, dtype);
}

/** Runs a primitive on the WebGPU backend with host inputs and reads the outputs back. */
export async function runGpu(
  be: WebGpuBackend,
  prim: Primitive,
  params: Params,
  inputs: TypedArray[],
  inAvals: ShapedArray[],
): Promise<TypedArray[]> {
  const outAvals = prim.abstractEval(inAvals, params);
  const bufs = inputs.map((x, i) => be.fromHost(x, inAvals[i]));
  const outs = be.execute(prim, params, bufs, inAvals, outAvals);
  const res = await Promise.all(outs.map((o, i) => be.read(o, outAvals[i])));
  for (const b of [...bufs, ...outs]) be.release(b);
  return res;
}

/** Runs a primitive with the CPU kernels. */
export function runCpu(
  prim: Primitive,
  params: Params,
  inputs: TypedArray[],
  inAvals: ShapedArray[],
): TypedArray[] {
  const outAvals = prim.abstractEval(inAvals, params);
  const k = cpuKernels[prim.name];
  if (!k) throw new Error(`no CPU kernel for ${prim.name}`);
  return k(inputs, inAvals, outAvals, params);
}

/** A small deterministic PRNG (xorshift32) so failures reproduce. */
export function rng(seed = 1234567): () => number {
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

/** Edge values of each dtype (NaN, ±inf, ±0, extremes, subnormals; int wrap points). */
export const EDGES: Record<DType, number[]> = {
  float32: [
    0,
    -0,
    1,
    -1,
    0.5,
    -2.5,
    3.5,
    NaN,
    Infinity,
    -Infinity,
    1e-45,
    -1e-40,
    3.4028234663852886e38,
    -3.4028234663852886e38,
    1e-30,
    7,
    -7,
    100.25,
    16777217,
    2147483648,
    -2147483904,
    4294967296,
  ],
  int32: [0, 1, -1, 2, -2, 7, -7, 2147483647, -2147483648, 65536, -65536, 12345, 31, 32, 33],
  uint32: [0, 1, 2, 7, 4294967295, 2147483648, 2147483647, 65536, 12345, 31, 32, 33],
  bool: [0, 1],
};

/** The edge values used on this GPU (no subnormals where it flushes them). */
export function edges(dtype: DType): number[] {
  const e = EDGES[dtype];
  return flushesSubnormals && dtype === "float32" ? e.filter((v) => !isSubnormal(v)) : e;
}

/** Random values of a dtype (floats spread over magnitudes, ints over the full range). */
export function randomData(
  dtype: DType,
  n: number,
  r = rng(),
  opts: { small?: boolean } = {},
): TypedArray {
  const out = allocTyped(dtype, n);
  for (let i = 0; i < n; i++) {
    const u = r();
    switch (dtype) {
      case "float32":
        out[i] = opts.small ? (u * 2 - 1) * 4 : (r() * 2 - 1) * Math.pow(10, u * 8 - 4);
        break;
      case "int32":
        out[i] = opts.small ? Math.floor(u * 41) - 20 : Math.floor(u * 4294967296) - 2147483648;
        break;
      case "uint32":
        out[i] = opts.small ? Math.floor(u * 41) : Math.floor(u * 4294967296);
        break;
      case "bool":
        out[i] = u < 0.5 ? 1 : 0;
        break;
    }
  }
  return out;
}

/** Data of `n` elements cycling through the dtype's edge values, then random ones. */
export function edgeData(dtype: DType, n: number, r = rng()): TypedArray {
  const out = randomData(dtype, n, r);
  const e = edges(dtype);
  for (let i = 0; i < Math.min(n, e.length); i++) out[i] = e[i];
  return out;
}

/** Every pair of edge values (for binary ops): returns [xs, ys]. */
export function edgePairs(dtype: DType): [TypedArray, TypedArray] {
  const e = edges(dtype);
  const xs = allocTyped(dtype, e.length * e.length), ys = allocTyped(dtype, e.length * e.length);
  let k = 0;
  for (const a of e) for (const b of e) (xs[k] = a), (ys[k++] = b);
  return [xs, ys];
}
