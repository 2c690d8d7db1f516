/** Bitwise operations of jax.numpy on integers (logical ones on bools): and, or, xor, not, shifts. */

import type { DeviceArray } from "../core/array.ts";
import { isUnsigned } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray } from "./convert.ts";
import type { Binary, Unary } from "./ufunc_types.ts";
import { numeric2, unary } from "./ufunc_wrappers.ts";

/**
 * Bitwise and of integers (logical and of bools), JAX's `jnp.bitwise_and`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseAnd(jnp.array([12, 10]), 6); // DeviceArray([4, 2], dtype=int32)
 * ```
 */
export const bitwiseAnd: Binary = numeric2("bitwiseAnd", lax.bitwiseAnd);
/**
 * Bitwise or of integers (logical or of bools), JAX's `jnp.bitwise_or`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseOr(jnp.array([12, 10]), 1); // DeviceArray([13, 11], dtype=int32)
 * ```
 */
export const bitwiseOr: Binary = numeric2("bitwiseOr", lax.bitwiseOr);
/**
 * Bitwise xor of integers (logical xor of bools), JAX's `jnp.bitwise_xor`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseXor(jnp.array([12, 10]), 6); // DeviceArray([10, 12], dtype=int32)
 * ```
 */
export const bitwiseXor: Binary = numeric2("bitwiseXor", lax.bitwiseXor);
/**
 * Bitwise not of integers (logical not of bools), JAX's `jnp.bitwise_not`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseNot(jnp.array([0, 5])); // DeviceArray([-1, -6], dtype=int32)
 * jnp.bitwiseNot(jnp.array([true, false])); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const bitwiseNot: Unary = unary(
  "bitwiseNot",
  (x): DeviceArray => lax.bitwiseNot(asarray(x)),
);
/**
 * Alias of `bitwiseNot` (numpy's `invert`, Python's `~`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.invert(jnp.array([0, 5], { dtype: "uint32" }));
 * // DeviceArray([4294967295, 4294967290], dtype=uint32)
 * ```
 */
export const invert: Unary = bitwiseNot;
/**
 * x << y for integers, JAX's `jnp.left_shift`: shifts of the bit width or more give 0 (XLA's
 * semantics).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.leftShift(jnp.array([1, 3]), jnp.array([4, 32])); // DeviceArray([16,  0], dtype=int32)
 * ```
 */
export const leftShift: Binary = numeric2("leftShift", lax.shiftLeft);
/**
 * x >> y for integers, JAX's `jnp.right_shift`: arithmetic (sign-filling) for signed, logical for
 * unsigned, as numpy. Shifts of the bit width or more give 0, or -1 for negative signed values.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.rightShift(jnp.array([-8, 8]), 1); // DeviceArray([-4,  4], dtype=int32)
 * jnp.rightShift(jnp.array([-8, 8]), 40); // DeviceArray([-1,  0], dtype=int32)
 * ```
 */
export const rightShift: Binary = numeric2(
  "rightShift",
  (a, b) => isUnsigned(a.dtype) ? lax.shiftRightLogical(a, b) : lax.shiftRightArithmetic(a, b),
);
