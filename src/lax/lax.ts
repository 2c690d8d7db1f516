/**
 * `lax`: thin functions over the primitives, JAX's `jax.lax`. They do no implicit type promotion
 * (operands must share a dtype, as in JAX); JS numbers are accepted as weakly-typed scalars and
 * take the dtype of the array operand they meet.
 */

import { DeviceArray } from "../core/array.ts";
import { ArrayImpl, scalarArray } from "../core/array_impl.ts";
import { bind, bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import { canonicalizeDType, castScalar, convertValue, type DType } from "../dtype.ts";
import { checkShape, normalizeAxis, type Shape } from "../shape.ts";
import * as P from "./prims/index.ts";
import type {
  DotDimensionNumbers,
  GatherDimensionNumbers,
  GatherMode,
  ScatterDimensionNumbers,
} from "./prims/index.ts";

/**
 * An operand of a lax function: an array, or a JS number / boolean standing for a scalar. JS
 * numbers are weakly typed and take the dtype of the array operand they meet.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const x: lax.Operand = 2;
 * lax.mul(jnp.array([1.5, 2]), x); // DeviceArray([3., 4.], dtype=float32)
 * ```
 */
export type Operand = DeviceArray | number | boolean;

/**
 * Converts a JS scalar to a 0-d array: weakly typed like a Python scalar (int32 for integers in
 * range, else float32; bools are strongly typed). With `dtype`, the value is cast to it.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.scalar(2); // DeviceArray(2, dtype=int32, weak_type=True)
 * lax.scalar(1.5); // DeviceArray(1.5, dtype=float32, weak_type=True)
 * lax.scalar(2, "float32"); // DeviceArray(2., dtype=float32, weak_type=True)
 * ```
 */
export function scalar(x: number | boolean, dtype?: DType): DeviceArray {
  if (typeof x === "boolean") return scalarArray(x ? 1 : 0, dtype ?? "bool", false);
  if (dtype) return scalarArray(castScalar(x, dtype), dtype, true);
  if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) {
    return scalarArray(x, "int32", true);
  }
  return scalarArray(Math.fround(x), "float32", true);
}

/**
 * Converts operands to arrays: JS scalars take the dtype of the first array operand (as weakly
 * typed scalars).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.operands([jnp.array([1.5]), 2]);
 * // [
 * //   DeviceArray([1.5], dtype=float32),
 * //   DeviceArray(2., dtype=float32, weak_type=True)
 * // ]
 * ```
 */
export function operands(xs: readonly Operand[]): DeviceArray[] {
  let dtype: DType | undefined;
  for (const x of xs) {
    if (x instanceof DeviceArray) {
      dtype = x.dtype;
      break;
    }
  }
  return xs.map((x) => (x instanceof DeviceArray ? x : scalar(x, dtype)));
}

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

const un = (p: Primitive) => (x: Operand): DeviceArray => bind1(p, operands([x]), {});
const bin = (p: Primitive) => (x: Operand, y: Operand): DeviceArray =>
  bind1(p, operands([x, y]), {});

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
  return bind1(P.round_p, operands([x]), { rounding_method: roundingMethod });
}

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

/**
 * Elementwise `pred ? onTrue : onFalse`, `lax.select(pred, on_true, on_false)`: pred is a bool
 * array of the same shape (or a scalar); both branches have one dtype.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.select(jnp.array([true, false]), jnp.array([1, 2]), jnp.array([3, 4]));
 * // DeviceArray([1, 4], dtype=int32)
 * ```
 */
export function select(pred: Operand, onTrue: Operand, onFalse: Operand): DeviceArray {
  const [t, f] = operands([onTrue, onFalse]);
  return bind1(P.select_n_p, [operands([pred])[0], f, t], {});
}

/**
 * Picks `cases[which]` elementwise, `lax.select_n`: `which` is bool (2 cases: false picks cases[0])
 * or int32 (in range, else the result is undefined, as XLA).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const which = jnp.array([0, 2, 1]);
 * lax.selectN(which, jnp.array([1, 1, 1]), jnp.array([2, 2, 2]), jnp.array([3, 3, 3]));
 * // DeviceArray([1, 3, 2], dtype=int32)
 * ```
 */
