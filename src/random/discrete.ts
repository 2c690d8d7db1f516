/**
 * The discrete samplers: uniform integers (`randint`), Bernoulli booleans, Rademacher signs and
 * categorical indices, by JAX's own algorithms (jax-v0.3.25 `jax/_src/random.py`, HEAD
 * `jax/_src/random/core.py`), so the same key gives JAX's numbers.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { canonicalizeDType, type DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { asarray } from "../numpy/convert.ts";
import { tooManyArguments } from "../options.ts";
import { normalizeAxis, type Shape } from "../shape.ts";
import { gumbelOf } from "./continuous.ts";
import { bitsOf, checkKey, type PRNGKeyArray, splitKey } from "./keys.ts";
import {
  checkParam,
  dtypeArg,
  type DTypeOptions,
  F32_EPS,
  type Param,
  uniformImpl,
} from "./uniform.ts";
import {
  broadcastShapesOf,
  broadcastTo,
  broadcastToRank,
  checkParamShapes,
  checkShapeArg,
  constant,
  intRange,
  isArray,
  samplerArgs,
} from "./util.ts";

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
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 5) throw tooManyArguments("random.randint", 4, 5, arguments.length);
  const k = checkKey("randint", key);
  const s = checkShapeArg("randint", shape);
  checkParam("randint", "minval", minval);
  checkParam("randint", "maxval", maxval);
  const d = canonicalizeDType(dtypeArg("randint", 4, [dtype]) ?? "int32", "randint");
  if (d !== "int32" && d !== "uint32") {
    throw new TypeError(`randint only accepts integer dtypes, got ${d}`);
  }
  return randintImpl(k, s, minval, maxval, d);
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
 * random.bernoulli(random.PRNGKey(0), 0.3, [5], "high"); // JAX's positional mode
 * ```
 */
export function bernoulli(
  key: PRNGKeyArray,
  p: Param = 0.5,
  shape?: readonly number[] | null,
  mode?: "low" | "high" | BernoulliOptions,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.bernoulli", 1, 4, arguments.length);
  const k = checkKey("bernoulli", key);
  const o = samplerArgs("bernoulli", 3, [mode], ["mode"], 1);
  const pa = floatParam("bernoulli probability `p`", p);
  const m = o.mode ?? "low";
  if (m !== "low" && m !== "high") {
    throw new ValueError(`got mode='${m}', expected 'high' or 'low'`);
  }
  const s = shape == null ? pa.shape : checkShapeArg("bernoulli", shape);
  checkParamShapes("bernoulli", s, pa.shape);
  const pr = broadcastToRank(pa, s.length);
  if (m === "high") {
    const u = uniformImpl(k, [2, ...s], "float32", 0, 1);
    const u1 = lax.reshape(lax.sliceInDim(u, 0, 1), s);
    const u2 = lax.mul(lax.reshape(lax.sliceInDim(u, 1, 2), s), constant(F32_EPS, "float32"));
    return lax.lt(u2, lax.sub(pr, u1));
  }
  return lax.lt(uniformImpl(k, s, "float32", 0, 1), pr);
}

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
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 3) throw tooManyArguments("random.rademacher", 2, 3, arguments.length);
  const d = canonicalizeDType(dtypeArg("rademacher", 2, [dtype]) ?? "int32", "rademacher");
  const b = lax.convertElementType(bernoulli(key, 0.5, shape), d);
  return lax.sub(lax.mul(constant(2, d), b), constant(1, d));
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
 * random.categorical(random.PRNGKey(0), logits, -1, [5]); // JAX's positional axis, shape
 * ```
 */
export function categorical(
  key: PRNGKeyArray,
  logits: ArrayLike,
  axis?: number | CategoricalOptions,
  shape?: readonly number[] | null | CategoricalOptions,
  replace?: boolean | CategoricalOptions,
): DeviceArray {
  if (arguments.length > 5) throw tooManyArguments("random.categorical", 2, 5, arguments.length);
  // JAX's positional order: axis, shape, replace.
  const opts = samplerArgs(
    "categorical",
    2,
    [axis, shape, replace],
    ["axis", "shape", "replace"],
  ) as CategoricalOptions;
  const k = checkKey("categorical", key);
  const l = asarray(logits);
  if (l.ndim === 0) throw new ValueError("categorical: logits must have at least one axis");
  const ax = normalizeAxis(opts.axis ?? -1, l.ndim);
  const batch = l.shape.filter((_, i) => i !== ax);
  const s = opts.shape == null ? batch : checkShapeArg("categorical", opts.shape);
  checkParamShapes("categorical", s, batch);
  const prefix = s.slice(0, s.length - batch.length);
  if (opts.replace === false) {
    // Gumbel top-k (HEAD): the k = prod(prefix) largest perturbed logits, best first.
    const n = l.shape[ax];
    const nk = prefix.reduce((a, b) => a * b, 1);
    if (nk > n) {
      throw new ValueError(
        `Number of samples without replacement (${nk}) cannot exceed number of categories (${n}).`,
      );
    }
    const g = lax.add(l, gumbelOf(k, l.shape, l.dtype));
    const last = moveToLast(g, ax);
    const top = topKIndices(last, nk); // [...batch, nk]
    const r = top.ndim;
    const t = lax.transpose(top, [r - 1, ...Array.from({ length: r - 1 }, (_, i) => i)]);
    return lax.reshape(t, s);
  }
  const logitsShape = s.slice(s.length - batch.length);
  logitsShape.splice(ax, 0, l.shape[ax]);
  const full = [...prefix, ...logitsShape];
  const g = gumbelOf(k, full, l.dtype);
  return lax.argmax(lax.add(g, broadcastTo(l, full)), prefix.length + ax, "int32");
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
