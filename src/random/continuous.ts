/**
 * The continuous samplers built on the uniform one: normal, truncated normal, exponential, Gumbel,
 * Laplace, logistic and Cauchy floats, by JAX's own algorithms (jax-v0.3.25 `jax/_src/random.py`,
 * HEAD `jax/_src/random/core.py`), so the same key gives JAX's numbers.
 *
 * Only `logistic` changed algorithm across JAX versions among these (jax 0.7); it follows the
 * scheme selected by `jax_threefry_partitionable` — the original scheme reproduces JAX ≤ 0.4-era
 * programs, the partitionable one current JAX.
 */

import type { DeviceArray } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { tooManyArguments } from "../options.ts";
import type { Shape } from "../shape.ts";
import { checkKey, isPartitionable, type PRNGKeyArray } from "./keys.ts";
import {
  dtypeArg,
  type DTypeOptions,
  F32_EPS,
  F32_EPSNEG,
  F32_TINY,
  type Param,
  SQRT2,
  toFloat,
  uniformImpl,
} from "./uniform.ts";
import {
  broadcastShapesOf,
  broadcastToRank,
  checkParamShapes,
  checkShapeArg,
  constant,
  floatDType,
  samplerArgs,
} from "./util.ts";

/** √2 · erf⁻¹(u) for u uniform on (-1, 1) (`_normal_real`). */
function normalImpl(key: DeviceArray, shape: Shape, dtype: DType): DeviceArray {
  // nextafter(-1, 0) = -0.99999994 keeps u > -1, so erf_inv stays finite.
  const lo = Math.fround(-1 + F32_EPSNEG);
  const u = uniformImpl(key, shape, dtype, lo, 1);
  return lax.mul(constant(SQRT2, dtype), lax.erfInv(u));
}

/**
 * Standard normal floats (`jax.random.normal`): `√2 · erf_inv(u)` with u uniform in
 * (-1, 1), exactly JAX's inverse-CDF method (no Box–Muller), so seeds give JAX's values.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const W = random.normal(random.PRNGKey(0), [64, 100]);
 * random.normal(random.PRNGKey(0), [10]); // [-0.3721109, 0.26423115, ...] (original mode)
 * random.normal(random.PRNGKey(0), [2], "float32"); // JAX's positional dtype
 * ```
 */
export function normal(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 3) throw tooManyArguments("random.normal", 1, 3, arguments.length);
  const k = checkKey("normal", key);
  const s = checkShapeArg("normal", shape);
  return normalImpl(k, s, floatDType("normal", dtypeArg("normal", 2, [dtype], 1)));
}

/**
 * Standard normal values truncated to (lower, upper) (`jax.random.truncated_normal`): inverse
 * CDF between erf(lower/√2) and erf(upper/√2), clamped to the open interval. `shape` defaults
 * to the broadcast shape of the bounds.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.truncatedNormal(random.PRNGKey(0), -2, 2, [5]);
 * ```
 */
export function truncatedNormal(
  key: PRNGKeyArray,
  lower: Param,
  upper: Param,
  shape?: readonly number[] | null,
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 5) {
    throw tooManyArguments("random.truncatedNormal", 3, 5, arguments.length);
  }
  const k = checkKey("truncatedNormal", key);
  const dt = floatDType("truncated_normal", dtypeArg("truncatedNormal", 4, [dtype], 3));
  let lo = toFloat(lower, dt), hi = toFloat(upper, dt);
  const s = shape == null
    ? broadcastShapesOf(lo.shape, hi.shape)
    : checkShapeArg("truncatedNormal", shape);
  checkParamShapes("truncated_normal", s, lo.shape, hi.shape);
  lo = broadcastToRank(lo, s.length);
  hi = broadcastToRank(hi, s.length);
  const sqrt2 = constant(SQRT2, dt);
  const a = lax.erf(lax.div(lo, sqrt2));
  const b = lax.erf(lax.div(hi, sqrt2));
  const u = uniformImpl(k, s, dt, a, b);
  const out = lax.mul(sqrt2, lax.erfInv(u));
  // Clamp into the open interval: rounding (or u == a) must not reach the bounds themselves.
  const above = lax.nextafter(lo, constant(Infinity, dt));
  const below = lax.nextafter(hi, constant(-Infinity, dt));
  return lax.min(lax.max(out, above), below);
}

/**
 * A float sampler: `f(key, shape, opts)`, the type of `random.exponential`, `random.laplace`,
 * `random.logistic` and `random.cauchy` (`opts` is `{ dtype }` or a dtype name).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const sample: random.FloatSampler = random.exponential;
 * sample(random.PRNGKey(0), [2, 3]).shape; // [ 2, 3 ]
 * ```
 */
export type FloatSampler = (
  key: PRNGKeyArray,
  shape?: readonly number[],
  dtype?: DTypeOptions | string | null,
) => DeviceArray;