export function selectN(which: Operand, ...cases: Operand[]): DeviceArray {
  return bind1(P.select_n_p, [operands([which])[0], ...operands(cases)], {});
}

/**
 * min(max(x, lo), hi) elementwise, `lax.clamp(min, x, max)` (note the argument order, as JAX's).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.clamp(0, jnp.array([-1, 5, 11]), 10); // DeviceArray([ 0,  5, 10], dtype=int32)
 * ```
 */
export function clamp(lo: Operand, x: Operand, hi: Operand): DeviceArray {
  return bind1(P.clamp_p, operands([x, lo, hi]).map((_, i, a) => a[[1, 0, 2][i]]), {});
}

/**
 * Converts to another dtype, `lax.convert_element_type`, with XLA's semantics: float→int truncates
 * toward zero and saturates at the dtype's range, NaN becomes 0; int→float rounds to nearest;
 * anything→bool is `x != 0`. `weakType` marks the result weakly typed.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.convertElementType(jnp.array([1.9, -1.9, 3e9, jnp.nan]), "int32");
 * // DeviceArray([         1,         -1, 2147483647,          0], dtype=int32)
 * lax.convertElementType(jnp.array([-1, 3.7]), "uint32"); // DeviceArray([0, 3], dtype=uint32)
 * lax.convertElementType(jnp.array([0, 2]), "bool"); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export function convertElementType(
  x: Operand,
  dtype: DType | string,
  weakType = false,
): DeviceArray {
  const d = canonicalizeDType(dtype);
  if (!(x instanceof DeviceArray)) {
    // JS scalars convert on the host (a literal in jaxprs, as JAX folds Python scalars).
    const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
    return scalarArray(convertValue(v, Number.isInteger(v) ? "int32" : "float32", d), d, weakType);
  }
  if (x.dtype === d && x.weakType === weakType) return x;
  // Concrete scalars with host values fold too (no equation for a constant).
  if (x instanceof ArrayImpl && x.ndim === 0) {
    const host = x.peek();
    if (host) return scalarArray(convertValue(host[0], x.dtype, d), d, weakType);
  }
  return bind1(P.convert_element_type_p, [x], { new_dtype: d, weak_type: weakType });
}

/**
 * Reinterprets the bits of a 32-bit array as another 32-bit dtype, `lax.bitcast_convert_type`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.bitcastConvertType(jnp.array([1, -2], { dtype: "float32" }), "uint32");
 * // DeviceArray([1065353216, 3221225472], dtype=uint32)
 * ```
 */
export function bitcastConvertType(x: DeviceArray, dtype: DType | string): DeviceArray {
  return bind1(P.bitcast_convert_type_p, [x], { new_dtype: canonicalizeDType(dtype) });
}

/**
 * An array of `shape` whose values count 0, 1, … along `dimension`, `lax.broadcasted_iota`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.broadcastedIota("int32", [2, 3], 1);
 * // DeviceArray([[0, 1, 2],
 * //              [0, 1, 2]], dtype=int32)
 * ```
 */
export function broadcastedIota(
  dtype: DType | string,
  shape: Shape,
  dimension: number,
): DeviceArray {
  const s = checkShape(shape, "iota shape");
  return bind1(P.iota_p, [], { dtype: canonicalizeDType(dtype), shape: [...s], dimension });
}

/**
 * `[0, 1, …, size-1]` in `dtype`, `lax.iota`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.iota("float32", 4); // DeviceArray([0., 1., 2., 3.], dtype=float32)
 * ```
 */
export function iota(dtype: DType | string, size: number): DeviceArray {
  return broadcastedIota(dtype, [size], 0);
}

/**
 * Broadcasts x to `shape`, operand axis i becoming output axis `broadcastDimensions[i]` (each of
 * size 1 or the output size), `lax.broadcast_in_dim`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.broadcastInDim(jnp.array([1, 2]), [3, 2], [1]);
 * // DeviceArray([[1, 2],
 * //              [1, 2],
 * //              [1, 2]], dtype=int32)
 * lax.broadcastInDim(jnp.array([1, 2]), [2, 3], [0]);
 * // DeviceArray([[1, 1, 1],
 * //              [2, 2, 2]], dtype=int32)
 * ```
 */
