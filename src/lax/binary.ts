/**
 * Elementwise binary lax functions: arithmetic, min/max, comparisons, bitwise logic and shifts.
 * Operands share one dtype (JS numbers adopt it); there is no implicit promotion.
 */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import * as P from "./prims/index.ts";
import { type Operand, operands } from "./operand.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * A binary lax function: operands must have one dtype and equal shapes (JS numbers broadcast as
 * scalars).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const f: lax.Binary = lax.add;
 * f(jnp.array([1, 2]), 10); // DeviceArray([11, 12], dtype=int32)
 * ```
 */
export type Binary = (x: Operand, y: Operand) => DeviceArray;

const bin = (p: Primitive): Binary => {
  const fn = `lax.${p.name}`;
  return function (x: Operand, y: Operand): DeviceArray {
    // JS drops extra arguments; Python raises (the index and array reduce passes are let through).
    if (arguments.length > 2) {
      checkExtraArguments(fn, 2, 2, arguments.length, arguments[2], arguments[3]);
    }
    return bind1(p, operands([x, y]), {});
  };
};

/**
 * Elementwise x + y, `lax.add`: one dtype, no implicit promotion (JS numbers adopt the array's
 * dtype). Integers wrap on overflow.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.add(jnp.array([1, 2]), jnp.array([10, 20])); // DeviceArray([11, 22], dtype=int32)
 * lax.add(jnp.array([2147483647]), 1); // DeviceArray([-2147483648], dtype=int32)
 * ```
 */
export const add: Binary = bin(P.add_p);
/**
 * Elementwise x − y, `lax.sub`. Integers wrap (uint32 0 − 1 is 4294967295).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sub(jnp.array([5, 7]), 2); // DeviceArray([3, 5], dtype=int32)
 * ```
 */
export const sub: Binary = bin(P.sub_p);
/**
 * Elementwise x · y, `lax.mul`. Integers wrap on overflow (the low 32 bits of the product).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.mul(jnp.array([3, 65536]), jnp.array([4, 65536])); // DeviceArray([12,  0], dtype=int32)
 * ```
 */
export const mul: Binary = bin(P.mul_p);
/**
 * Elementwise x / y, `lax.div`. Integer division truncates toward zero, and does not trap: x / 0 is
 * -1 (all bits set: 4294967295 for uint32) and INT_MIN / -1 is INT_MIN, as XLA. Float division is
 * IEEE: ±inf, or NaN for 0 / 0.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.div(jnp.array([7, -7, 7]), jnp.array([2, 2, 0])); // DeviceArray([ 3, -3, -1], dtype=int32)
 * lax.div(jnp.array([1, 0], { dtype: "float32" }), 0); // DeviceArray([inf, nan], dtype=float32)
 * ```
 */
export const div: Binary = bin(P.div_p);
/**
 * Elementwise remainder with the sign of the dividend (C's `%`, `fmod`), `lax.rem`. For integers x
 * % 0 is x (XLA's result, no trap); for floats it is NaN.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.rem(jnp.array([7, -7, 7]), jnp.array([3, 3, 0])); // DeviceArray([ 1, -1,  7], dtype=int32)
 * lax.rem(jnp.array([5.5, -5.5]), 2); // DeviceArray([ 1.5, -1.5], dtype=float32)
 * ```
 */
export const rem: Binary = bin(P.rem_p);
/**
 * Elementwise x ** y for floats, `lax.pow` (use `integerPow` for a static integer exponent): NaN
 * for a negative base with a non-integer exponent.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const x = jnp.array([2, -8, 0, -1], { dtype: "float32" });
 * lax.pow(x, jnp.array([0.5, 0.5, -1, 2]));
 * // DeviceArray([1.4142135,       nan,       inf, 1.       ], dtype=float32)
 * ```
 */
export const pow: Binary = bin(P.pow_p);
/**
 * Elementwise maximum, `lax.max`: NaN propagates (if either is NaN the result is NaN), as XLA.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.max(jnp.array([1, 5, jnp.nan]), jnp.array([3, 2, 0.5]));
 * // DeviceArray([ 3.,  5., nan], dtype=float32)
 * ```
 */
export const max: Binary = bin(P.max_p);
/**
 * Elementwise minimum, `lax.min`: NaN propagates, as XLA.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.min(jnp.array([1, 5, jnp.nan]), jnp.array([3, 2, 0.5]));
 * // DeviceArray([ 1.,  2., nan], dtype=float32)
 * ```
 */
