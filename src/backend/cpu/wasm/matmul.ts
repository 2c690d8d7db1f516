/**
 * Float32 matrix products on the WebAssembly kernels: operands are copied into the module's
 * memory (the CPU backend's buffers are ordinary typed arrays), B is packed, the product runs as
 * one job — split into row-block × column-block tasks across the worker pool when it is large
 * enough to repay waking the workers — and the result is copied out.
 *
 * Numerics (see gemm_kernel.ts): `matmulF32` accumulates each element in float32 in order of
 * increasing k, like the naive float32 loop, whatever the tiling or thread count; `dotsF32`
 * (row-wise dots and matrix-vector products) sums in eight float32 lanes and combines them
 * pairwise. Both return false when the runtime is unavailable or memory cannot grow, and the
 * caller falls back to the JavaScript kernel.
 */

import { GEMM_LARGE, GEMM_SHAPES, GEMM_SMALL, gemmName, type GemmShape } from "./gemm_kernel.ts";
import { CTL, MAX_LOOP_TASKS, type Runtime, wasmRuntime } from "./runtime.ts";

/** Products with at least this many rows use the engine's large tiling (gemm_kernel.ts). */
const LARGE_ROWS = 96;
/** Products below this many flops run on the calling thread (waking a worker costs ~10-50 µs). */
const PARALLEL_FLOPS = 4e6;
/** Tasks per thread to aim for, so that a slow or late thread does not hold up the job. */
const TASKS_PER_THREAD = 16;

const align = (n: number) => (n + 63) & ~63;

/** C[M×N] = A[M×K]·B[K×N] (row-major float32 at the given offsets) into `out` at outOff. */
export function matmulF32(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  M: number,
  K: number,
  N: number,
  out: Float32Array,
  outOff: number,
): boolean {
  const rt = wasmRuntime();
  if (!rt) return false;
  const shape = M >= LARGE_ROWS ? GEMM_LARGE : GEMM_SMALL;
  const { mr: MR, nr: NR } = shape;
  const gemm = rt.k[gemmName(shape)], packB = rt.k[`packB${NR}`];
  const np = Math.ceil(N / NR), Np = np * NR, Mp = Math.ceil(M / MR) * MR;
  let off = rt.arenaBase;
  const A = off;
  off = align(off + M * K * 4);
  const B = off;
  off = align(off + K * N * 4);
  const BP = off;
  off = align(off + np * K * NR * 4);
  const C = off;
  off = align(off + Mp * Np * 4);
  if (!rt.reserve(off - rt.arenaBase)) return false;
  const mem = rt.f32;
  mem.set(b.subarray(bOff, bOff + K * N), B >> 2);
  const copyA = () => mem.set(a.subarray(aOff, aOff + M * K), A >> 2);
  // Rows [m0, m1) of the result from C into `out`.
  const copyOut = (m0: number, m1: number) => {
    const res = rt.f32;
    if (N === Np) out.set(res.subarray((C >> 2) + m0 * N, (C >> 2) + m1 * N), outOff + m0 * N);
    else {
      for (let i = m0; i < m1; i++) {
        const s = (C >> 2) + i * Np;
        out.set(res.subarray(s, s + N), outOff + i * N);
      }
    }
  };
  if (2 * M * N * K < PARALLEL_FLOPS || rt.threads === 1) {
    copyA();
    packB(B, N * 4, K, N, BP, 0, np);
    gemm(A, K * 4, BP, C, Np * 4, 0, M, 0, np, K, rt.apOf(0));
    copyOut(0, M);
  } else {
    // The workers pack B while this thread copies A in (only it can read the JS array).
    const ppt = Math.ceil(np / (rt.threads * 4));
    const packArgs = [B, N * 4, K, N, BP, ppt, np, NR];
    for (let i = 0; i < packArgs.length; i++) rt.ctl[CTL.ARGS + i] = packArgs[i];
    rt.parallel(3, Math.ceil(np / ppt), (t) => {
      packB(B, N * 4, K, N, BP, t * ppt, Math.min(np, (t + 1) * ppt));
    }, copyA);
    // Touches a new output's pages while the workers compute (when it is copied out after the
    // job rather than block by block).
    const touch = () => {
      for (let i = outOff; i < outOff + M * N; i += 1024) out[i] = 0;
    };
    gemmParallel(rt, shape, A, K, BP, C, Np, M, np, copyOut, touch);
  }
  return true;
}

/**
 * Splits the rows into MC blocks and the panels into enough column blocks for the pool, and
 * copies the result out: block by block while the others compute when each task is a whole block
 * of rows, else after the job, having touched the output's pages during it (a new 4 MiB array
 * costs ~1 ms of page faults).
 */
function gemmParallel(
  rt: Runtime,
  shape: GemmShape,
  A: number,
  K: number,
  BP: number,
  C: number,
  Np: number,
  M: number,
  np: number,
  copyOut: (m0: number, m1: number) => void,
  touch: () => void,
): void {
  const MC = shape.mc;
  const rowTasks = Math.ceil(M / MC);
  const want = Math.ceil((rt.threads * TASKS_PER_THREAD) / rowTasks);
  const ppt = Math.ceil(np / Math.max(1, Math.min(np, want)));
  const colTasks = Math.ceil(np / ppt);
  const args = [A, K * 4, BP, C, Np * 4, M, np, K, MC, colTasks, ppt, GEMM_SHAPES.indexOf(shape)];
  const gemm = rt.k[gemmName(shape)];
  const ctl = rt.ctl;
  for (let i = 0; i < args.length; i++) ctl[CTL.ARGS + i] = args[i];
  const run = (idx: number, thread: number) => {
    // Mirrors the worker's dispatch for job kind 1 (runtime.ts).
    const r = (idx / colTasks) | 0, q = idx - r * colTasks;
    const m0 = r * MC, m1 = Math.min(M, m0 + MC);
    const p0 = q * ppt, p1 = Math.min(np, p0 + ppt);
    gemm(A, K * 4, BP, C, Np * 4, m0, m1, p0, p1, K, rt.apOf(thread));
  };
  if (colTasks === 1 && rowTasks <= MAX_LOOP_TASKS) {
    rt.parallel(1, rowTasks, run, undefined, (r) => copyOut(r * MC, Math.min(M, (r + 1) * MC)));
  } else {
    rt.parallel(1, rowTasks * colTasks, run, touch);
    copyOut(0, M);
  }
}

/**
 * out[outOff + i] = Σ_k a[aOff + i·K + k]·b[bOff + i·bStride + k] for i < n (bStride K for
 * row-wise dots, 0 for a matrix-vector product).
 */
export function dotsF32(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  n: number,
  K: number,
  bStride: number,
  out: Float32Array,
  outOff: number,
): boolean {
  const rt = wasmRuntime();
  if (!rt) return false;
  const bLen = bStride === 0 ? K : n * K;
  const A = rt.arenaBase;
  const B = align(A + n * K * 4);
  const O = align(B + bLen * 4);
  if (!rt.reserve(O + n * 4 - rt.arenaBase)) return false;
  const mem = rt.f32;
  mem.set(a.subarray(aOff, aOff + n * K), A >> 2);
  mem.set(b.subarray(bOff, bOff + bLen), B >> 2);
  rt.k.dots(A, B, O, n, K, bStride * 4);
  out.set(rt.f32.subarray(O >> 2, (O >> 2) + n), outOff);
  return true;
}