export function broadcastInDim(
  x: Operand,
  shape: Shape,
  broadcastDimensions: readonly number[],
): DeviceArray {
  const a = operands([x])[0];
  if (a.shape.join() === shape.join() && broadcastDimensions.every((d, i) => d === i)) return a;
  return bind1(P.broadcast_in_dim_p, [a], {
    shape: [...shape],
    broadcast_dimensions: [...broadcastDimensions],
  });
}

/**
 * Adds leading axes, `lax.broadcast`: `broadcast(x, [2, 3])` has shape `[2, 3, ...x.shape]`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.broadcast(jnp.array([1, 2]), [2]);
 * // DeviceArray([[1, 2],
 * //              [1, 2]], dtype=int32)
 * ```
 */
export function broadcast(x: Operand, sizes: Shape): DeviceArray {
  const a = operands([x])[0];
  const n = sizes.length;
  return broadcastInDim(a, [...sizes, ...a.shape], a.shape.map((_, i) => i + n));
}

/**
 * Reshapes to `newSizes` (row-major, the same number of elements), `lax.reshape` (no -1 here; see
 * `jnp.reshape`).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reshape(jnp.arange(6), [3, 2]);
 * // DeviceArray([[0, 1],
 * //              [2, 3],
 * //              [4, 5]], dtype=int32)
 * ```
 */
export function reshape(x: Operand, newSizes: Shape): DeviceArray {
  const a = operands([x])[0];
  if (a.shape.join() === newSizes.join()) return a;
  return bind1(P.reshape_p, [a], { new_sizes: [...newSizes], dimensions: null });
}

/**
 * Removes the given size-1 axes, `lax.squeeze`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.squeeze(jnp.zeros([1, 3, 1]), [0, 2]).shape; // [ 3 ]
 * ```
 */
export function squeeze(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (dimensions.length === 0) return x;
  const dims = dimensions.map((d) => normalizeAxis(d, x.ndim)).sort((a, b) => a - b);
  return bind1(P.squeeze_p, [x], { dimensions: dims });
}

/**
 * Inserts size-1 axes at `dimensions` (positions in the result), `lax.expand_dims`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.expandDims(jnp.arange(3), [0, 2]).shape; // [ 1, 3, 1 ]
 * ```
 */
export function expandDims(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  const ndim = x.ndim + dimensions.length;
  const dims = dimensions.map((d) => normalizeAxis(d, ndim)).sort((a, b) => a - b);
  const shape: number[] = [];
  const bdims: number[] = [];
  let j = 0;
  for (let i = 0; i < ndim; i++) {
    if (dims.includes(i)) shape.push(1);
    else {
      shape.push(x.shape[j++]);
      bdims.push(i);
    }
  }
  return broadcastInDim(x, shape, bdims);
}

/**
 * Permutes axes: output axis i is input axis `permutation[i]`, `lax.transpose`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.transpose(jnp.zeros([2, 3, 4]), [2, 0, 1]).shape; // [ 4, 2, 3 ]
 * lax.transpose(jnp.array([[1, 2], [3, 4]]), [1, 0]);
 * // DeviceArray([[1, 3],
 * //              [2, 4]], dtype=int32)
 * ```
 */
export function transpose(x: DeviceArray, permutation: readonly number[]): DeviceArray {
  if (permutation.every((p, i) => p === i)) return x;
  return bind1(P.transpose_p, [x], { permutation: [...permutation] });
}

/**
 * Reverses the order of elements along `dimensions`, `lax.rev`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.rev(jnp.array([[1, 2], [3, 4]]), [1]);
 * // DeviceArray([[2, 1],
 * //              [4, 3]], dtype=int32)
 * ```
 */
export function rev(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (dimensions.length === 0) return x;
  return bind1(P.rev_p, [x], { dimensions: [...dimensions] });
}

/**
 * A static slice `x[start:limit:stride]` per axis, `lax.slice` (indices must be in bounds, as XLA
 * requires).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.slice(jnp.arange(10), [1], [8], [3]); // DeviceArray([1, 4, 7], dtype=int32)
 * lax.slice(jnp.arange(6).reshape([2, 3]), [0, 1], [2, 3]);
 * // DeviceArray([[1, 2],
 * //              [4, 5]], dtype=int32)
 * ```
 */
