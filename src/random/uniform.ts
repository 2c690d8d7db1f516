/**
 * The uniform float sampler the other float samplers transform, JAX's `_uniform` (jax-v0.3.25
 * `jax/_src/random.py`): random mantissa bits under the exponent of 1.0, scaled and shifted in
 * float32 lax arithmetic as XLA's, so the same key gives JAX's numbers. Also the parameter and
 * option types all samplers share.
 */

import type { DeviceArray } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { tooManyArguments } from "../options.ts";
import { describeValue, type Shape } from "../shape.ts";
import { bitsOf, checkKey, type PRNGKeyArray } from "./keys.ts";
import {
  broadcastToRank,
  checkParamShapes,
  checkShapeArg,
  constant,
  floatDType,
  isArray,
  samplerArgs,
} from "./util.ts";

/**
 * A bound or parameter: a JS number or an array broadcastable to the sample shape.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const lo: random.Param = 0, hi: random.Param = jnp.array([1, 10, 100]);
 * random.randint(random.PRNGKey(0), [3], lo, hi).shape; // [ 3 ]
 * ```
 */
export type Param = number | DeviceArray;

/**
 * Options of the float samplers (JAX's keyword `dtype`); a dtype string may stand for it.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const opts: random.DTypeOptions = { dtype: "float32" };
 * random.normal(random.PRNGKey(0), [2], opts).dtype; // "float32"
 * ```
 */
export interface DTypeOptions {
  /** Result dtype; float32 (64-bit names are truncated to it with JAX's warning). */
  dtype?: string | null;
}

/**
 * Options of {@link uniform}: the bounds and the dtype.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const opts: random.UniformOptions = { minval: -1, maxval: 1 };
 * random.uniform(random.PRNGKey(0), [3], opts);
 * // DeviceArray([ 0.93064284, -0.3706367 ,  0.26605988], dtype=float32)
 * ```
 */
export interface UniformOptions extends DTypeOptions {
  /** Inclusive lower bound (default 0), broadcastable to `shape`. */
  minval?: Param;
  /** Exclusive upper bound (default 1), broadcastable to `shape`. */
  maxval?: Param;
}

/**
 * The dtype of a sampler that takes only a dtype after its other arguments, JAX's positional
 * `dtype` or `{ dtype }`; anything else (a number, other keys, extra arguments) is a TypeError.
 */
export function dtypeArg(
  name: string,
  required: number,
  rest: readonly unknown[],
  min = required,
): unknown {
  return samplerArgs(name, required, rest, ["dtype"], min).dtype;
}

/** A bound parameter (a number or an array), JAX's `minval`/`maxval`. */
export function checkParam(name: string, what: string, v: unknown): void {
  if (v === undefined || v === null || typeof v === "number" || isArray(v)) return;
  throw new TypeError(
    `random.${name}: ${what} must be a number or an array, got ${describeValue(v)}`,
  );
}

export const F32_TINY = 2 ** -126; // jnp.finfo(float32).tiny
export const F32_EPS = 2 ** -23; // jnp.finfo(float32).eps
export const F32_EPSNEG = 2 ** -24; // jnp.finfo(float32).epsneg
export const SQRT2 = Math.fround(Math.SQRT2); // np.array(np.sqrt(2), float32) = 1.4142135

export const toFloat = (x: Param, dtype: DType): DeviceArray =>
  lax.convertElementType(isArray(x) ? x : constant(x, dtype), dtype);

/** The uniform sampler proper (`_uniform`), after argument checks. */
export function uniformImpl(
  key: DeviceArray,
  shape: Shape,
  dtype: DType,
  minval: Param,
  maxval: Param,
): DeviceArray {
  if (isArray(minval) || isArray(maxval)) {
    let lo = toFloat(minval, dtype), hi = toFloat(maxval, dtype);
    checkParamShapes("uniform", shape, lo.shape, hi.shape);
    lo = broadcastToRank(lo, shape.length);
    hi = broadcastToRank(hi, shape.length);
    const scaled = lax.add(lax.mul(unitFloats(key, shape, dtype), lax.sub(hi, lo)), lo);
    return lax.max(lo, scaled);
  }
  // Static bounds: the same float32 arithmetic, minus the steps that cannot change a value.
  const lo = Math.fround(minval), span = Math.fround(Math.fround(maxval) - lo);
  const floats = unitFloats(key, shape, dtype);
  if (lo === 0 && span === 1) return floats; // f * 1 + 0 is f (and ±0 + 0 is +0)
  const scaled = lax.add(lax.mul(floats, constant(span, dtype)), constant(lo, dtype));
  // f ≥ 0 and a finite span ≥ 0 give f * span + lo ≥ lo (rounding is monotone): max is a no-op.
  return span >= 0 && Number.isFinite(span) ? scaled : lax.max(constant(lo, dtype), scaled);
}

/** Floats in [0, 1): random mantissa bits under the exponent of 1.0 give [1, 2), minus 1. */
function unitFloats(key: DeviceArray, shape: Shape, dtype: DType): DeviceArray {
  const raw = bitsOf(key, 32, shape);
  const mant = lax.shiftRightLogical(raw, constant(32 - 23, "uint32"));
  const one = lax.bitwiseOr(mant, constant(0x3f800000, "uint32"));
  return lax.sub(lax.bitcastConvertType(one, dtype), constant(1, dtype));
}

/**
 * Uniform floats in [minval, maxval) (`jax.random.uniform`): the top 23 random bits become the
 * mantissa of a float in [1, 2), minus 1, scaled and shifted.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const key = random.PRNGKey(0);
 * random.uniform(key, [3]);
 * random.uniform(key, [2, 2], { minval: -1, maxval: 1 });
 * random.uniform(key, [2, 2], "float32", -1, 1); // JAX's positional dtype, minval, maxval
 * ```
 */
export function uniform(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  dtype?: UniformOptions | string | null,
  minval?: Param | UniformOptions,
  maxval?: Param | UniformOptions,
): DeviceArray {
  if (arguments.length > 5) throw tooManyArguments("random.uniform", 1, 5, arguments.length);
  if (typeof dtype === "number") {
    // randint takes (minval, maxval) here; uniform takes the dtype first, as in JAX.
    throw new TypeError(
      `random.uniform: the 3rd argument is JAX's dtype, got ${dtype} (write ` +
        `random.uniform(key, shape, { minval: ${dtype}, maxval: … }) or ` +
        `random.uniform(key, shape, null, ${dtype}, …))`,
    );
  }
  const k = checkKey("uniform", key);
  const s = checkShapeArg("uniform", shape);
  const o = samplerArgs("uniform", 2, [dtype, minval, maxval], ["dtype", "minval", "maxval"], 1);
  checkParam("uniform", "minval", o.minval);
  checkParam("uniform", "maxval", o.maxval);
  return uniformImpl(
    k,
    s,
    floatDType("uniform", o.dtype),
    (o.minval ?? 0) as Param,
    (o.maxval ?? 1) as Param,
  );
}
