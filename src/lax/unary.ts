/**
 * Elementwise unary lax functions: arithmetic, transcendental and special functions, bit counts,
 * `integerPow`, `round` and the identity `copy`.
 */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import * as P from "./prims/index.ts";
import { type Operand, operands } from "./operand.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * A unary lax function.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const f: lax.Unary = lax.neg;
 * f(jnp.array([1, -2])); // DeviceArray([-1,  2], dtype=int32)
 * ```
 */
export type Unary = (x: Operand) => DeviceArray;

const un = (p: Primitive): Unary => {
  const fn = `lax.${p.name}`;
  return function (x: Operand): DeviceArray {
    // JS drops extra arguments; Python raises (the index and array map passes are let through).
    if (arguments.length > 1) {
      checkExtraArguments(fn, 1, 1, arguments.length, arguments[1], arguments[2]);
    }
    return bind1(p, operands([x]), {});
  };
};

/**
 * Elementwise negation, `lax.neg`. Integers wrap: the most negative int32 is its own negation.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.neg(jnp.array([1, -2])); // DeviceArray([-1,  2], dtype=int32)
 * ```
 */
export const neg: Unary = un(P.neg_p);
/**
 * Elementwise sign, `lax.sign`: -1, 0 or 1 (NaN for NaN, and ±0 keep their sign).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sign(jnp.array([-2.5, 0, 3, jnp.nan])); // DeviceArray([-1.,  0.,  1., nan], dtype=float32)
 * ```
 */
export const sign: Unary = un(P.sign_p);
/**
 * Elementwise floor, `lax.floor` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.floor(jnp.array([1.5, -1.5])); // DeviceArray([ 1., -2.], dtype=float32)
 * ```
 */
export const floor: Unary = un(P.floor_p);
/**
 * Elementwise ceiling, `lax.ceil` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.ceil(jnp.array([1.5, -1.5])); // DeviceArray([ 2., -1.], dtype=float32)
 * ```
 */
export const ceil: Unary = un(P.ceil_p);
/**
 * Whether each element is finite (neither ±inf nor NaN), `lax.is_finite` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.isFinite(jnp.array([1, jnp.inf, jnp.nan])); // DeviceArray([ True, False, False], dtype=bool)
 * ```
 */
export const isFinite: Unary = un(P.is_finite_p);
/**
 * Elementwise eˣ, `lax.exp` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.exp(jnp.array([0, 1], { dtype: "float32" }));
 * // DeviceArray([1.       , 2.7182817], dtype=float32)
 * ```
 */
export const exp: Unary = un(P.exp_p);
/**
 * Elementwise 2ˣ, `lax.exp2` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.exp2(jnp.array([3, -1], { dtype: "float32" })); // DeviceArray([8. , 0.5], dtype=float32)
 * ```
 */
export const exp2: Unary = un(P.exp2_p);
/**
 * Natural logarithm, `lax.log` (floats only): -inf at 0, NaN for negative inputs.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.log(jnp.array([1, 0, -1], { dtype: "float32" }));
 * // DeviceArray([  0., -inf,  nan], dtype=float32)
 * ```
 */
export const log: Unary = un(P.log_p);
/**
 * log(1 + x), accurate near 0, `lax.log1p` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.log1p(jnp.array([1e-8, -1])); // DeviceArray([1.e-08,   -inf], dtype=float32)
 * ```
 */
export const log1p: Unary = un(P.log1p_p);
/**
 * eˣ − 1, accurate near 0, `lax.expm1` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.expm1(jnp.array([1e-8, 1])); // DeviceArray([9.9999999e-09, 1.7182819e+00], dtype=float32)
 * ```
 */
export const expm1: Unary = un(P.expm1_p);
/**
 * Hyperbolic tangent, `lax.tanh` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.tanh(jnp.array([0, 0.5, 20]));
 * // DeviceArray([0.        , 0.46211717, 1.        ], dtype=float32)
 * ```
 */
export const tanh: Unary = un(P.tanh_p);
/**
 * The logistic sigmoid 1 / (1 + e⁻ˣ), `lax.logistic` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.logistic(jnp.array([0, 2, -100], { dtype: "float32" }));
 * // DeviceArray([5.000000e-01, 8.807971e-01, 3.783506e-44], dtype=float32)
 * ```
 */
export const logistic: Unary = un(P.logistic_p);
/**
 * Sine (radians), `lax.sin` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sin(jnp.array([0, jnp.pi / 6])); // DeviceArray([0. , 0.5], dtype=float32)
 * ```
 */
