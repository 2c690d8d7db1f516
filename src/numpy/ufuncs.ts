/**
 * Elementwise functions of jax.numpy: numpy's dtype and broadcasting rules on top of lax
 * (which requires equal dtypes and does no rank promotion).
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat, isInteger, isUnsigned } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray, broadcastTo, promoteArgs, promoteArgsInexact, toInexact } from "./convert.ts";
import { broadcastShapes } from "../shape.ts";

/**
 * A jax.numpy elementwise function of one array-like.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.Unary = jnp.sqrt;
 * f([4, 9]); // DeviceArray([2., 3.], dtype=float32)
 * ```
 */
export type Unary = (x: ArrayLike) => DeviceArray;
/**
 * A jax.numpy elementwise function of two array-likes (broadcast together, dtypes promoted).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.Binary = jnp.add;
 * f([1, 2], 10); // DeviceArray([11, 12], dtype=int32)
 * ```
 */
export type Binary = (x: ArrayLike, y: ArrayLike) => DeviceArray;

/** A float function: ints and bools are first converted to float32. */
const inexact1 = (f: (x: DeviceArray) => DeviceArray): Unary => (x) => f(toInexact(asarray(x)));
const inexact2 = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgsInexact([x, y]);
  return f(a, b);
};
const numeric2 = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgs([x, y]);
  return f(a, b);
};
/** Like numeric2, with both operands broadcast to the full shape (for rules built on select). */
const numericFull = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgs([x, y]);
  const shape = broadcastShapes(a.shape, b.shape);
  return f(broadcastTo(a, shape), broadcastTo(b, shape));
};
const inexactFull = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgsInexact([x, y]);
  const shape = broadcastShapes(a.shape, b.shape);
  return f(broadcastTo(a, shape), broadcastTo(b, shape));
};

// Unary ------------------------------------------------------------------------------------

/**
 * Elementwise eˣ, JAX's `jnp.exp` (integers and bools are computed in float32).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.exp(jnp.array([0, 1])); // DeviceArray([1.       , 2.7182817], dtype=float32)
 * ```
 */
export const exp: Unary = inexact1(lax.exp);
/**
 * Elementwise 2ˣ, JAX's `jnp.exp2`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.exp2(jnp.array([0, 3, -1])); // DeviceArray([1. , 8. , 0.5], dtype=float32)
 * ```
 */
export const exp2: Unary = inexact1(lax.exp2);
/**
 * Natural logarithm, JAX's `jnp.log`: `log(0)` is -inf, negative inputs give NaN.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log(jnp.array([1, 0, -1])); // DeviceArray([  0., -inf,  nan], dtype=float32)
 * ```
 */
export const log: Unary = inexact1(lax.log);
/**
 * log(1 + x), accurate near 0, JAX's `jnp.log1p`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log1p(jnp.array([1e-7, 1])); // DeviceArray([9.9999994e-08, 6.9314718e-01], dtype=float32)
 * ```
 */
export const log1p: Unary = inexact1(lax.log1p);
/**
 * eˣ − 1, accurate near 0, JAX's `jnp.expm1`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.expm1(jnp.array([1e-7, 1])); // DeviceArray([1.0000001e-07, 1.7182819e+00], dtype=float32)
 * ```
 */
export const expm1: Unary = inexact1(lax.expm1);
/**
 * Base-2 logarithm, JAX's `jnp.log2` (computed as log(x) / log(2)).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log2(jnp.array([1, 8, 0.5])); // DeviceArray([ 0.,  3., -1.], dtype=float32)
 * ```
 */
export const log2: Unary = inexact1((x) => lax.div(lax.log(x), lax.scalar(Math.LN2, x.dtype)));
/**
 * Base-10 logarithm, JAX's `jnp.log10` (computed as log(x) / log(10)).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log10(jnp.array([1, 100, 1000])); // DeviceArray([0., 2., 3.], dtype=float32)
 * ```
 */
export const log10: Unary = inexact1((x) => lax.div(lax.log(x), lax.scalar(Math.LN10, x.dtype)));
/**
 * Square root, JAX's `jnp.sqrt`; negative inputs give NaN.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sqrt(jnp.array([4, 2, -1])); // DeviceArray([2.       , 1.4142135,       nan], dtype=float32)
 * ```
 */
export const sqrt: Unary = inexact1(lax.sqrt);
/**
 * Cube root, JAX's `jnp.cbrt` (real for negative inputs).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cbrt(jnp.array([27, -8])); // DeviceArray([ 3., -2.], dtype=float32)
 * ```
 */
export const cbrt: Unary = inexact1(lax.cbrt);
/**
 * Sine (radians), JAX's `jnp.sin`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sin(jnp.array([0, jnp.pi / 2])); // DeviceArray([0., 1.], dtype=float32)
 * ```
 */
