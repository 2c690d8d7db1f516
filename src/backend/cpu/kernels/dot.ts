/**
 * dot_general on the CPU: both operands are brought to [batch, rows, contract] and
 * [batch, contract, cols] layouts, then multiplied.
 *
 * Float32 products with at least MIN_WASM_K terms run on the WebAssembly SIMD kernels
 * (wasm/matmul.ts), which accumulate in float32 as XLA's CPU dot does: a matrix product sums
 * each element in order of increasing k (the naive float32 loop, bit for bit, whatever the
 * blocking or thread count); row-wise dots and matrix-vector products sum in eight float32 lanes
 * combined pairwise. Shorter contractions, integer and bool products, and runtimes without
 * WebAssembly use the JavaScript loop below (i-k-j order, float64 accumulation rounded once per
 * element), so tiny products stay correctly rounded.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { allocTyped, type TypedArray } from "../../../dtype.ts";
import { prod, stridesOf } from "../../../shape.ts";
import type { DotDimensionNumbers } from "../../../lax/prims/dot.ts";
import { stridedCopy } from "./structural.ts";
import { dotsF32, matmulF32 } from "../wasm/matmul.ts";

/**
 * The shortest contraction sent to the float32 SIMD kernels. Below it the float64 loop costs
 * little and keeps results within an ulp of the exact product (the kernel fixtures check 1 ulp).
 */
export const MIN_WASM_K = 16;

/** Copies `x` into the axis order `perm` (no copy when perm is the identity). */
function permuted(src: TypedArray, x: ShapedArray, perm: number[]): TypedArray {
  let identity = true;
  for (let i = 0; i < perm.length; i++) if (perm[i] !== i) identity = false;
  if (identity) return src;
  const st = stridesOf(x.shape);
  const out = allocTyped(x.dtype, x.size);
  stridedCopy(src, 0, perm.map((p) => st[p]), perm.map((p) => x.shape[p]), out);
  return out;
}

/**
 * dot_general specialised to its avals and params: the layout work (axis permutations, sizes,
 * the kernel choice) is done once, so the jit program's call does only the product.
 */
export function dotGeneralPlan(
  lhs: ShapedArray,
  rhs: ShapedArray,
  out: ShapedArray,
  params: Params,
): (lhsData: TypedArray, rhsData: TypedArray) => TypedArray {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDimensionNumbers;
  const lfree = lhs.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rfree = rhs.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const B = prod(lb.map((i) => lhs.shape[i]));
  const M = prod(lfree.map((i) => lhs.shape[i]));
  const K = prod(lc.map((i) => lhs.shape[i]));
  const N = prod(rfree.map((i) => rhs.shape[i]));
  const lperm = [...lb, ...lfree, ...lc], rperm = [...rb, ...rc, ...rfree];
  const wasm = K >= MIN_WASM_K && out.dtype === "float32" && lhs.dtype === "float32" &&
    rhs.dtype === "float32" && out.size > 0;
  return (lhsData, rhsData) => {
    const a = permuted(lhsData, lhs, lperm);
    const b = permuted(rhsData, rhs, rperm);
    const res = allocTyped(out.dtype, out.size);
    if (
      wasm && wasmProduct(a as Float32Array, b as Float32Array, res as Float32Array, B, M, K, N)
    ) {
      return res;
    }
    jsProduct(a, b, res, lhs, out, B, M, K, N);
    return res;
  };
}

export function dotGeneral(
  [lhsData, rhsData]: TypedArray[],
  [lhs, rhs]: ShapedArray[],
  out: ShapedArray,
  params: Params,
): TypedArray {
  return dotGeneralPlan(lhs, rhs, out, params)(lhsData, rhsData);
}

/** The JavaScript product (float64 accumulation; integers wrap as int32). */
function jsProduct(
  a: TypedArray,
  b: TypedArray,
  res: TypedArray,
  lhs: ShapedArray,
  out: ShapedArray,
  B: number,
  M: number,
  K: number,
  N: number,
): void {
  // Integer products wrap as int32 arithmetic. With a float32 preferred_element_type, XLA converts
  // integer operands to float32 first, so those are multiplied as floats instead.
  const intMode = out.dtype !== "float32" &&
    (lhs.dtype === "int32" || lhs.dtype === "uint32" || lhs.dtype === "bool");
  const acc = new Float64Array(N);
  for (let bi = 0; bi < B; bi++) {
    const aOff = bi * M * K, bOff = bi * K * N, oOff = bi * M * N;
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      const aRow = aOff + i * K;
      for (let k = 0; k < K; k++) {
        const av = a[aRow + k];
        const bRow = bOff + k * N;
        if (intMode) {
          for (let j = 0; j < N; j++) acc[j] = (acc[j] + Math.imul(av, b[bRow + j])) | 0;
        } else {
          for (let j = 0; j < N; j++) acc[j] += av * b[bRow + j];
        }
      }
      if (out.dtype === "bool") {
        for (let j = 0; j < N; j++) res[oOff + i * N + j] = acc[j] !== 0 ? 1 : 0;
      } else if (out.dtype === "uint32") {
        for (let j = 0; j < N; j++) res[oOff + i * N + j] = acc[j] >>> 0;
      } else {
        res.set(acc, oOff + i * N);
      }
    }
  }
}

/** The float32 product on the WebAssembly kernels; false if they are unavailable. */
function wasmProduct(
  a: Float32Array,
  b: Float32Array,
  res: Float32Array,
  B: number,
  M: number,
  K: number,
  N: number,
): boolean {
  // Row-wise dots (vmap of a vector dot): one call for all batches.
  if (M === 1 && N === 1) return dotsF32(a, 0, b, 0, B, K, K, res, 0);
  for (let bi = 0; bi < B; bi++) {
    const ok = N === 1
      ? dotsF32(a, bi * M * K, b, bi * K, M, K, 0, res, bi * M)
      : matmulF32(a, bi * M * K, b, bi * K * N, M, K, N, res, bi * M * N);
    if (!ok) return false;
  }
  return true;
}
