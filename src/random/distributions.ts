/**
 * Samplers over the raw bits: JAX's own algorithms (jax-v0.3.25 `jax/_src/random.py`, HEAD
 * `jax/_src/random/core.py`), so the same key gives JAX's numbers. Everything is float32 lax
 * arithmetic: each op rounds to float32 as XLA's do.
 *
 * Only `logistic` changed algorithm across JAX versions among these (jax 0.7); it follows the
 * scheme selected by `jax_threefry_partitionable` — the original scheme reproduces JAX ≤ 0.4-era
 * programs, the partitionable one current JAX.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { canonicalizeDType, type DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { asarray } from "../numpy/convert.ts";
import { normalizeAxis, type Shape } from "../shape.ts";
import { bitsOf, checkKey, isPartitionable, type PRNGKeyArray, splitKey } from "./keys.ts";
import {
  broadcastTo,
  broadcastToRank,
  checkParamShapes,
  checkShapeArg,
  constant,
  floatDType,
  intRange,
  isArray,
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
  dtype?: string;
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

const dtypeOf = (o: DTypeOptions | string | undefined): string | undefined =>
  typeof o === "string" ? o : o?.dtype;

const F32_TINY = 2 ** -126; // jnp.finfo(float32).tiny
const F32_EPS = 2 ** -23; // jnp.finfo(float32).eps
const F32_EPSNEG = 2 ** -24; // jnp.finfo(float32).epsneg
const SQRT2 = Math.fround(Math.SQRT2); // np.array(np.sqrt(2), float32) = 1.4142135

const toFloat = (x: Param, dtype: DType): DeviceArray =>
  lax.convertElementType(isArray(x) ? x : constant(x, dtype), dtype);

/** The uniform sampler proper (`_uniform`), after argument checks. */
function uniformImpl(
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
 * ```
 */
export function uniform(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  opts: UniformOptions | string = {},
): DeviceArray {
  const k = checkKey("uniform", key);
  const s = checkShapeArg("uniform", shape);
  const dtype = floatDType("uniform", dtypeOf(opts));
  const o = typeof opts === "string" ? {} : opts;
  return uniformImpl(k, s, dtype, o.minval ?? 0, o.maxval ?? 1);
}

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
 * ```
 */
export function normal(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  opts: DTypeOptions | string = {},
): DeviceArray {
  const k = checkKey("normal", key);
  const s = checkShapeArg("normal", shape);
  return normalImpl(k, s, floatDType("normal", dtypeOf(opts)));
}

/** An integer bound as an array of an integer dtype (floats truncate, as JAX's astype(int)). */
function intBound(x: Param): DeviceArray {
  const a = isArray(x) ? x : asarray(x);
  if (a.dtype === "int32" || a.dtype === "uint32") return a;
  return lax.convertElementType(a, "int32");
}

/** Converts an integer array to `dtype`, clipping to its range (`_convert_and_clip_integer`). */
function convertAndClip(val: DeviceArray, dtype: DType): DeviceArray {
  const [dmin, dmax] = intRange(dtype), [vmin, vmax] = intRange(val.dtype);
  const lo = constant(Math.max(dmin, vmin), val.dtype),
    hi = constant(Math.min(dmax, vmax), val.dtype);
  return lax.convertElementType(lax.min(lax.max(val, lo), hi), dtype);
}

/**
 * Uniform integers in [minval, maxval) (`jax.random.randint`): JAX's two-words-per-value
 * modulus method, bit-exact. `maxval <= minval` gives `minval` everywhere, as JAX. JS-number
 * bounds are clipped to the dtype's range (a bound of 2**32 for uint32 means "up to the max").
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.randint(random.PRNGKey(0), [3, 3], 0, 8); // [[2, 1, 3], [6, 1, 5], [6, 3, 4]]
 * random.randint(random.PRNGKey(0), [4], 0, 10, { dtype: "uint32" });
 * ```
 */
export function randint(
  key: PRNGKeyArray,
  shape: readonly number[],
  minval: Param,
  maxval: Param,
  opts: DTypeOptions | string = {},
): DeviceArray {
  const k = checkKey("randint", key);
  const s = checkShapeArg("randint", shape);
  const dtype = canonicalizeDType(dtypeOf(opts) ?? "int32", "randint");
  if (dtype !== "int32" && dtype !== "uint32") {
    throw new TypeError(`randint only accepts integer dtypes, got ${dtype}`);
  }
  return randintImpl(k, s, minval, maxval, dtype);
}

/** `_randint`, after argument checks. */
export function randintImpl(
  key: DeviceArray,
  shape: Shape,
  minval: Param,
  maxval: Param,
  dtype: DType,
): DeviceArray {
  const [dmin, dmax] = intRange(dtype);
  let mn: DeviceArray, mx: DeviceArray, outOfRange: DeviceArray;
  if (!isArray(minval) && !isArray(maxval)) {
    // Static bounds: clip in JS (exact for any JS integer, no int32 detour).
    const lo = Math.trunc(minval), hi = Math.trunc(maxval);
    mn = constant(Math.min(Math.max(lo, dmin), dmax), dtype);
    mx = constant(Math.min(Math.max(hi, dmin), dmax), dtype);
    outOfRange = constant(hi > dmax ? 1 : 0, "bool");
  } else {
    const a = intBound(minval), b = intBound(maxval);
    checkParamShapes("randint", shape, a.shape, b.shape);
    // Flag where maxval exceeds the dtype's max, e.g. randint(key, s, 0, 2**32, uint32).
    const maxInB = convertAndClip(constant(dmax, dtype), b.dtype);
    outOfRange = lax.gt(b, maxInB);
    mn = convertAndClip(a, dtype);
    mx = convertAndClip(b, dtype);
  }
  mn = broadcastToRank(mn, shape.length);
  mx = broadcastToRank(mx, shape.length);
  outOfRange = broadcastToRank(outOfRange, shape.length);

  // Two 32-bit words per value from two subkeys reduce the modulus bias.
  const keys = splitKey(key, [2]);
  const k1 = lax.reshape(lax.sliceInDim(keys, 0, 1), [2]);
  const k2 = lax.reshape(lax.sliceInDim(keys, 1, 2), [2]);
  const higher = bitsOf(k1, 32, shape), lower = bitsOf(k2, 32, shape);

  const u = (v: number) => constant(v, "uint32");
  let span = lax.convertElementType(lax.sub(mx, mn), "uint32");
  // lax.select wants equal shapes: bring the (rank-expanded) bound shapes together.
  const sel = (pred: DeviceArray, a: DeviceArray, b: DeviceArray) => {
    const sh = broadcastShapesOf(broadcastShapesOf(pred.shape, a.shape), b.shape);
    return lax.select(broadcastTo(pred, sh), broadcastTo(a, sh), broadcastTo(b, sh));
  };
  // span = 1 when maxval <= minval, so minval is returned (jax issue #222).
  span = sel(lax.le(mx, mn), u(1), span);
  // One larger when maxval is out of range; wrapping to 0 then makes the remainders no-ops.
  span = sel(lax.bitwiseAnd(outOfRange, lax.gt(mx, mn)), lax.add(span, u(1)), span);
  // multiplier = 2**32 % span, computed as (2**16 % span)**2 % span without overflow.
  let multiplier = lax.rem(u(2 ** 16), span);
  multiplier = lax.rem(lax.mul(multiplier, multiplier), span);
  let offset = lax.add(lax.mul(lax.rem(higher, span), multiplier), lax.rem(lower, span));
  offset = lax.rem(offset, span);
  return lax.add(mn, lax.convertElementType(offset, dtype));
}

/** A probability/bound parameter as a float array (JS numbers are float32, as Python floats). */
function floatParam(name: string, x: Param | ArrayLike): DeviceArray {
  const a = isArray(x) ? x : asarray(typeof x === "number" ? Math.fround(x) : x, "float32");
  if (a.dtype !== "float32") {
    throw new TypeError(`${name} must have a floating dtype, got ${a.dtype}.`);
  }
  return a;
}

/**
 * Options of {@link bernoulli}.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const opts: random.BernoulliOptions = { mode: "high" };
 * random.bernoulli(random.PRNGKey(0), 1e-9, [4], opts);
 * // DeviceArray([False, False, False, False], dtype=bool)
 * ```
 */
export interface BernoulliOptions {
  /** "low" (default, one uniform per value) or "high" (two, exact for p below ~1e-7). */
  mode?: "low" | "high";
}

/**
 * Booleans that are true with probability `p` (`jax.random.bernoulli`): `uniform(key) < p`.
 * `shape` defaults to `p`'s shape.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.bernoulli(random.PRNGKey(0), 0.3, [5]);
 * ```
 */
export function bernoulli(
  key: PRNGKeyArray,
  p: Param = 0.5,
  shape?: readonly number[] | null,
  opts: BernoulliOptions = {},
): DeviceArray {
  const k = checkKey("bernoulli", key);
  const pa = floatParam("bernoulli probability `p`", p);
  const mode = opts.mode ?? "low";
  if (mode !== "low" && mode !== "high") {
    throw new ValueError(`got mode='${mode}', expected 'high' or 'low'`);
  }
  const s = shape == null ? pa.shape : checkShapeArg("bernoulli", shape);
  checkParamShapes("bernoulli", s, pa.shape);
  const pr = broadcastToRank(pa, s.length);
  if (mode === "high") {
    const u = uniformImpl(k, [2, ...s], "float32", 0, 1);
    const u1 = lax.reshape(lax.sliceInDim(u, 0, 1), s);
    const u2 = lax.mul(lax.reshape(lax.sliceInDim(u, 1, 2), s), constant(F32_EPS, "float32"));
    return lax.lt(u2, lax.sub(pr, u1));
  }
  return lax.lt(uniformImpl(k, s, "float32", 0, 1), pr);
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
  opts: DTypeOptions | string = {},
): DeviceArray {
  const k = checkKey("truncatedNormal", key);
  const dtype = floatDType("truncated_normal", dtypeOf(opts));
  let lo = toFloat(lower, dtype), hi = toFloat(upper, dtype);
  const s = shape == null
    ? broadcastShapesOf(lo.shape, hi.shape)
    : checkShapeArg("truncatedNormal", shape);
  checkParamShapes("truncated_normal", s, lo.shape, hi.shape);
  lo = broadcastToRank(lo, s.length);
  hi = broadcastToRank(hi, s.length);
  const sqrt2 = constant(SQRT2, dtype);
  const a = lax.erf(lax.div(lo, sqrt2));
  const b = lax.erf(lax.div(hi, sqrt2));
  const u = uniformImpl(k, s, dtype, a, b);
  const out = lax.mul(sqrt2, lax.erfInv(u));
  // Clamp into the open interval: rounding (or u == a) must not reach the bounds themselves.
  const above = lax.nextafter(lo, constant(Infinity, dtype));
  const below = lax.nextafter(hi, constant(-Infinity, dtype));
  return lax.min(lax.max(out, above), below);
}

function broadcastShapesOf(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ValueError(`Incompatible shapes for broadcasting: shapes=[(${a}), (${b})]`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
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
  opts?: DTypeOptions | string,
) => DeviceArray;

/** A float sampler `f(key, shape, opts)` built from a transform of the key. */
function floatSampler(
  name: string,
  jaxName: string,
  impl: (key: DeviceArray, shape: Shape, dtype: DType) => DeviceArray,
): FloatSampler {
  return (
    key: PRNGKeyArray,
    shape: readonly number[] = [],
    opts: DTypeOptions | string = {},
  ): DeviceArray => {
    const k = checkKey(name, key);
    const s = checkShapeArg(name, shape);
    return impl(k, s, floatDType(jaxName, dtypeOf(opts)));
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
 * ```
 */
export function gumbel(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  opts: GumbelOptions | string = {},
): DeviceArray {
  const k = checkKey("gumbel", key);
  const s = checkShapeArg("gumbel", shape);
  const mode = (typeof opts === "string" ? undefined : opts.mode) ?? "low";
  if (mode !== "low" && mode !== "high") {
    throw new ValueError(`Must provide valid mode for gumbel got: ${mode}`);
  }
  return gumbelImpl(k, s, floatDType("gumbel", dtypeOf(opts)), mode);
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

/**
 * ±1 with equal probability (`jax.random.rademacher`): `2 · bernoulli(key, 0.5) - 1`.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.rademacher(random.PRNGKey(0), [4]); // DeviceArray([-1,  1, -1,  1], dtype=int32)
 * ```
 */
export function rademacher(
  key: PRNGKeyArray,
  shape: readonly number[],
  opts: DTypeOptions | string = {},
): DeviceArray {
  const dtype = canonicalizeDType(dtypeOf(opts) ?? "int32", "rademacher");
  const b = lax.convertElementType(bernoulli(key, 0.5, shape), dtype);
  return lax.sub(lax.mul(constant(2, dtype), b), constant(1, dtype));
}

/**
 * Options of {@link categorical}.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const opts: random.CategoricalOptions = { shape: [3], replace: false };
 * random.categorical(random.PRNGKey(0), jnp.zeros([5]), opts).shape; // [ 3 ]
 * ```
 */
export interface CategoricalOptions {
  /** Axis of `logits` along which the categories lie (default -1). */
  axis?: number;
  /** Result shape; must end with the batch shape (logits' shape without `axis`). */
  shape?: readonly number[] | null;
  /** With replacement (default true; the Gumbel-max trick) or without (Gumbel top-k). */
  replace?: boolean;
}

/**
 * Samples category indices from unnormalised log-probabilities (`jax.random.categorical`), by
 * the Gumbel-max trick: `argmax(gumbel + logits)` along `axis`.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const logits = jnp.log(jnp.array([0.1, 0.2, 0.7]));
 * random.categorical(random.PRNGKey(0), logits, { shape: [5] });
 * ```
 */
export function categorical(
  key: PRNGKeyArray,
  logits: ArrayLike,
  opts: CategoricalOptions = {},
): DeviceArray {
  const k = checkKey("categorical", key);
  const l = asarray(logits);
  if (l.ndim === 0) throw new ValueError("categorical: logits must have at least one axis");
  const axis = normalizeAxis(opts.axis ?? -1, l.ndim);
  const batch = l.shape.filter((_, i) => i !== axis);
  const shape = opts.shape == null ? batch : checkShapeArg("categorical", opts.shape);
  checkParamShapes("categorical", shape, batch);
  const prefix = shape.slice(0, shape.length - batch.length);
  if (opts.replace === false) {
    // Gumbel top-k (HEAD): the k = prod(prefix) largest perturbed logits, best first.
    const n = l.shape[axis];
    const nk = prefix.reduce((a, b) => a * b, 1);
    if (nk > n) {
      throw new ValueError(
        `Number of samples without replacement (${nk}) cannot exceed number of categories (${n}).`,
      );
    }
    const g = lax.add(l, gumbelOf(k, l.shape, l.dtype));
    const last = moveToLast(g, axis);
    const top = topKIndices(last, nk); // [...batch, nk]
    const r = top.ndim;
    const t = lax.transpose(top, [r - 1, ...Array.from({ length: r - 1 }, (_, i) => i)]);
    return lax.reshape(t, shape);
  }
  const logitsShape = shape.slice(shape.length - batch.length);
  logitsShape.splice(axis, 0, l.shape[axis]);
  const full = [...prefix, ...logitsShape];
  const g = gumbelOf(k, full, l.dtype);
  return lax.argmax(lax.add(g, broadcastTo(l, full)), prefix.length + axis, "int32");
}

function moveToLast(x: DeviceArray, axis: number): DeviceArray {
  const perm = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => i !== axis);
  return lax.transpose(x, [...perm, axis]);
}

/**
 * Indices of the k largest values along the last axis, largest first, lower index first among
 * ties (XLA's TopK order), by a stable sort of the negated values.
 */
export function topKIndices(x: DeviceArray, k: number): DeviceArray {
  const axis = x.ndim - 1;
  const iota = lax.broadcastedIota("int32", x.shape, axis);
  const sorted = lax.sort([lax.neg(x), iota], axis, true, 1)[1];
  return lax.sliceInDim(sorted, 0, k, 1, axis);
}
