/**
 * Elementwise arithmetic of jax.numpy: negation, absolute value, sign, square and reciprocal;
 * add, subtract, multiply, the divisions and remainders, power, and maximum/minimum.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat, isInteger, isUnsigned } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray, broadcastTo, promoteArgs } from "./convert.ts";
import { checkExtraArguments } from "../options.ts";
import { broadcastShapes } from "../shape.ts";
import type { Binary, Unary } from "./ufunc_types.ts";
import { inexact1, inexact2, numeric2, numericFull, unary } from "./ufunc_wrappers.ts";

/**
 * 1 / x in float, JAX's `jnp.reciprocal` (integers are converted to float32 first).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.reciprocal(jnp.array([2, 4])); // DeviceArray([0.5 , 0.25], dtype=float32)
 * ```
 */
export const reciprocal: Unary = inexact1("reciprocal", (x) => lax.integerPow(x, -1));

/**
 * −x, JAX's `jnp.negative` (the dtype is kept; unsigned integers wrap around).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.negative(jnp.array([1, -2])); // DeviceArray([-1,  2], dtype=int32)
 * ```
 */
export const negative: Unary = unary("negative", (x): DeviceArray => lax.neg(asarray(x)));
/**
 * +x, JAX's `jnp.positive`: returns x as an array, unchanged.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.positive([1, -2]); // DeviceArray([ 1, -2], dtype=int32)
 * ```
 */
export const positive: Unary = unary("positive", (x): DeviceArray => asarray(x));

/**
 * |x|, JAX's `jnp.abs`; unsigned and bool arrays are returned unchanged. For int32 the most
 * negative value stays negative (it has no positive counterpart), as in XLA.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.abs(jnp.array([-1.5, 2])); // DeviceArray([1.5, 2. ], dtype=float32)
 * jnp.abs(jnp.array([-2147483648])); // DeviceArray([-2147483648], dtype=int32)
 * ```
 */
export const abs: Unary = unary("abs", (x): DeviceArray => {
  const a = asarray(x);
  return isUnsigned(a.dtype) || a.dtype === "bool" ? a : lax.abs(a);
});
/**
 * Alias of `abs` (numpy's `absolute`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.absolute(jnp.array([-3, 3])); // DeviceArray([3, 3], dtype=int32)
 * ```
 */
export const absolute: Unary = abs;

/**
 * −1, 0 or 1 by sign, JAX's `jnp.sign` (NaN stays NaN; -0.0 stays -0.0; bools unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sign(jnp.array([-2.5, 0, 3, jnp.nan])); // DeviceArray([-1.,  0.,  1., nan], dtype=float32)
 * ```
 */
export const sign: Unary = unary("sign", (x): DeviceArray => {
  const a = asarray(x);
  return a.dtype === "bool" ? a : lax.sign(a);
});

/**
 * x², keeping the dtype, JAX's `jnp.square`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.square(jnp.array([-3, 4])); // DeviceArray([ 9, 16], dtype=int32)
 * ```
 */
export const square: Unary = unary("square", (x): DeviceArray => lax.square(asarray(x)));

/**
 * x + y with numpy's broadcasting and dtype promotion, JAX's `jnp.add` (bool + bool is logical or).
 * JS numbers are weakly typed: they take the array's dtype.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.add(jnp.array([1, 2]), 1); // DeviceArray([2, 3], dtype=int32)
 * jnp.add(jnp.array([1, 2]), 0.5); // DeviceArray([1.5, 2.5], dtype=float32, weak_type=True)
 * jnp.add(jnp.array([[1], [2]]), jnp.array([10, 20]));
 * // DeviceArray([[11, 21],
 * //              [12, 22]], dtype=int32)
 * ```
 */
export const add: Binary = numeric2("add", (
  a,
  b,
) => (a.dtype === "bool" ? lax.bitwiseOr(a, b) : lax.add(a, b)));
/**
 * x − y, JAX's `jnp.subtract` (an error for bools, as in numpy).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.subtract(jnp.array([5, 7]), jnp.array([1, 2])); // DeviceArray([4, 5], dtype=int32)
 * ```
 */
export const subtract: Binary = numeric2("subtract", (a, b) => {
  if (a.dtype === "bool") {
    throw new TypeError(
      "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` " +
        "operator, or the logical_xor function instead.",
    );
  }
  return lax.sub(a, b);
});
/**
 * x · y, JAX's `jnp.multiply` (bool · bool is logical and).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.multiply(jnp.array([1, 2, 3]), 2); // DeviceArray([2, 4, 6], dtype=int32)
 * ```
 */