export const sin: Unary = inexact1(lax.sin);
/**
 * Cosine (radians), JAX's `jnp.cos`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cos(jnp.array([0, jnp.pi])); // DeviceArray([ 1., -1.], dtype=float32)
 * ```
 */
export const cos: Unary = inexact1(lax.cos);
/**
 * Tangent (radians), JAX's `jnp.tan`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.tan(jnp.array([0, jnp.pi / 4])); // DeviceArray([0., 1.], dtype=float32)
 * ```
 */
export const tan: Unary = inexact1(lax.tan);
/**
 * Inverse sine, JAX's `jnp.arcsin`: values in [-π/2, π/2]; NaN outside [-1, 1].
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arcsin(jnp.array([0, 1, 2]));
 * // DeviceArray([0.       , 1.5707964,       nan], dtype=float32)
 * ```
 */
export const arcsin: Unary = inexact1(lax.asin);
/**
 * Inverse cosine, JAX's `jnp.arccos`: values in [0, π]; NaN outside [-1, 1].
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arccos(jnp.array([1, 0, -1]));
 * // DeviceArray([0.       , 1.5707964, 3.1415927], dtype=float32)
 * ```
 */
export const arccos: Unary = inexact1(lax.acos);
/**
 * Inverse tangent, JAX's `jnp.arctan`: values in (-π/2, π/2).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arctan(jnp.array([0, 1, jnp.inf]));
 * // DeviceArray([0.       , 0.7853982, 1.5707964], dtype=float32)
 * ```
 */
export const arctan: Unary = inexact1(lax.atan);
/**
 * Hyperbolic sine, JAX's `jnp.sinh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sinh(jnp.array([0, 1])); // DeviceArray([0.       , 1.1752012], dtype=float32)
 * ```
 */
export const sinh: Unary = inexact1(lax.sinh);
/**
 * Hyperbolic cosine, JAX's `jnp.cosh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cosh(jnp.array([0, 1])); // DeviceArray([1.       , 1.5430807], dtype=float32)
 * ```
 */
export const cosh: Unary = inexact1(lax.cosh);
/**
 * Hyperbolic tangent, JAX's `jnp.tanh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.tanh(jnp.array([0, 1, 100]));
 * // DeviceArray([0.       , 0.7615942, 1.       ], dtype=float32)
 * ```
 */
export const tanh: Unary = inexact1(lax.tanh);
/**
 * Inverse hyperbolic sine, JAX's `jnp.arcsinh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arcsinh(jnp.array([0, 1])); // DeviceArray([0.       , 0.8813736], dtype=float32)
 * ```
 */
export const arcsinh: Unary = inexact1(lax.asinh);
/**
 * Inverse hyperbolic cosine, JAX's `jnp.arccosh`; NaN below 1.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arccosh(jnp.array([1, 2, 0])); // DeviceArray([0.      , 1.316958,      nan], dtype=float32)
 * ```
 */
export const arccosh: Unary = inexact1(lax.acosh);
/**
 * Inverse hyperbolic tangent, JAX's `jnp.arctanh`: ±inf at ±1, NaN outside [-1, 1].
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arctanh(jnp.array([0, 0.5, 1]));
 * // DeviceArray([0.        , 0.54930615,        inf], dtype=float32)
 * ```
 */
export const arctanh: Unary = inexact1(lax.atanh);
/**
 * 1 / x in float, JAX's `jnp.reciprocal` (integers are converted to float32 first).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.reciprocal(jnp.array([2, 4])); // DeviceArray([0.5 , 0.25], dtype=float32)
 * ```
 */
export const reciprocal: Unary = inexact1((x) => lax.integerPow(x, -1));

/**
 * −x, JAX's `jnp.negative` (the dtype is kept; unsigned integers wrap around).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.negative(jnp.array([1, -2])); // DeviceArray([-1,  2], dtype=int32)
 * ```
 */
export const negative: Unary = (x): DeviceArray => lax.neg(asarray(x));
/**
 * +x, JAX's `jnp.positive`: returns x as an array, unchanged.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.positive([1, -2]); // DeviceArray([ 1, -2], dtype=int32)
 * ```
 */
export const positive: Unary = (x): DeviceArray => asarray(x);

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
export const abs: Unary = (x): DeviceArray => {
  const a = asarray(x);
  return isUnsigned(a.dtype) || a.dtype === "bool" ? a : lax.abs(a);
};
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
export const sign: Unary = (x): DeviceArray => {
  const a = asarray(x);
  return a.dtype === "bool" ? a : lax.sign(a);
};