export const min: Binary = bin(P.min_p);
/**
 * Four-quadrant arctangent of x / y, `lax.atan2(x, y)` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const y = jnp.array([1, 1, -1], { dtype: "float32" });
 * lax.atan2(y, jnp.array([1, -1, 0], { dtype: "float32" }));
 * // DeviceArray([ 0.7853982,  2.3561945, -1.5707964], dtype=float32)
 * ```
 */
export const atan2: Binary = bin(P.atan2_p);
/**
 * The next float32 after x in the direction of y, `lax.nextafter` (subnormals included).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const x = jnp.array([1, 0], { dtype: "float32" });
 * lax.nextafter(x, jnp.array([2, -1], { dtype: "float32" }));
 * // DeviceArray([ 1.0000001e+00, -1.4012985e-45], dtype=float32)
 * ```
 */
export const nextafter: Binary = bin(P.nextafter_p);
/**
 * Bitwise and of integers, logical and of bools, `lax.bitwise_and`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.bitwiseAnd(jnp.array([12, 10]), 6); // DeviceArray([4, 2], dtype=int32)
 * ```
 */
export const bitwiseAnd: Binary = bin(P.and_p);
/**
 * Bitwise or of integers, logical or of bools, `lax.bitwise_or`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.bitwiseOr(jnp.array([true, false]), jnp.array([false, false]));
 * // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export const bitwiseOr: Binary = bin(P.or_p);
/**
 * Bitwise xor of integers, logical xor of bools, `lax.bitwise_xor`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.bitwiseXor(jnp.array([12, 10]), 6); // DeviceArray([10, 12], dtype=int32)
 * ```
 */
export const bitwiseXor: Binary = bin(P.xor_p);
/**
 * Elementwise x == y (a bool array), `lax.eq`; NaN is unequal to everything, itself included.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.eq(jnp.array([1, 2, jnp.nan]), jnp.array([1, 3, jnp.nan]));
 * // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const eq: Binary = bin(P.eq_p);
/**
 * Elementwise x != y, `lax.ne` (true for NaN against anything).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.ne(jnp.array([1, 2]), 2); // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export const ne: Binary = bin(P.ne_p);
/**
 * Elementwise x < y, `lax.lt` (false whenever NaN is involved).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.lt(jnp.array([1, 2, 3]), 2); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const lt: Binary = bin(P.lt_p);
/**
 * Elementwise x <= y, `lax.le`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.le(jnp.array([1, 2, 3]), 2); // DeviceArray([ True,  True, False], dtype=bool)
 * ```
 */
export const le: Binary = bin(P.le_p);
/**
 * Elementwise x > y, `lax.gt`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.gt(jnp.array([1, 2, 3]), 2); // DeviceArray([False, False,  True], dtype=bool)
 * ```
 */
export const gt: Binary = bin(P.gt_p);
/**
 * Elementwise x >= y, `lax.ge`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.ge(jnp.array([1, 2, 3]), 2); // DeviceArray([False,  True,  True], dtype=bool)
 * ```
 */
export const ge: Binary = bin(P.ge_p);
/**
 * x << y for integers, `lax.shift_left`: shifts of 32 or more (or negative) give 0, as XLA.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.shiftLeft(jnp.array([1, 3, 1]), jnp.array([4, 1, 32]));
 * // DeviceArray([16,  6,  0], dtype=int32)
 * ```
 */
export const shiftLeft: Binary = bin(P.shift_left_p);
/**
 * x >>> y for integers (zero-filling), `lax.shift_right_logical`: shifts of 32 or more give 0.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.shiftRightLogical(jnp.array([-8, 16]), jnp.array([28, 2]));
 * // DeviceArray([15,  4], dtype=int32)
 * ```
 */
export const shiftRightLogical: Binary = bin(P.shift_right_logical_p);
/**
 * x >> y for integers (sign-filling), `lax.shift_right_arithmetic`: shifts of 32 or more give 0, or
 * -1 for negative values.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.shiftRightArithmetic(jnp.array([-8, 8, -8]), jnp.array([1, 1, 40]));
 * // DeviceArray([-4,  4, -1], dtype=int32)
 * ```
 */
export const shiftRightArithmetic: Binary = bin(P.shift_right_arithmetic_p);