export const sin: Unary = un(P.sin_p);
/**
 * Cosine (radians), `lax.cos` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cos(jnp.array([0, jnp.pi / 3])); // DeviceArray([1.        , 0.49999997], dtype=float32)
 * ```
 */
export const cos: Unary = un(P.cos_p);
/**
 * Tangent (radians), `lax.tan` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.tan(jnp.array([0, jnp.pi / 4])); // DeviceArray([0., 1.], dtype=float32)
 * ```
 */
export const tan: Unary = un(P.tan_p);
/**
 * Inverse sine, `lax.asin` (floats only; NaN outside [-1, 1]).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.asin(jnp.array([0.5, 2])); // DeviceArray([0.5235988,       nan], dtype=float32)
 * ```
 */
export const asin: Unary = un(P.asin_p);
/**
 * Inverse cosine, `lax.acos` (floats only; NaN outside [-1, 1]).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.acos(jnp.array([0.5, -1])); // DeviceArray([1.0471976, 3.1415927], dtype=float32)
 * ```
 */
export const acos: Unary = un(P.acos_p);
/**
 * Inverse tangent, `lax.atan` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.atan(jnp.array([1, -jnp.inf])); // DeviceArray([ 0.7853982, -1.5707964], dtype=float32)
 * ```
 */
export const atan: Unary = un(P.atan_p);
/**
 * Hyperbolic sine, `lax.sinh` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sinh(jnp.array([0, 1], { dtype: "float32" }));
 * // DeviceArray([0.       , 1.1752012], dtype=float32)
 * ```
 */
export const sinh: Unary = un(P.sinh_p);
/**
 * Hyperbolic cosine, `lax.cosh` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cosh(jnp.array([0, 1], { dtype: "float32" }));
 * // DeviceArray([1.       , 1.5430807], dtype=float32)
 * ```
 */
export const cosh: Unary = un(P.cosh_p);
/**
 * Inverse hyperbolic sine, `lax.asinh` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.asinh(jnp.array([0, 1], { dtype: "float32" }));
 * // DeviceArray([0.       , 0.8813736], dtype=float32)
 * ```
 */
export const asinh: Unary = un(P.asinh_p);
/**
 * Inverse hyperbolic cosine, `lax.acosh` (floats only; NaN below 1).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.acosh(jnp.array([1, 2, 0.5])); // DeviceArray([0.      , 1.316958,      nan], dtype=float32)
 * ```
 */
export const acosh: Unary = un(P.acosh_p);
/**
 * Inverse hyperbolic tangent, `lax.atanh` (floats only; ±inf at ±1, NaN outside).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.atanh(jnp.array([0.5, 1, 2]));
 * // DeviceArray([0.54930615,        inf,        nan], dtype=float32)
 * ```
 */
export const atanh: Unary = un(P.atanh_p);
/**
 * Square root, `lax.sqrt` (floats only; NaN for negative inputs, -0 for -0).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sqrt(jnp.array([4, 2, -1], { dtype: "float32" }));
 * // DeviceArray([2.       , 1.4142135,       nan], dtype=float32)
 * ```
 */
export const sqrt: Unary = un(P.sqrt_p);
/**
 * Reciprocal square root 1/√x, `lax.rsqrt` (floats only; inf at 0).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.rsqrt(jnp.array([4, 0], { dtype: "float32" })); // DeviceArray([0.5, inf], dtype=float32)
 * ```
 */
export const rsqrt: Unary = un(P.rsqrt_p);
/**
 * Cube root, `lax.cbrt` (floats only; real for negative inputs).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.cbrt(jnp.array([27, -8], { dtype: "float32" })); // DeviceArray([ 3., -2.], dtype=float32)
 * ```
 */
export const cbrt: Unary = un(P.cbrt_p);
/**
 * Absolute value, `lax.abs` (ints and floats). Integers wrap: the most negative int32 stays
 * negative.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.abs(jnp.array([-1.5, 2])); // DeviceArray([1.5, 2. ], dtype=float32)
 * lax.abs(jnp.array([-3, -2147483648])); // DeviceArray([          3, -2147483648], dtype=int32)
 * ```
 */