export function slice(
  x: DeviceArray,
  startIndices: readonly number[],
  limitIndices: readonly number[],
  strides?: readonly number[] | null,
): DeviceArray {
  const unit = !strides || strides.every((s) => s === 1);
  if (
    unit && startIndices.every((s) => s === 0) && limitIndices.every((l, i) => l === x.shape[i])
  ) {
    return x;
  }
  return bind1(P.slice_p, [x], {
    start_indices: [...startIndices],
    limit_indices: [...limitIndices],
    strides: unit ? null : [...strides!],
  });
}

/**
 * Slices one axis, `lax.slice_in_dim(x, start, limit, stride, axis)`: `sliceInDim(x, 1, 3)` is
 * `x[1:3]`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sliceInDim(jnp.arange(6).reshape([2, 3]), 1, 3, 1, 1);
 * // DeviceArray([[1, 2],
 * //              [4, 5]], dtype=int32)
 * ```
 */
export function sliceInDim(
  x: DeviceArray,
  start: number,
  limit: number,
  stride = 1,
  axis = 0,
): DeviceArray {
  const s = x.shape.map(() => 0), l = [...x.shape], st = x.shape.map(() => 1);
  s[axis] = start;
  l[axis] = limit;
  st[axis] = stride;
  return slice(x, s, l, st);
}

/**
 * Pads with `paddingValue`, `lax.pad`: `config[i] = [low, high, interior]` for axis i; negative
 * low/high remove elements.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.pad(jnp.array([1, 2, 3]), 0, [[1, 2, 1]]);
 * // DeviceArray([0, 1, 0, 2, 0, 3, 0, 0], dtype=int32)
 * lax.pad(jnp.arange(5), 0, [[-1, -2, 0]]); // DeviceArray([1, 2], dtype=int32)
 * ```
 */
export function pad(
  x: DeviceArray,
  paddingValue: Operand,
  config: readonly (readonly [number, number, number])[],
): DeviceArray {
  const [a, v] = operands([x, paddingValue]);
  return bind1(P.pad_p, [a, v], { padding_config: config.map((c) => [...c]) });
}

/**
 * Joins arrays of one dtype along an existing `dimension`, `lax.concatenate`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.concatenate([jnp.array([1, 2]), jnp.array([3])], 0); // DeviceArray([1, 2, 3], dtype=int32)
 * ```
 */
export function concatenate(xs: readonly DeviceArray[], dimension: number): DeviceArray {
  if (xs.length === 1) return xs[0];
  return bind1(P.concatenate_p, [...xs], { dimension });
}

/**
 * A slice of static size at traced start indices, `lax.dynamic_slice`: each start is clamped so the
 * slice stays in bounds, as XLA does (no error).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const x = jnp.arange(5);
 * lax.dynamicSlice(x, [1], [3]); // DeviceArray([1, 2, 3], dtype=int32)
 * lax.dynamicSlice(x, [jnp.array(4)], [3]); // DeviceArray([2, 3, 4], dtype=int32)
 * ```
 */
export function dynamicSlice(
  x: DeviceArray,
  startIndices: readonly Operand[],
  sliceSizes: readonly number[],
): DeviceArray {
  const idx = startIndices.map((i) => (i instanceof DeviceArray ? i : scalar(i, "int32")));
  return bind1(P.dynamic_slice_p, [x, ...idx], { slice_sizes: [...sliceSizes] });
}

/**
 * Writes `update` into x at traced start indices, `lax.dynamic_update_slice`: each start is clamped
 * so the update fits, as XLA does.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.dynamicUpdateSlice(jnp.zeros([5], { dtype: "int32" }), jnp.array([7, 8]), [1]);
 * // DeviceArray([0, 7, 8, 0, 0], dtype=int32)
 * lax.dynamicUpdateSlice(jnp.zeros([5], { dtype: "int32" }), jnp.array([7, 8]), [4]);
 * // DeviceArray([0, 0, 0, 7, 8], dtype=int32)
 * ```
 */