export const multiply: Binary = numeric2("multiply", (
  a,
  b,
) => (a.dtype === "bool" ? lax.bitwiseAnd(a, b) : lax.mul(a, b)));
/**
 * True division, JAX's `jnp.divide`: integers are divided as float32; x / 0 is ±inf (NaN for 0 /
 * 0).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.divide(jnp.arange(3), 2); // DeviceArray([0. , 0.5, 1. ], dtype=float32)
 * jnp.divide(jnp.array([1, -1, 0]), 0); // DeviceArray([ inf, -inf,  nan], dtype=float32)
 * ```
 */
export const divide: Binary = inexact2("divide", lax.div);
/**
 * Alias of `divide` (numpy's `true_divide`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.trueDivide(jnp.array([1, 3]), 2); // DeviceArray([0.5, 1.5], dtype=float32)
 * ```
 */
export const trueDivide: Binary = divide;

/**
 * Floor division with Python's sign rules (`x // y`), JAX's `jnp.floor_divide`: rounds toward −inf.
 * Integer division by zero does not raise: XLA's quotient (-1) goes through the same sign
 * correction, so `7 // 0` is -2, as in JAX.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.floorDivide(jnp.array([7, -7]), 2); // DeviceArray([ 3, -4], dtype=int32)
 * jnp.floorDivide(jnp.array([7.5, -7.5]), 2); // DeviceArray([ 3., -4.], dtype=float32)
 * ```
 */
export const floorDivide: Binary = numericFull("floorDivide", (a, b) => {
  if (isUnsigned(a.dtype)) return lax.div(a, b);
  if (isInteger(a.dtype)) {
    const q = lax.div(a, b);
    const fix = lax.bitwiseAnd(
      lax.ne(lax.sign(a), lax.sign(b)),
      lax.ne(lax.rem(a, b), lax.scalar(0, a.dtype)),
    );
    return lax.select(fix, lax.sub(q, lax.scalar(1, a.dtype)), q);
  }
  if (a.dtype === "bool") throw new TypeError("floor_divide does not accept dtype bool");
  return floatDivmod(a, b)[0];
});

/** CPython's float divmod, as JAX's `_float_divmod`. */
function floatDivmod(a: DeviceArray, b: DeviceArray): [DeviceArray, DeviceArray] {
  const zero = lax.scalar(0, a.dtype);
  let mod = lax.rem(a, b);
  const corrected = lax.select(lax.eq(b, zero), a, lax.sub(a, mod));
  let div = lax.div(corrected, b);
  const ind = lax.bitwiseAnd(lax.ne(mod, zero), lax.ne(lax.sign(b), lax.sign(mod)));
  mod = lax.select(ind, lax.add(mod, b), mod);
  div = lax.select(ind, lax.sub(div, lax.scalar(1, a.dtype)), div);
  return [lax.round(div, 0), mod];
}

/**
 * Remainder with the sign of the divisor (Python's `%`), JAX's `jnp.remainder`. Integer remainder
 * by zero gives 0, as in JAX.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.remainder(jnp.array([7, -7]), 3); // DeviceArray([1, 2], dtype=int32)
 * jnp.remainder(jnp.array([7, -7]), -3); // DeviceArray([-2, -1], dtype=int32)
 * ```
 */
export const remainder: Binary = numericFull("remainder", (a, b) => {
  const zero = lax.scalar(0, a.dtype);
  let d = b;
  if (isInteger(b.dtype)) {
    d = lax.select(lax.eq(b, zero), lax.broadcastInDim(lax.scalar(1, b.dtype), b.shape, []), b);
  }
  const t = lax.rem(a, d);
  if (isUnsigned(a.dtype)) return t;
  const plus = lax.bitwiseAnd(lax.ne(lax.lt(t, zero), lax.lt(d, zero)), lax.ne(t, zero));
  return lax.select(plus, lax.add(t, d), t);
});
/**
 * Alias of `remainder` (numpy's `mod`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.mod(jnp.array([-1, 5]), 4); // DeviceArray([3, 1], dtype=int32)
 * ```
 */
export const mod: Binary = remainder;

/**
 * C's fmod: remainder with the sign of the dividend, JAX's `jnp.fmod`. Integer fmod by zero gives
 * 0, as in JAX.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.fmod(jnp.array([7, -7]), 3); // DeviceArray([ 1, -1], dtype=int32)
 * ```
 */
export const fmod: Binary = numericFull("fmod", (a, b) => {
  if (isInteger(b.dtype)) {
    b = lax.select(
      lax.eq(b, lax.scalar(0, b.dtype)),
      lax.broadcastInDim(lax.scalar(1, b.dtype), b.shape, []),
      b,
    );
  }
  return lax.rem(a, b);
});