/** A float sampler `f(key, shape, opts)` built from a transform of the key. */
function floatSampler(
  name: string,
  jaxName: string,
  impl: (key: DeviceArray, shape: Shape, dtype: DType) => DeviceArray,
): FloatSampler {
  return function (
    key: PRNGKeyArray,
    shape: readonly number[] = [],
    dtype?: DTypeOptions | string | null,
  ): DeviceArray {
    if (arguments.length > 3) throw tooManyArguments(`random.${name}`, 1, 3, arguments.length);
    const k = checkKey(name, key);
    const s = checkShapeArg(name, shape);
    return impl(k, s, floatDType(jaxName, dtypeArg(name, 2, [dtype], 1)));
  };
}

/**
 * Exponential(1) floats (`jax.random.exponential`): `-log1p(-u)`.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.exponential(random.PRNGKey(0), [3]);
 * ```
 */
export const exponential: FloatSampler = floatSampler("exponential", "exponential", (k, s, d) => {
  const u = uniformImpl(k, s, d, 0, 1);
  // 1 - u moves log's domain to (0, 1].
  return lax.neg(lax.log1p(lax.neg(u)));
});

function gumbelImpl(k: DeviceArray, s: Shape, d: DType, mode: "low" | "high"): DeviceArray {
  if (mode === "high") {
    // Two uniforms give 46 bits of resolution near 0 (HEAD's mode="high").
    const u = uniformImpl(k, [2, ...s], d, 0, 1);
    const high = lax.reshape(lax.sliceInDim(u, 0, 1), s);
    const low = lax.reshape(lax.sliceInDim(u, 1, 2), s);
    const fine = lax.add(
      lax.add(high, lax.mul(constant(F32_EPS, d), low)),
      constant(2 ** -47, d),
    );
    const x = lax.select(lax.ge(high, constant(0.5, d)), high, fine);
    return lax.neg(lax.log(lax.neg(lax.log1p(lax.neg(x)))));
  }
  const u = uniformImpl(k, s, d, F32_TINY, 1);
  return lax.neg(lax.log(lax.neg(lax.log(u))));
}

/**
 * Options of {@link gumbel}.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const opts: random.GumbelOptions = { mode: "low" };
 * random.gumbel(random.PRNGKey(0), [2], opts).shape; // [ 2 ]
 * ```
 */
export interface GumbelOptions extends DTypeOptions {
  /** "low" (default: one uniform per value) or "high" (two; larger logits reachable). */
  mode?: "low" | "high";
}

/**
 * Standard Gumbel floats (`jax.random.gumbel`): `-log(-log(u))`, u uniform in [tiny, 1).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.gumbel(random.PRNGKey(0), [3]);
 * random.gumbel(random.PRNGKey(0), [3], null, "high"); // JAX's positional dtype, mode
 * ```
 */
export function gumbel(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  dtype?: GumbelOptions | string | null,
  mode?: "low" | "high" | GumbelOptions,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.gumbel", 1, 4, arguments.length);
  const k = checkKey("gumbel", key);
  const s = checkShapeArg("gumbel", shape);
  const o = samplerArgs("gumbel", 2, [dtype, mode], ["dtype", "mode"], 1);
  const m = o.mode ?? "low";
  if (m !== "low" && m !== "high") {
    throw new ValueError(`Must provide valid mode for gumbel got: ${m}`);
  }
  return gumbelImpl(k, s, floatDType("gumbel", o.dtype), m);
}

/** gumbel for internal callers (categorical, choice), default mode. */
export function gumbelOf(key: DeviceArray, shape: Shape, dtype: DType): DeviceArray {
  return gumbelImpl(key, shape, floatDType("gumbel", dtype), "low");
}

/**
 * Standard Laplace floats (`jax.random.laplace`): `sign(u) · log1p(-|u|)`, u uniform in (-1, 1).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.laplace(random.PRNGKey(0), [3]);
 * ```
 */
export const laplace: FloatSampler = floatSampler("laplace", "laplace", (k, s, d) => {
  const u = uniformImpl(k, s, d, Math.fround(-1 + F32_EPSNEG), 1);
  return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))));
});

/**
 * Standard logistic floats (`jax.random.logistic`). Original scheme (jax ≤ 0.6):
 * `log(u / (1 - u))`, u uniform in [eps, 1); partitionable scheme (current JAX, 0.7+):
 * `log(u) - log1p(-u)`, u in [tiny, 1).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.logistic(random.PRNGKey(0), [3]);
 * ```
 */
export const logistic: FloatSampler = floatSampler("logistic", "logistic", (k, s, d) => {
  if (isPartitionable()) {
    const x = uniformImpl(k, s, d, F32_TINY, 1);
    return lax.sub(lax.log(x), lax.log1p(lax.neg(x)));
  }
  const x = uniformImpl(k, s, d, F32_EPS, 1);
  return lax.log(lax.div(x, lax.sub(constant(1, d), x)));
});

/**
 * Standard Cauchy floats (`jax.random.cauchy`): `tan(π (u - 1/2))`, u uniform in [eps, 1).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.cauchy(random.PRNGKey(0), [3]);
 * ```
 */
export const cauchy: FloatSampler = floatSampler("cauchy", "cauchy", (k, s, d) => {
  const u = uniformImpl(k, s, d, F32_EPS, 1);
  return lax.tan(lax.mul(constant(Math.PI, d), lax.sub(u, constant(0.5, d))));
});
