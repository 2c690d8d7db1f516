/** `jnp.linalg.norm`: vector norms over one axis, matrix norms over two (JAX's rules). */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import { NotImplementedError, ValueError } from "../../errors.ts";
import * as lax from "../../lax/lax.ts";
import { splitTrailingArguments } from "../../options.ts";
import { normalizeAxis, pyShape } from "../../shape.ts";
import { abs } from "../arithmetic.ts";
import { max, min, sum } from "../reductions.ts";
import { sqrt } from "../transcendental.ts";
import { filled, inexact } from "./util.ts";

/**
 * The order of a norm: a number (`Infinity` and `-Infinity` for JAX's `jnp.inf` / `-jnp.inf`),
 * `"fro"` / `"f"` (Frobenius) or `"nuc"` (nuclear), or null for the default (2 for vectors,
 * Frobenius for matrices).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const ord: jnp.linalg.NormOrder = jnp.inf;
 * jnp.linalg.norm(jnp.array([3, -4]), { ord }); // DeviceArray(4., dtype=float32)
 * ```
 */
export type NormOrder = number | "fro" | "f" | "nuc" | null;

/**
 * Options of {@link norm}: JAX's `ord`, `axis` and `keepdims`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.linalg.NormOptions = { ord: 1, axis: -1, keepdims: true };
 * jnp.linalg.norm(jnp.array([[3, -4], [1, 1]]), opts);
 * // DeviceArray([[7.],
 * //              [2.]], dtype=float32)
 * ```
 */
export interface NormOptions {
  /** The norm's order (see {@link NormOrder}); default null. */
  ord?: NormOrder;
  /** One axis (a vector norm), two axes (a matrix norm), or null: every axis (see `norm`). */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes with size 1. */
  keepdims?: boolean;
}

/** `ord` as Python prints it in JAX's messages: `inf`, `-inf`, `2`, `fro`. */
function ordText(ord: unknown): string {
  if (ord === Infinity) return "inf";
  if (ord === -Infinity) return "-inf";
  return String(ord);
}

/** sqrt(Σ x²) over `axis`: the 2-norm of vectors, the Frobenius norm of matrices. */
function euclidean(x: DeviceArray, axis: number[] | null, keepdims: boolean): DeviceArray {
  return sqrt(sum(lax.mul(x, x), { axis, keepdims }));
}

function vectorNorm(x: DeviceArray, ord: NormOrder, axis: number, keepdims: boolean): DeviceArray {
  const o = { axis, keepdims };
  if (ord === null || ord === 2) return euclidean(x, [axis], keepdims);
  if (ord === Infinity) return max(abs(x), o);
  if (ord === -Infinity) return min(abs(x), o);
  if (ord === 0) return sum(lax.ne(x, filled(x.shape, 0, x.dtype)), { ...o, dtype: x.dtype });
  if (ord === 1) return sum(abs(x), o);
  if (typeof ord === "string") {
    // Untyped callers may pass Python's spellings; JAX's hint points to the number.
    const text: string = ord;
    let msg = `Invalid order '${text}' for vector norm.`;
    if (text === "inf") msg += "Use 'jax.numpy.inf' instead.";
    if (text === "-inf") msg += "Use '-jax.numpy.inf' instead.";
    throw new ValueError(msg);
  }
  // (Σ|x|^p)^(1/p) with JAX's constants: p and 1/p as float32 (1/p divided in float32).
  const a = abs(x);
  const summed = sum(lax.pow(a, filled(a.shape, ord, a.dtype)), o);
  return lax.pow(summed, filled(summed.shape, Math.fround(1 / Math.fround(ord)), a.dtype));
}

