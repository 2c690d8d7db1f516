/** Reductions over axes, `argmax` / `argmin`, and cumulative (running) reductions along an axis. */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import type { DType } from "../dtype.ts";
import { normalizeAxis } from "../shape.ts";
import * as P from "./prims/index.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * A lax reduction over the given axes.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const f: lax.Reducer = lax.reduceSum;
 * f(jnp.array([[1, 2], [3, 4]]), [0]); // DeviceArray([4, 6], dtype=int32)
 * ```
 */
export type Reducer = (x: DeviceArray, axes: readonly number[]) => DeviceArray;
/**
 * A lax cumulative reduction along an axis (0 by default), optionally in reverse.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const f: lax.Cumulative = lax.cumsum;
 * f(jnp.array([1, 2, 3]), 0, true); // DeviceArray([6, 5, 3], dtype=int32)
 * ```
 */
export type Cumulative = (x: DeviceArray, axis?: number, reverse?: boolean) => DeviceArray;

function reducer(p: Primitive) {
  const fn = `lax.${p.name}`;
  return function (x: DeviceArray, axes: readonly number[]): DeviceArray {
    if (arguments.length > 2) {
      checkExtraArguments(fn, 2, 2, arguments.length, arguments[2], arguments[3]);
    }
    if (axes.length === 0) return x;
    return bind1(p, [x], { axes: [...axes].sort((a, b) => a - b) });
  };
}
/**
 * Sum over `axes`, `lax.reduce_sum` (integers wrap on overflow).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceSum(jnp.array([[1, 2], [3, 4]]), [1]); // DeviceArray([3, 7], dtype=int32)
 * ```
 */
export const reduceSum: Reducer = reducer(P.reduce_sum_p);
/**
 * Product over `axes`, `lax.reduce_prod`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceProd(jnp.array([[1, 2], [3, 4]]), [0, 1]); // DeviceArray(24, dtype=int32)
 * ```
 */
export const reduceProd: Reducer = reducer(P.reduce_prod_p);
/**
 * Maximum over `axes`, `lax.reduce_max`: NaN propagates; an empty reduction gives the identity
 * (-inf, or the dtype's minimum).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceMax(jnp.array([[1, 5], [3, 2]]), [0]); // DeviceArray([3, 5], dtype=int32)
 * lax.reduceMax(jnp.zeros([0]), [0]); // DeviceArray(-inf, dtype=float32)
 * ```
 */
export const reduceMax: Reducer = reducer(P.reduce_max_p);
/**
 * Minimum over `axes`, `lax.reduce_min`: NaN propagates; an empty reduction gives the identity
 * (inf, or the dtype's maximum).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceMin(jnp.array([[1, 5], [3, 2]]), [1]); // DeviceArray([1, 2], dtype=int32)
 * ```
 */
export const reduceMin: Reducer = reducer(P.reduce_min_p);
/**
 * Logical (bitwise for integers) and over `axes`, `lax.reduce_and`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceAnd(jnp.array([[true, false], [true, true]]), [1]);
 * // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const reduceAnd: Reducer = reducer(P.reduce_and_p);
/**
 * Logical (bitwise for integers) or over `axes`, `lax.reduce_or`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceOr(jnp.array([[true, false], [false, false]]), [1]);
 * // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export const reduceOr: Reducer = reducer(P.reduce_or_p);
/**
 * Logical (bitwise for integers) xor over `axes`, `lax.reduce_xor`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reduceXor(jnp.array([5, 3]), [0]); // DeviceArray(6, dtype=int32)
 * ```
 */
export const reduceXor: Reducer = reducer(P.reduce_xor_p);

/**
 * Index of the maximum along `axis`, `lax.argmax` (the first on ties; NaN counts as maximal), in
 * `indexDType`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.argmax(jnp.array([[1, 9], [8, 2]]), 1); // DeviceArray([1, 0], dtype=int32)
 * lax.argmax(jnp.array([1, jnp.nan, 3]), 0); // DeviceArray(1, dtype=int32)
 * ```
 */
export function argmax(x: DeviceArray, axis: number, indexDType: DType = "int32"): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.argmax", 2, 3, arguments.length, arguments[3], arguments[4]);
  }
  return bind1(P.argmax_p, [x], { axes: [axis], index_dtype: indexDType });
}
/**
 * Index of the minimum along `axis`, `lax.argmin` (the first on ties; NaN counts as minimal), in
 * `indexDType`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.argmin(jnp.array([[1, 9], [8, 2]]), 0); // DeviceArray([0, 1], dtype=int32)
 * ```
 */
export function argmin(x: DeviceArray, axis: number, indexDType: DType = "int32"): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.argmin", 2, 3, arguments.length, arguments[3], arguments[4]);
  }
  return bind1(P.argmin_p, [x], { axes: [axis], index_dtype: indexDType });
}

function cumulative(p: Primitive) {
  const fn = `lax.${p.name}`;
  return function (x: DeviceArray, axis = 0, reverse = false): DeviceArray {
    if (arguments.length > 3) {
      checkExtraArguments(fn, 1, 3, arguments.length, arguments[3], arguments[4]);
    }
    return bind1(p, [x], { axis: normalizeAxis(axis, x.ndim), reverse });
  };
}
/**
 * Running sum along `axis` (0 by default; from the end with `reverse`), `lax.cumsum`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cumsum(jnp.array([1, 2, 3])); // DeviceArray([1, 3, 6], dtype=int32)
 * lax.cumsum(jnp.array([1, 2, 3]), 0, true); // DeviceArray([6, 5, 3], dtype=int32)
 * ```
 */
export const cumsum: Cumulative = cumulative(P.cumsum_p);
/**
 * Running product along `axis`, `lax.cumprod`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cumprod(jnp.array([1, 2, 3, 4])); // DeviceArray([ 1,  2,  6, 24], dtype=int32)
 * ```
 */
export const cumprod: Cumulative = cumulative(P.cumprod_p);
/**
 * Running maximum along `axis`, `lax.cummax`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cummax(jnp.array([1, 3, 2, 5])); // DeviceArray([1, 3, 3, 5], dtype=int32)
 * ```
 */
export const cummax: Cumulative = cumulative(P.cummax_p);
/**
 * Running minimum along `axis`, `lax.cummin`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cummin(jnp.array([4, 2, 3, 1])); // DeviceArray([4, 2, 2, 1], dtype=int32)
 * ```
 */
export const cummin: Cumulative = cumulative(P.cummin_p);
/**
 * Running log(Σ exp(x)) along `axis`, computed stably, `lax.cumlogsumexp` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cumlogsumexp(jnp.array([0, 0, 0], { dtype: "float32" }));
 * // DeviceArray([0.       , 0.6931472, 1.0986123], dtype=float32)
 * ```
 */
export const cumlogsumexp: Cumulative = cumulative(P.cumlogsumexp_p);
