/**
 * Float math of jax.numpy: exponentials, logarithms, roots, trigonometric and hyperbolic
 * functions and their inverses, and the two-argument arctan2, hypot and logaddexp. Integers and
 * bools are computed in float32.
 */

import * as lax from "../lax/lax.ts";
import type { Binary, Unary } from "./ufunc_types.ts";
import { inexact1, inexact2, inexactFull } from "./ufunc_wrappers.ts";

/**
 * Elementwise eˣ, JAX's `jnp.exp` (integers and bools are computed in float32).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.exp(jnp.array([0, 1])); // DeviceArray([1.       , 2.7182817], dtype=float32)
 * ```
 */
export const exp: Unary = inexact1("exp", lax.exp);
/**
 * Elementwise 2ˣ, JAX's `jnp.exp2`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.exp2(jnp.array([0, 3, -1])); // DeviceArray([1. , 8. , 0.5], dtype=float32)
 * ```
 */
export const exp2: Unary = inexact1("exp2", lax.exp2);
/**
 * Natural logarithm, JAX's `jnp.log`: `log(0)` is -inf, negative inputs give NaN.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log(jnp.array([1, 0, -1])); // DeviceArray([  0., -inf,  nan], dtype=float32)
 * ```
 */
export const log: Unary = inexact1("log", lax.log);
/**
 * log(1 + x), accurate near 0, JAX's `jnp.log1p`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log1p(jnp.array([1e-7, 1])); // DeviceArray([9.9999994e-08, 6.9314718e-01], dtype=float32)
 * ```
 */
export const log1p: Unary = inexact1("log1p", lax.log1p);
/**
 * eˣ − 1, accurate near 0, JAX's `jnp.expm1`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.expm1(jnp.array([1e-7, 1])); // DeviceArray([1.0000001e-07, 1.7182819e+00], dtype=float32)
 * ```
 */
export const expm1: Unary = inexact1("expm1", lax.expm1);
/**
 * Base-2 logarithm, JAX's `jnp.log2` (computed as log(x) / log(2)).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log2(jnp.array([1, 8, 0.5])); // DeviceArray([ 0.,  3., -1.], dtype=float32)
 * ```
 */
export const log2: Unary = inexact1(
  "log2",
  (x) => lax.div(lax.log(x), lax.scalar(Math.LN2, x.dtype)),
);
/**
 * Base-10 logarithm, JAX's `jnp.log10` (computed as log(x) / log(10)).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.log10(jnp.array([1, 100, 1000])); // DeviceArray([0., 2., 3.], dtype=float32)
 * ```
 */
export const log10: Unary = inexact1(
  "log10",
  (x) => lax.div(lax.log(x), lax.scalar(Math.LN10, x.dtype)),
);
/**
 * Square root, JAX's `jnp.sqrt`; negative inputs give NaN.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sqrt(jnp.array([4, 2, -1])); // DeviceArray([2.       , 1.4142135,       nan], dtype=float32)
 * ```
 */
export const sqrt: Unary = inexact1("sqrt", lax.sqrt);
/**
 * Cube root, JAX's `jnp.cbrt` (real for negative inputs).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cbrt(jnp.array([27, -8])); // DeviceArray([ 3., -2.], dtype=float32)
 * ```
 */
export const cbrt: Unary = inexact1("cbrt", lax.cbrt);
/**
 * Sine (radians), JAX's `jnp.sin`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sin(jnp.array([0, jnp.pi / 2])); // DeviceArray([0., 1.], dtype=float32)
 * ```
 */
export const sin: Unary = inexact1("sin", lax.sin);
/**
 * Cosine (radians), JAX's `jnp.cos`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cos(jnp.array([0, jnp.pi])); // DeviceArray([ 1., -1.], dtype=float32)
 * ```
 */
export const cos: Unary = inexact1("cos", lax.cos);
/**
 * Tangent (radians), JAX's `jnp.tan`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.tan(jnp.array([0, jnp.pi / 4])); // DeviceArray([0., 1.], dtype=float32)
 * ```
 */
export const tan: Unary = inexact1("tan", lax.tan);
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
export const arcsin: Unary = inexact1("arcsin", lax.asin);
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
export const arccos: Unary = inexact1("arccos", lax.acos);
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
export const arctan: Unary = inexact1("arctan", lax.atan);
/**
 * Hyperbolic sine, JAX's `jnp.sinh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sinh(jnp.array([0, 1])); // DeviceArray([0.       , 1.1752012], dtype=float32)
 * ```
 */
export const sinh: Unary = inexact1("sinh", lax.sinh);
/**
 * Hyperbolic cosine, JAX's `jnp.cosh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cosh(jnp.array([0, 1])); // DeviceArray([1.       , 1.5430807], dtype=float32)
 * ```
 */
export const cosh: Unary = inexact1("cosh", lax.cosh);
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
export const tanh: Unary = inexact1("tanh", lax.tanh);
/**
 * Inverse hyperbolic sine, JAX's `jnp.arcsinh`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arcsinh(jnp.array([0, 1])); // DeviceArray([0.       , 0.8813736], dtype=float32)
 * ```
 */
export const arcsinh: Unary = inexact1("arcsinh", lax.asinh);
/**
 * Inverse hyperbolic cosine, JAX's `jnp.arccosh`; NaN below 1.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arccosh(jnp.array([1, 2, 0])); // DeviceArray([0.      , 1.316958,      nan], dtype=float32)
 * ```
 */
export const arccosh: Unary = inexact1("arccosh", lax.acosh);
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
export const arctanh: Unary = inexact1("arctanh", lax.atanh);
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
export const arctan2: Binary = inexact2("arctan2", lax.atan2);
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
export const hypot: Binary = inexactFull("hypot", (x, y) => {
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
export const logaddexp: Binary = inexactFull("logaddexp", (a, b) => {
  const m = lax.max(a, b);
  const d = lax.neg(lax.abs(lax.sub(a, b)));
  const r = lax.add(m, lax.log1p(lax.exp(d)));
  // inf + inf and -inf + -inf give m itself (avoids inf - inf = nan).
  return lax.select(lax.eq(a, b), lax.add(a, lax.scalar(Math.LN2, a.dtype)), r);
});