/**
 * x², keeping the dtype, JAX's `jnp.square`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.square(jnp.array([-3, 4])); // DeviceArray([ 9, 16], dtype=int32)
 * ```
 */
export const square: Unary = (x): DeviceArray => lax.square(asarray(x));

const integral = (f: (x: DeviceArray) => DeviceArray): Unary => (x) => {
  const a = asarray(x);
  return isFloat(a.dtype) ? f(a) : a;
};
/**
 * Largest integer ≤ x, JAX's `jnp.floor` (integer arrays are returned unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.floor(jnp.array([1.5, -1.5])); // DeviceArray([ 1., -2.], dtype=float32)
 * ```
 */
export const floor: Unary = integral(lax.floor);
/**
 * Smallest integer ≥ x, JAX's `jnp.ceil` (integer arrays are returned unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.ceil(jnp.array([1.5, -1.5])); // DeviceArray([ 2., -1.], dtype=float32)
 * ```
 */
export const ceil: Unary = integral(lax.ceil);
/**
 * Rounds toward zero, JAX's `jnp.trunc` (integer arrays are returned unchanged).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.trunc(jnp.array([1.7, -1.7])); // DeviceArray([ 1., -1.], dtype=float32)
 * ```
 */
export const trunc: Unary = integral((x) =>
  lax.select(lax.lt(x, lax.scalar(0, x.dtype)), lax.ceil(x), lax.floor(x))
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
 * ```
 */
export function round(x: ArrayLike, decimals = 0): DeviceArray {
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

/**
 * Whether each element is NaN, JAX's `jnp.isnan` (always false for integers and bools).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isnan(jnp.array([1, jnp.nan, jnp.inf])); // DeviceArray([False,  True, False], dtype=bool)
 * ```
 */
export const isnan: Unary = (x): DeviceArray => {
  const a = asarray(x);
  return isFloat(a.dtype) ? lax.ne(a, a) : lax.broadcastInDim(false, a.shape, []);
};
/**
 * Whether each element is ±inf, JAX's `jnp.isinf`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isinf(jnp.array([1, jnp.nan, -jnp.inf])); // DeviceArray([False, False,  True], dtype=bool)
 * ```
 */
export const isinf: Unary = (x): DeviceArray => {
  const a = asarray(x);
  return isFloat(a.dtype)
    ? lax.eq(lax.abs(a), lax.scalar(Infinity, a.dtype))
    : lax.broadcastInDim(false, a.shape, []);
};
/**
 * Whether each element is finite (neither NaN nor ±inf), JAX's `jnp.isfinite`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isfinite(jnp.array([1, jnp.nan, jnp.inf])); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const isfinite: Unary = (x): DeviceArray => {
  const a = asarray(x);
  return isFloat(a.dtype) ? lax.isFinite(a) : lax.broadcastInDim(true, a.shape, []);
};

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
export const logicalNot: Unary = (x): DeviceArray => lax.bitwiseNot(toBool(x));

// Binary -----------------------------------------------------------------------------------

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
export const add: Binary = numeric2((
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
export const subtract: Binary = numeric2((a, b) => {
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
export const multiply: Binary = numeric2((
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
export const divide: Binary = inexact2(lax.div);
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
export const floorDivide: Binary = numericFull((a, b) => {
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
export const remainder: Binary = numericFull((a, b) => {
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
export const fmod: Binary = numericFull((a, b) => {
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
export const maximum: Binary = numeric2(lax.max);
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
export const minimum: Binary = numeric2(lax.min);
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
export const fmax: Binary = numericFull((a, b) =>
  isFloat(a.dtype)
    ? lax.select(lax.ne(a, a), b, lax.select(lax.ne(b, b), a, lax.max(a, b)))
    : lax.max(a, b)
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
export const fmin: Binary = numericFull((a, b) =>
  isFloat(a.dtype)
    ? lax.select(lax.ne(a, a), b, lax.select(lax.ne(b, b), a, lax.min(a, b)))
    : lax.min(a, b)
);
/**
 * Four-quadrant arctangent of x1/x2 (the angle of the point (x2, x1)), JAX's `jnp.arctan2`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arctan2(jnp.array([1, 1, -1]), jnp.array([1, -1, 0]));
 * // DeviceArray([ 0.7853982,  2.3561945, -1.5707964], dtype=float32)
 * ```
 */
export const arctan2: Binary = inexact2(lax.atan2);
/**
 * √(x² + y²) without overflow or underflow: JAX's formula scales by the larger magnitude, and
 * an infinite side gives inf even against NaN.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * // float32 explicitly: 3e30 is an integer to JS, which would make an int32 array
 * const x = jnp.array([3, 3e30], { dtype: "float32" });
 * const y = jnp.array([4, 4e30], { dtype: "float32" });
 * jnp.hypot(x, y); // DeviceArray([5.e+00, 5.e+30], dtype=float32)
 * ```
 */
export const hypot: Binary = inexactFull((x, y) => {
  const a = lax.abs(x), b = lax.abs(y);
  const isInf = lax.bitwiseOr(
    lax.eq(a, lax.scalar(Infinity, a.dtype)),
    lax.eq(b, lax.scalar(Infinity, b.dtype)),
  );
  const hi = lax.max(a, b), lo = lax.min(a, b);
  const zero = lax.eq(hi, lax.scalar(0, a.dtype));
  const safe = lax.select(zero, lax.broadcastInDim(lax.scalar(1, a.dtype), hi.shape, []), hi);
  const r = lax.mul(hi, lax.sqrt(lax.add(lax.scalar(1, a.dtype), lax.square(lax.div(lo, safe)))));
  const out = lax.select(zero, hi, r);
  return lax.select(isInf, lax.broadcastInDim(lax.scalar(Infinity, a.dtype), out.shape, []), out);
});
/**
 * log(eˣ + eʸ) without overflow, JAX's `jnp.logaddexp`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.logaddexp(jnp.array([0, 1000]), jnp.array([0, 1000]));
 * // DeviceArray([6.9314718e-01, 1.0006932e+03], dtype=float32)
 * ```
 */
export const logaddexp: Binary = inexactFull((a, b) => {
  const m = lax.max(a, b);
  const d = lax.neg(lax.abs(lax.sub(a, b)));
  const r = lax.add(m, lax.log1p(lax.exp(d)));
  // inf + inf and -inf + -inf give m itself (avoids inf - inf = nan).
  return lax.select(lax.eq(a, b), lax.add(a, lax.scalar(Math.LN2, a.dtype)), r);
});

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
export const equal: Binary = numeric2(lax.eq);
/**
 * Elementwise x != y, JAX's `jnp.not_equal`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.notEqual(jnp.array([1, 2]), 2); // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export const notEqual: Binary = numeric2(lax.ne);
/**
 * Elementwise x < y, JAX's `jnp.less`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.less(jnp.array([1, 2, 3]), 2); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const less: Binary = numeric2(lax.lt);
/**
 * Elementwise x <= y, JAX's `jnp.less_equal`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.lessEqual(jnp.array([1, 2, 3]), 2); // DeviceArray([ True,  True, False], dtype=bool)
 * ```
 */
export const lessEqual: Binary = numeric2(lax.le);
/**
 * Elementwise x > y, JAX's `jnp.greater`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.greater(jnp.array([1, 2, 3]), 2); // DeviceArray([False, False,  True], dtype=bool)
 * ```
 */
export const greater: Binary = numeric2(lax.gt);
/**
 * Elementwise x >= y, JAX's `jnp.greater_equal`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.greaterEqual(jnp.array([1, 2, 3]), 2); // DeviceArray([False,  True,  True], dtype=bool)
 * ```
 */
export const greaterEqual: Binary = numeric2(lax.ge);

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
export const logicalAnd: Binary = (x, y): DeviceArray =>
  lax.bitwiseAnd(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray]));
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
export const logicalOr: Binary = (x, y): DeviceArray =>
  lax.bitwiseOr(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray]));
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
export const logicalXor: Binary = (x, y): DeviceArray =>
  lax.bitwiseXor(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray]));