/**
 * x ** y, JAX's `jnp.power`. An integer JS exponent uses `integer_pow` (exact repeated
 * multiplication, as JAX does for concrete Python ints); integer arrays use exponentiation by
 * squaring (and wrap on overflow). Integers cannot be raised to negative JS integer powers.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.power(jnp.arange(4), 2); // DeviceArray([0, 1, 4, 9], dtype=int32)
 * jnp.power(2, jnp.array([0.5, 1.5])); // DeviceArray([1.4142135, 2.828427 ], dtype=float32)
 * jnp.power(jnp.array([2, 3]), jnp.array([3, 2])); // DeviceArray([8, 9], dtype=int32)
 * ```
 */
export function power(x: ArrayLike, y: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.power", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (typeof y === "number" && Number.isInteger(y) && Math.abs(y) < 2 ** 31) {
    const a = asarray(x);
    if (!isFloat(a.dtype) && y < 0) {
      throw new TypeError("Integers cannot be raised to negative integer powers.");
    }
    return lax.integerPow(a.dtype === "bool" ? lax.convertElementType(a, "int32") : a, y);
  }
  const [a, b] = promoteArgs([x, y]);
  if (!isFloat(a.dtype)) {
    const shape = broadcastShapes(a.shape, b.shape);
    return powIntInt(broadcastTo(a, shape), broadcastTo(b, shape));
  }
  return lax.pow(a, b);
}
/**
 * Alias of `power` (numpy's `pow`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.pow(jnp.array([2, 3]), 3); // DeviceArray([ 8, 27], dtype=int32)
 * ```
 */
export const pow: typeof power = power;

/**
 * Integer power by squaring over the exponent's low 6 bits, exactly as JAX's `_pow_int_int`
 * (larger exponents overflow int32 for any base > 1; negative exponents are
 * implementation-defined there and give the same bits here).
 */
function powIntInt(x: DeviceArray, y: DeviceArray): DeviceArray {
  const zero = lax.scalar(0, x.dtype), one = lax.scalar(1, x.dtype);
  const shape = x.shape;
  const ones = lax.broadcastInDim(one, shape, []);
  let acc = lax.select(
    lax.bitwiseAnd(lax.eq(x, zero), lax.ne(y, zero)),
    lax.broadcastInDim(zero, shape, []),
    ones,
  );
  let base = x, e = y;
  for (let bit = 0; bit < 6; bit++) {
    const odd = lax.ne(lax.bitwiseAnd(e, one), zero);
    acc = lax.select(odd, lax.mul(acc, base), acc);
    base = lax.mul(base, base);
    e = lax.shiftRightLogical(e, one);
  }
  return acc;
}

/**
 * Elementwise maximum, JAX's `jnp.maximum`; NaN propagates (use `fmax` to ignore it).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.maximum(jnp.array([1, 5, jnp.nan]), jnp.array([3, 2, 0]));
 * // DeviceArray([ 3.,  5., nan], dtype=float32)
 * ```
 */
export const maximum: Binary = numeric2("maximum", lax.max);
/**
 * Elementwise minimum, JAX's `jnp.minimum`; NaN propagates (use `fmin` to ignore it).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.minimum(jnp.array([1, 5, jnp.nan]), jnp.array([3, 2, 0]));
 * // DeviceArray([ 1.,  2., nan], dtype=float32)
 * ```
 */
export const minimum: Binary = numeric2("minimum", lax.min);
/**
 * Elementwise maximum ignoring NaN where the other value is a number, JAX's `jnp.fmax`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.fmax(jnp.array([1, jnp.nan, jnp.nan]), jnp.array([3, 2, jnp.nan]));
 * // DeviceArray([ 3.,  2., nan], dtype=float32)
 * ```
 */
export const fmax: Binary = numericFull(
  "fmax",
  (a, b) =>
    isFloat(a.dtype)
      ? lax.select(lax.ne(a, a), b, lax.select(lax.ne(b, b), a, lax.max(a, b)))
      : lax.max(a, b),
);
/**
 * Elementwise minimum ignoring NaN where the other value is a number, JAX's `jnp.fmin`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.fmin(jnp.array([1, jnp.nan, jnp.nan]), jnp.array([3, 2, jnp.nan]));
 * // DeviceArray([ 1.,  2., nan], dtype=float32)
 * ```
 */
export const fmin: Binary = numericFull(
  "fmin",
  (a, b) =>
    isFloat(a.dtype)
      ? lax.select(lax.ne(a, a), b, lax.select(lax.ne(b, b), a, lax.min(a, b)))
      : lax.min(a, b),
);
