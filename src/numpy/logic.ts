/**
 * Elementwise functions of jax.numpy with bool results: NaN and infinity tests, comparisons
 * (equal, less, …) and logical not/and/or/xor.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray, promoteArgs } from "./convert.ts";
import type { Binary, Unary } from "./ufunc_types.ts";
import { binary, numeric2, unary } from "./ufunc_wrappers.ts";

/**
 * Whether each element is NaN, JAX's `jnp.isnan` (always false for integers and bools).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isnan(jnp.array([1, jnp.nan, jnp.inf])); // DeviceArray([False,  True, False], dtype=bool)
 * ```
 */
export const isnan: Unary = unary("isnan", (x): DeviceArray => {
  const a = asarray(x);
  return isFloat(a.dtype) ? lax.ne(a, a) : lax.broadcastInDim(false, a.shape, []);
});
/**
 * Whether each element is ±inf, JAX's `jnp.isinf`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isinf(jnp.array([1, jnp.nan, -jnp.inf])); // DeviceArray([False, False,  True], dtype=bool)
 * ```
 */
export const isinf: Unary = unary("isinf", (x): DeviceArray => {
  const a = asarray(x);
  return isFloat(a.dtype)
    ? lax.eq(lax.abs(a), lax.scalar(Infinity, a.dtype))
    : lax.broadcastInDim(false, a.shape, []);
});
/**
 * Whether each element is finite (neither NaN nor ±inf), JAX's `jnp.isfinite`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isfinite(jnp.array([1, jnp.nan, jnp.inf])); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const isfinite: Unary = unary("isfinite", (x): DeviceArray => {
  const a = asarray(x);
  return isFloat(a.dtype) ? lax.isFinite(a) : lax.broadcastInDim(true, a.shape, []);
});

const toBool = (x: ArrayLike) => {
  const a = asarray(x);
  return a.dtype === "bool" ? a : lax.ne(a, lax.scalar(0, a.dtype));
};
/**
 * Elementwise logical not (nonzero is true), JAX's `jnp.logical_not`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.logicalNot(jnp.array([0, 1, 2])); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const logicalNot: Unary = unary("logicalNot", (x): DeviceArray => lax.bitwiseNot(toBool(x)));

/**
 * Elementwise x == y (a bool array), JAX's `jnp.equal`; NaN is unequal to everything.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.equal(jnp.array([1, 2, jnp.nan]), jnp.array([1, 3, jnp.nan]));
 * // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const equal: Binary = numeric2("equal", lax.eq);
/**
 * Elementwise x != y, JAX's `jnp.not_equal`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.notEqual(jnp.array([1, 2]), 2); // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export const notEqual: Binary = numeric2("notEqual", lax.ne);
/**
 * Elementwise x < y, JAX's `jnp.less`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.less(jnp.array([1, 2, 3]), 2); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const less: Binary = numeric2("less", lax.lt);
/**
 * Elementwise x <= y, JAX's `jnp.less_equal`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.lessEqual(jnp.array([1, 2, 3]), 2); // DeviceArray([ True,  True, False], dtype=bool)
 * ```
 */
export const lessEqual: Binary = numeric2("lessEqual", lax.le);
/**
 * Elementwise x > y, JAX's `jnp.greater`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.greater(jnp.array([1, 2, 3]), 2); // DeviceArray([False, False,  True], dtype=bool)
 * ```
 */
export const greater: Binary = numeric2("greater", lax.gt);
/**
 * Elementwise x >= y, JAX's `jnp.greater_equal`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.greaterEqual(jnp.array([1, 2, 3]), 2); // DeviceArray([False,  True,  True], dtype=bool)
 * ```
 */
export const greaterEqual: Binary = numeric2("greaterEqual", lax.ge);

/**
 * Elementwise logical and (nonzero is true), JAX's `jnp.logical_and`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.logicalAnd(jnp.array([true, true, false]), jnp.array([1, 0, 1]));
 * // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const logicalAnd: Binary = binary(
  "logicalAnd",
  (x, y): DeviceArray =>
    lax.bitwiseAnd(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray])),
);
/**
 * Elementwise logical or (nonzero is true), JAX's `jnp.logical_or`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.logicalOr(jnp.array([true, false, false]), jnp.array([0, 0, 2]));
 * // DeviceArray([ True, False,  True], dtype=bool)
 * ```
 */
export const logicalOr: Binary = binary(
  "logicalOr",
  (x, y): DeviceArray =>
    lax.bitwiseOr(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray])),
);
/**
 * Elementwise logical xor (nonzero is true), JAX's `jnp.logical_xor`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.logicalXor(jnp.array([true, true]), jnp.array([true, false]));
 * // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const logicalXor: Binary = binary(
  "logicalXor",
  (x, y): DeviceArray =>
    lax.bitwiseXor(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray])),
);