/**
 * Bitwise and of integers (logical and of bools), JAX's `jnp.bitwise_and`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseAnd(jnp.array([12, 10]), 6); // DeviceArray([4, 2], dtype=int32)
 * ```
 */
export const bitwiseAnd: Binary = numeric2(lax.bitwiseAnd);
/**
 * Bitwise or of integers (logical or of bools), JAX's `jnp.bitwise_or`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseOr(jnp.array([12, 10]), 1); // DeviceArray([13, 11], dtype=int32)
 * ```
 */
export const bitwiseOr: Binary = numeric2(lax.bitwiseOr);
/**
 * Bitwise xor of integers (logical xor of bools), JAX's `jnp.bitwise_xor`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.bitwiseXor(jnp.array([12, 10]), 6); // DeviceArray([10, 12], dtype=int32)
 * ```
 */
export const bitwiseXor: Binary = numeric2(lax.bitwiseXor);
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
export const bitwiseNot: Unary = (x): DeviceArray => lax.bitwiseNot(asarray(x));
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
export const leftShift: Binary = numeric2(lax.shiftLeft);
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
export const rightShift: Binary = numeric2((a, b) =>
  isUnsigned(a.dtype) ? lax.shiftRightLogical(a, b) : lax.shiftRightArithmetic(a, b)
);