export const abs: Unary = un(P.abs_p);
/**
 * Bitwise not of integers, logical not of bools, `lax.bitwise_not`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.bitwiseNot(jnp.array([0, 5])); // DeviceArray([-1, -6], dtype=int32)
 * lax.bitwiseNot(jnp.array([true, false])); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const bitwiseNot: Unary = un(P.not_p);
/**
 * The error function, `lax.erf` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.erf(jnp.array([0, 1, -jnp.inf]));
 * // DeviceArray([ 0.       ,  0.8427008, -1.       ], dtype=float32)
 * ```
 */
export const erf: Unary = un(P.erf_p);
/**
 * The complementary error function 1 − erf(x), accurate for large x, `lax.erfc` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.erfc(jnp.array([0, 1, 5], { dtype: "float32" }));
 * // DeviceArray([1.0000000e+00, 1.5729921e-01, 1.5374598e-12], dtype=float32)
 * ```
 */
export const erfc: Unary = un(P.erfc_p);
/**
 * The inverse error function, `lax.erf_inv` (floats only): ±inf at ±1, NaN outside [-1, 1].
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.erfInv(jnp.array([0, 0.5, 1]));
 * // DeviceArray([0.        , 0.47693628,        inf], dtype=float32)
 * ```
 */
export const erfInv: Unary = un(P.erf_inv_p);
/**
 * log |Γ(x)|, `lax.lgamma` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.lgamma(jnp.array([1, 0.5, 10]));
 * // DeviceArray([ 0.       ,  0.5723649, 12.801827 ], dtype=float32)
 * ```
 */
export const lgamma: Unary = un(P.lgamma_p);
/**
 * The digamma function ψ(x) = Γ′(x)/Γ(x), `lax.digamma` (floats only).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.digamma(jnp.array([1, 2], { dtype: "float32" }));
 * // DeviceArray([-0.5772157 ,  0.42278433], dtype=float32)
 * ```
 */
export const digamma: Unary = un(P.digamma_p);
/**
 * x², keeping the dtype, `lax.square` (integers wrap on overflow).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.square(jnp.array([3, -4])); // DeviceArray([ 9, 16], dtype=int32)
 * ```
 */
export const square: Unary = un(P.square_p);
/**
 * The number of set bits of each integer, `lax.population_count` (two's complement for negatives).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.populationCount(jnp.array([7, -1, 0])); // DeviceArray([ 3, 32,  0], dtype=int32)
 * ```
 */
export const populationCount: Unary = un(P.population_count_p);
/**
 * The number of leading zero bits of each 32-bit integer, `lax.clz` (32 for 0).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.clz(jnp.array([1, 256, 0, -1])); // DeviceArray([31, 23, 32,  0], dtype=int32)
 * ```
 */
export const clz: Unary = un(P.clz_p);

/**
 * x ** y for a static integer y, `lax.integer_pow`: exact repeated multiplication (integers wrap on
 * overflow); a negative y takes the reciprocal (use it with floats: JAX rejects integers raised
 * to negative powers).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.integerPow(jnp.array([2, 3]), 3); // DeviceArray([ 8, 27], dtype=int32)
 * lax.integerPow(jnp.array([2, 4], { dtype: "float32" }), -1);
 * // DeviceArray([0.5 , 0.25], dtype=float32)
 * ```
 */
export function integerPow(x: Operand, y: number): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.integerPow", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (!Number.isInteger(y)) {
    throw new TypeError(`integer_pow requires an integer exponent, got ${y}`);
  }
  return bind1(P.integer_pow_p, operands([x]), { y });
}

/**
 * Rounds to integral values, `lax.round` (floats only): `roundingMethod` 0 rounds half away from
 * zero (the default), 1 half to even.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.round(jnp.array([0.5, 1.5, 2.5, -0.5])); // DeviceArray([ 1.,  2.,  3., -1.], dtype=float32)
 * lax.round(jnp.array([0.5, 1.5, 2.5, -0.5]), 1);
 * // DeviceArray([ 0.,  2.,  2., -0.], dtype=float32)
 * ```
 */
export function round(x: Operand, roundingMethod: 0 | 1 = 0): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.round", 1, 2, arguments.length, arguments[2], arguments[3]);
  }
  return bind1(P.round_p, operands([x]), { rounding_method: roundingMethod });
}

/**
 * The identity as a primitive: a copy (an equation in jaxprs), `lax.copy`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.copy(jnp.arange(3)); // DeviceArray([0, 1, 2], dtype=int32)
 * ```
 */
export const copy: Unary = un(P.copy_p);