export function dynamicUpdateSlice(
  x: DeviceArray,
  update: Operand,
  startIndices: readonly Operand[],
): DeviceArray {
  const [a, u] = operands([x, update]);
  const idx = startIndices.map((i) => (i instanceof DeviceArray ? i : scalar(i, "int32")));
  return bind1(P.dynamic_update_slice_p, [a, u, ...idx], {});
}

function reducer(p: Primitive) {
  return (x: DeviceArray, axes: readonly number[]): DeviceArray => {
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
  return bind1(P.argmin_p, [x], { axes: [axis], index_dtype: indexDType });
}

function cumulative(p: Primitive) {
  return (x: DeviceArray, axis = 0, reverse = false): DeviceArray =>
    bind1(p, [x], { axis: normalizeAxis(axis, x.ndim), reverse });
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

/**
 * General tensor contraction, `lax.dot_general`: `dimensionNumbers` is `[[lhsContracting,
 * rhsContracting], [lhsBatch, rhsBatch]]`. The result's axes are the batch axes, then lhs's free
 * axes, then rhs's. Operands share one dtype; `preferredElementType` sets the result's (default:
 * the operands').
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const a = jnp.ones([2, 3, 4]), b = jnp.ones([2, 4, 5]);
 * // a batched matrix product: contract a's axis 2 with b's axis 1, batch over axis 0 of both
 * lax.dotGeneral(a, b, [[[2], [1]], [[0], [0]]]).shape; // [ 2, 3, 5 ]
 * ```
 */
export function dotGeneral(
  lhs: DeviceArray,
  rhs: DeviceArray,
  dimensionNumbers: DotDimensionNumbers,
  preferredElementType: DType | null = null,
): DeviceArray {
  return bind1(P.dot_general_p, [lhs, rhs], {
    dimension_numbers: dimensionNumbers,
    preferred_element_type: preferredElementType ?? lhs.dtype,
  });
}

/**
 * Vector·vector, matrix·vector or matrix·matrix product, `lax.dot` (1-d or 2-d operands of one
 * dtype).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.dot(jnp.array([[1, 2], [3, 4]]), jnp.array([1, 1])); // DeviceArray([3, 7], dtype=int32)
 * ```
 */
export function dot(lhs: DeviceArray, rhs: DeviceArray): DeviceArray {
  if (lhs.ndim < 1 || lhs.ndim > 2 || rhs.ndim < 1 || rhs.ndim > 2) {
    throw new TypeError(
      `Incompatible shapes for dot: got (${lhs.shape.join(", ")}) and (${rhs.shape.join(", ")}).`,
    );
  }
  return dotGeneral(lhs, rhs, [[[lhs.ndim - 1], [0]], [[], []]]);
}

/**
 * XLA's gather, `lax.gather`: slices of `sliceSizes` starting at each index vector (the last axis
 * of `indices`), arranged by `dimensionNumbers`. `mode` "clip" (default) clamps starts into bounds,
 * "fill" gives `fillValue` (NaN for floats by default) for out-of-bounds slices. jnp indexing
 * (`x.get`) builds these for you.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const dnums = {
 *   offset_dims: [],
 *   collapsed_slice_dims: [0],
 *   start_index_map: [0],
 *   operand_batching_dims: [],
 *   start_indices_batching_dims: [],
 * };
 * lax.gather(jnp.array([10, 20, 30]), jnp.array([[2], [0]]), dnums, [1]);
 * // DeviceArray([30, 10], dtype=int32)
 * ```
 */
export function gather(
  operand: DeviceArray,
  indices: DeviceArray,
  dimensionNumbers: GatherDimensionNumbers,
  sliceSizes: readonly number[],
  opts: {
    mode?: GatherMode;
    fillValue?: number | null;
    indicesAreSorted?: boolean;
    uniqueIndices?: boolean;
  } = {},
): DeviceArray {
  return bind1(P.gather_p, [operand, indices], {
    dimension_numbers: dimensionNumbers,
    slice_sizes: [...sliceSizes],
    mode: opts.mode ?? "clip",
    fill_value: opts.fillValue ?? null,
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}

/**
 * Which scatter `scatterOp` applies: "scatter" replaces, the others combine with the operand's
 * values (JAX's `lax.scatter`, `scatter_add`, `scatter_mul`, `scatter_min`, `scatter_max`).
 *
 * @example
 * ```ts
 * import { lax } from "@jaxscript/jaxscript";
 * const kind: lax.ScatterKind = "scatter-max";
 * ```
 */
export type ScatterKind = "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max";
const SCATTERS: Record<ScatterKind, Primitive> = {
  "scatter": P.scatter_p,
  "scatter-add": P.scatter_add_p,
  "scatter-mul": P.scatter_mul_p,
  "scatter-min": P.scatter_min_p,
  "scatter-max": P.scatter_max_p,
};

/**
 * XLA's scatter family, `lax.scatter` / `scatter_add` / `scatter_mul` / `scatter_min` /
 * `scatter_max` by `kind`: combines `updates` into `operand` at the index vectors (the last axis of
 * `indices`). Repeated indices accumulate (for "scatter" one update wins). `mode` "fill" (default)
 * drops out-of-bounds updates, "clip" clamps them. `x.at(...)` builds these for you.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const dnums = {
 *   update_window_dims: [],
 *   inserted_window_dims: [0],
 *   scatter_dims_to_operand_dims: [0],
 *   operand_batching_dims: [],
 *   scatter_indices_batching_dims: [],
 * };
 * const idx = jnp.array([[1], [1], [5]]); // index 1 twice; 5 is out of bounds
 * const updates = jnp.array([1, 2, 4], { dtype: "float32" });
 * lax.scatterOp("scatter-add", jnp.zeros([3]), idx, updates, dnums);
 * // DeviceArray([0., 3., 0.], dtype=float32)
 * ```
 */
export function scatterOp(
  kind: ScatterKind,
  operand: DeviceArray,
  indices: DeviceArray,
  updates: Operand,
  dimensionNumbers: ScatterDimensionNumbers,
  opts: { mode?: GatherMode; indicesAreSorted?: boolean; uniqueIndices?: boolean } = {},
): DeviceArray {
  const [o, u] = operands([operand, updates]);
  return bind1(SCATTERS[kind], [o, indices, u], {
    dimension_numbers: dimensionNumbers,
    mode: opts.mode ?? "fill",
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}

/**
 * Sorts operands along `dimension` (the last by default), `lax.sort`: keyed lexicographically by
 * the first `numKeys` operands, the others permuted alongside. Ascending, NaNs last; stable when
 * `isStable`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sort([jnp.array([3, jnp.nan, -1])]); // [ DeviceArray([-1.,  3., nan], dtype=float32) ]
 * const [keys, values] = lax.sort([jnp.array([3, 1, 2]), jnp.array([10, 20, 30])]);
 * values; // DeviceArray([20, 30, 10], dtype=int32)
 * ```
 */
export function sort(
  operands: readonly DeviceArray[],
  dimension = -1,
  isStable = true,
  numKeys = 1,
): DeviceArray[] {
  if (!Array.isArray(operands) || operands.length === 0) {
    throw new TypeError("Sort requires at least one operand");
  }
  const dim = normalizeAxis(dimension, operands[0].ndim);
  return bind(P.sort_p, [...operands], { dimension: dim, is_stable: isStable, num_keys: numKeys });
}

/**
 * The Threefry-2x32 block cipher (20 rounds) on uint32 words, `jax.prng.threefry_2x32`: key words
 * k1, k2 encrypt the counter words x1, x2 (broadcast together). The core of `jax.random`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const u = (v: number) => jnp.array([v], { dtype: "uint32" });
 * lax.threefry2x32(u(0), u(0), u(0), u(0));
 * // [
 * //   DeviceArray([1797259609], dtype=uint32),
 * //   DeviceArray([2579123966], dtype=uint32)
 * // ]
 * ```
 */
export function threefry2x32(
  k1: DeviceArray,
  k2: DeviceArray,
  x1: DeviceArray,
  x2: DeviceArray,
): [DeviceArray, DeviceArray] {
  const [a, b] = bind(P.threefry2x32_p, [k1, k2, x1, x2], {});
  return [a, b];
}