function matrixNorm(
  x: DeviceArray,
  ord: NormOrder,
  [rowAxis, colAxis]: number[],
  keepdims: boolean,
): DeviceArray {
  if (ord === null || ord === "fro" || ord === "f") {
    return euclidean(x, [rowAxis, colAxis], keepdims);
  }
  // Sum |x| over one axis, then the max/min over the other (renumbered if the first is gone).
  const sumThenReduce = (summed: number, other: number, reduce: typeof max) => {
    const s = sum(abs(x), { axis: summed, keepdims });
    return reduce(s, { axis: !keepdims && other > summed ? other - 1 : other, keepdims });
  };
  if (ord === 1) return sumThenReduce(rowAxis, colAxis, max);
  if (ord === -1) return sumThenReduce(rowAxis, colAxis, min);
  if (ord === Infinity) return sumThenReduce(colAxis, rowAxis, max);
  if (ord === -Infinity) return sumThenReduce(colAxis, rowAxis, min);
  if (ord === "nuc" || ord === 2 || ord === -2) {
    throw new NotImplementedError(
      `jnp.linalg.norm with ord=${ordText(ord)} over two axes needs the singular values ` +
        "(jnp.linalg.svd), not available yet",
    );
  }
  throw new ValueError(`Invalid order '${ordText(ord)}' for matrix norm.`);
}

/**
 * Vector or matrix norms, JAX's `jnp.linalg.norm(x, ord=None, axis=None, keepdims=False)` (ord,
 * axis and keepdims positional as in JAX, or an options object):
 *
 * - `axis` a number: vector norms along it. `ord` null or 2: √(Σ|x|²); `Infinity`: max |x|;
 *   `-Infinity`: min |x|; 0: the count of non-zeros; other p: (Σ|x|ᵖ)^(1/p).
 * - `axis` two numbers: matrix norms over them. `ord` null, "fro", "f": Frobenius; 1 / -1: the
 *   max / min column sum of |x|; `Infinity` / `-Infinity`: the max / min row sum. (2, -2 and
 *   "nuc" need singular values: not available yet.)
 * - `axis` null: with `ord` null, the 2-norm of all elements, whatever the rank; with an `ord`,
 *   a vector norm of a 1-d array or a matrix norm of a 2-d one.
 *
 * Ints and bools are promoted to float32.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.array([[3, 4], [0, -12]]);
 * jnp.linalg.norm(x); // DeviceArray(13., dtype=float32)
 * jnp.linalg.norm(x, { axis: 1 }); // DeviceArray([ 5., 12.], dtype=float32)
 * jnp.linalg.norm(x, { ord: 1 }); // DeviceArray(16., dtype=float32)
 * jnp.linalg.norm(x, { ord: jnp.inf, axis: 0 }); // DeviceArray([ 3., 12.], dtype=float32)
 * jnp.linalg.norm(x, jnp.inf, 0); // the same, with JAX's positional ord and axis
 * ```
 */
export function norm(
  x: ArrayLike,
  ord?: NormOrder | NormOptions,
  ...more: [
    axis?: number | readonly number[] | null | NormOptions,
    keepdims?: boolean | NormOptions,
  ]
): DeviceArray {
  const opts = splitTrailingArguments(
    "jnp.linalg.norm",
    1,
    [ord, ...more],
    ["ord", "axis", "keepdims"],
  ) as NormOptions;
  const a = inexact(x);
  const order = opts.ord ?? null, keepdims = opts.keepdims ?? false;
  let axes: number[];
  if (opts.axis === null || opts.axis === undefined) {
    // numpy's undocumented rule (numpy#14215): with ord null, any rank is flattened.
    if (order === null) return euclidean(a, null, keepdims);
    axes = Array.from({ length: a.ndim }, (_, i) => i);
  } else if (typeof opts.axis === "number") {
    axes = [normalizeAxis(opts.axis, a.ndim)];
  } else {
    axes = opts.axis.map((ax) => normalizeAxis(ax, a.ndim));
  }
  if (axes.length === 1) return vectorNorm(a, order, axes[0], keepdims);
  if (axes.length === 2) return matrixNorm(a, order, axes, keepdims);
  // JAX formats the axis tuple inside parentheses: "Invalid axis values ((0, 1, 2)) ...".
  throw new ValueError(`Invalid axis values (${pyShape(axes)}) for jnp.linalg.norm.`);
}
