/** Rounding of jax.numpy: floor, ceil, trunc and round (to decimals). */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions, isOptionsObject } from "../options.ts";
import { describeValue } from "../shape.ts";
import { asarray } from "./convert.ts";
import { floorDivide } from "./arithmetic.ts";
import type { Unary } from "./ufunc_types.ts";
import { unary } from "./ufunc_wrappers.ts";

const integral = (name: string, f: (x: DeviceArray) => DeviceArray): Unary =>
  unary(name, (x) => {
    const a = asarray(x);
    return isFloat(a.dtype) ? f(a) : a;
  });
/**
 * Largest integer ≤ x, JAX's `jnp.floor` (integer arrays are returned unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.floor(jnp.array([1.5, -1.5])); // DeviceArray([ 1., -2.], dtype=float32)
 * ```
 */
export const floor: Unary = integral("floor", lax.floor);
/**
 * Smallest integer ≥ x, JAX's `jnp.ceil` (integer arrays are returned unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.ceil(jnp.array([1.5, -1.5])); // DeviceArray([ 2., -1.], dtype=float32)
 * ```
 */
export const ceil: Unary = integral("ceil", lax.ceil);
/**
 * Rounds toward zero, JAX's `jnp.trunc` (integer arrays are returned unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.trunc(jnp.array([1.7, -1.7])); // DeviceArray([ 1., -1.], dtype=float32)
 * ```
 */
export const trunc: Unary = integral(
  "trunc",
  (x) => lax.select(lax.lt(x, lax.scalar(0, x.dtype)), lax.ceil(x), lax.floor(x)),
);

/**
 * Rounds half to even, to `decimals` places (negative: to tens, hundreds, …), JAX's `jnp.round`.
 * Floats are scaled by 10^decimals, rounded and scaled back, so results carry float32 rounding.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.round(jnp.array([0.5, 1.5, 2.5, -0.5])); // DeviceArray([ 0.,  2.,  2., -0.], dtype=float32)
 * jnp.round(jnp.array([1.234, 5.678]), 1); // DeviceArray([1.2, 5.7], dtype=float32)
 * jnp.round(jnp.array([1234, 5678]), -2); // DeviceArray([1200, 5700], dtype=int32)
 * jnp.round(jnp.array([1.234, 5.678]), { decimals: 1 }); // DeviceArray([1.2, 5.7], dtype=float32)
 * ```
 */
export function round(x: ArrayLike, decimals: number | { decimals?: number } = 0): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.round", 1, 2, arguments.length, null, null);
  if (isOptionsObject(decimals)) {
    checkOptions("jnp.round", decimals, ["decimals"]);
    decimals = decimals.decimals ?? 0;
  }
  if (typeof decimals !== "number" || !Number.isInteger(decimals)) {
    throw new TypeError(`jnp.round: decimals must be an integer, got ${describeValue(decimals)}`);
  }
  const a = asarray(x);
  if (!isFloat(a.dtype)) {
    if (decimals >= 0) return a;
    const f = lax.scalar(10 ** -decimals, a.dtype);
    return lax.mul(floorDivide(lax.add(a, lax.div(f, lax.scalar(2, a.dtype))), f), f);
  }
  if (decimals === 0) return lax.round(a, 1);
  const factor = lax.scalar(10 ** decimals, a.dtype);
  return lax.div(lax.round(lax.mul(a, factor), 1), factor);
}
/**
 * Alias of `round` (numpy's `around`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.around(jnp.array([2.5, 3.5])); // DeviceArray([2., 4.], dtype=float32)
 * ```
 */
export const around: typeof round = round;
