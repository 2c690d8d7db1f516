/**
 * Building blocks shared by the jnp.linalg routines. jaxscript has no linalg primitives, so the
 * factorizations are lax programs over whole (batched) matrices: a loop step reads one row or
 * column with a dynamic slice at the loop index, and writes through iota masks and selects. That
 * keeps every step a handful of elementwise operations that run on every backend, batch over the
 * leading axes, and differentiate like any lax program.
 *
 * JAX jits its linalg functions; these are not wrapped in an inner `jit`, because the gradient of
 * a jitted function that contains a loop fails here ("linearize: a primal output depends on
 * tangents"). Eagerly, each loop still runs as one compiled program (scan's implementation).
 */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import type { DType } from "../../dtype.ts";
import * as lax from "../../lax/lax.ts";
import { pyShape } from "../../shape.ts";
import { asarray, toInexact } from "../convert.ts";

/** An array converted as JAX's `promote_dtypes_inexact` does: ints and bools become float32. */
export function inexact(x: ArrayLike): DeviceArray {
  return toInexact(asarray(x));
}

/** Throws `error(shapeText)` unless `a` is a (batch of) square matrices [..., n, n]. */
export function checkSquare(a: DeviceArray, error: (shape: string) => Error): void {
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw error(pyShape(a.shape));
}

/** `shape` filled with `value` of `dtype` (a weak constant, as JAX's literals in these programs). */
export function filled(shape: readonly number[], value: number, dtype: DType): DeviceArray {
  return lax.broadcastInDim(lax.scalar(value, dtype), shape, []);
}

/** `x` [...batch] broadcast to `shape` [...batch, ...rest] (new trailing axes). */
export function expandTo(x: DeviceArray, shape: readonly number[]): DeviceArray {
  return lax.broadcastInDim(x, shape, x.shape.map((_, i) => i));
}

/**
 * `x` [...batch, n] broadcast along a new axis to [...batch, n, m] (`asColumn`) or
 * [...batch, m, n] (rows).
 */
export function spread(x: DeviceArray, shape: readonly number[], asColumn: boolean): DeviceArray {
  const b = x.ndim - 1;
  const dims = x.shape.map((_, i) => (i < b ? i : asColumn ? b : b + 1));
  return lax.broadcastInDim(x, shape, dims);
}

/** A traced or static index as an int32 scalar array. */
function index(i: DeviceArray | number): DeviceArray {
  return typeof i === "number" ? lax.scalar(i, "int32") : i;
}

/**
 * The slice of `x` of size 1 at index `i` of `axis` with that axis removed: row `i` of a batch of
 * matrices (axis -2), column `i` (axis -1), or element `i` of a batch of vectors.
 */
export function takeAt(x: DeviceArray, axis: number, i: DeviceArray | number): DeviceArray {
  const ax = axis < 0 ? axis + x.ndim : axis;
  const zero = lax.scalar(0, "int32");
  const starts = x.shape.map((_, d) => (d === ax ? index(i) : zero));
  const sizes = x.shape.map((s, d) => (d === ax ? 1 : s));
  return lax.reshape(lax.dynamicSlice(x, starts, sizes), x.shape.filter((_, d) => d !== ax));
}

/**
 * Writes `v` (x's shape without `axis`) into x at index `i` of `axis`: the inverse of `takeAt`.
 */
export function putAt(
  x: DeviceArray,
  axis: number,
  i: DeviceArray | number,
  v: DeviceArray,
): DeviceArray {
  const ax = axis < 0 ? axis + x.ndim : axis;
  const zero = lax.scalar(0, "int32");
  const starts = x.shape.map((_, d) => (d === ax ? index(i) : zero));
  const sizes = x.shape.map((s, d) => (d === ax ? 1 : s));
  return lax.dynamicUpdateSlice(x, lax.reshape(v, sizes), starts);
}

/** Elementwise `iota(axis) <op> i` over `shape`, for masks such as "rows below the pivot". */
export function compareIota(
  shape: readonly number[],
  axis: number,
  op: "eq" | "lt" | "gt" | "ge",
  i: DeviceArray | number,
): DeviceArray {
  const ax = axis < 0 ? axis + shape.length : axis;
  const iota = lax.broadcastedIota("int32", shape, ax);
  const at = typeof i === "number"
    ? filled(shape, i, "int32")
    : i.ndim === 0
    ? lax.broadcastInDim(i, shape, [])
    : expandTo(i, shape);
  return lax[op](iota, at);
}

/** The diagonals [..., n] of square matrices [..., n, n] (an exact masked sum). */
export function diagonalOf(a: DeviceArray): DeviceArray {
  const r = a.ndim;
  const onDiag = lax.eq(
    lax.broadcastedIota("int32", a.shape, r - 2),
    lax.broadcastedIota("int32", a.shape, r - 1),
  );
  return lax.reduceSum(lax.select(onDiag, a, filled(a.shape, 0, a.dtype)), [r - 1]);
}

/** Swaps the last two axes. */
export function transposeLast(a: DeviceArray): DeviceArray {
  const r = a.ndim;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return lax.transpose(a, perm);
}
