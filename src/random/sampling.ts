/**
 * Permutations and choices (`jax.random.permutation`, `shuffle`, `choice`), with JAX's
 * algorithms: shuffling sorts by fresh random 32-bit keys for a fixed number of rounds (tjablin's
 * scheme, `_shuffle`), so the same key gives JAX's permutation bit for bit.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { requireConcrete } from "../core/array_impl.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { asarray } from "../numpy/convert.ts";
import { cumsum } from "../numpy/reductions.ts";
import { normalizeAxis, prod, type Shape } from "../shape.ts";
import { gumbelOf, randintImpl, topKIndices, uniform } from "./distributions.ts";
import { bitsOf, checkKey, keyAt, type PRNGKeyArray, splitKey } from "./keys.ts";
import { checkShapeArg, constant, samplerArgs, takeAlong } from "./util.ts";
import { tooManyArguments } from "../options.ts";

/**
 * `_shuffle`: sort `x` along `axis` by random 32-bit keys, `ceil(3 ln(size) / ln(2**32 - 1))`
 * rounds with a fresh subkey each, so collisions of one round are re-randomised by the next.
 */
function shuffleImpl(key: DeviceArray, x: DeviceArray, axis: number): DeviceArray {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(4294967295));
  let k = key;
  for (let r = 0; r < rounds; r++) {
    const keys = splitKey(k, [2]);
    k = keyAt(keys, 0);
    const sortKeys = bitsOf(keyAt(keys, 1), 32, x.shape);
    x = lax.sort([sortKeys, x], axis, true, 1)[1];
  }
  return x;
}

/** A 0-d integer argument that must be known (not traced), as JAX's `concrete_or_error`. */
function concreteInt(x: ArrayLike, what: string): number {
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new TypeError(`${what} must be an integer, got ${x}`);
    return x;
  }
  const a = asarray(x);
  if (a.dtype !== "int32" && a.dtype !== "uint32") {
    throw new TypeError("x must be an integer or at least 1-dimensional");
  }
  // A concrete 0-d array (a traced one raises JAX's conversion error); on WebGPU its value may
  // not be on the host yet, which dataSync reports.
  return requireConcrete(a, what).dataSync()[0];
}

/**
 * Options of {@link permutation}.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const opts: random.PermutationOptions = { axis: 1, independent: true };
 * random.permutation(random.PRNGKey(0), jnp.arange(6).reshape([2, 3]), opts).shape; // [ 2, 3 ]
 * ```
 */
export interface PermutationOptions {
  /** The axis to permute (default 0). */
  axis?: number;
  /** Permute each slice along `axis` independently (default false: one permutation). */
  independent?: boolean;
}

/**
 * A random permutation of `arange(x)` for an integer `x`, or of an array's entries along an axis
 * (`jax.random.permutation`). Bit-exact with JAX.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const key = random.PRNGKey(0);
 * random.permutation(key, 10);
 * random.permutation(key, jnp.arange(6).reshape([3, 2]));                 // rows shuffled
 * random.permutation(key, jnp.arange(6).reshape([3, 2]), { axis: 1, independent: true });
 * random.permutation(key, jnp.arange(6).reshape([3, 2]), 1);   // JAX's positional axis
 * ```
 */
export function permutation(
  key: PRNGKeyArray,
  x: ArrayLike,
  axis?: number | PermutationOptions,
  independent?: boolean | PermutationOptions,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.permutation", 2, 4, arguments.length);
  // JAX's positional order: axis, independent.
  const opts = samplerArgs(
    "permutation",
    2,
    [axis, independent],
    ["axis", "independent"],
  ) as PermutationOptions;
  const k = checkKey("permutation", key);
  const a = typeof x === "number" ? null : asarray(x);
  if (a === null || a.ndim === 0) {
    if (typeof x === "number" && !Number.isInteger(x)) {
      throw new TypeError("x must be an integer or at least 1-dimensional");
    }
    normalizeAxis(opts.axis ?? 0, 1);
    const n = concreteInt(x, "argument x of random.permutation()");
    return shuffleImpl(k, lax.iota("int32", Math.max(0, n)), 0);
  }
  const ax = normalizeAxis(opts.axis ?? 0, a.ndim);
  if (opts.independent || a.ndim === 1) return shuffleImpl(k, a, ax);
  const ind = shuffleImpl(k, lax.iota("int32", a.shape[ax]), 0);
  return takeAlong(a, ind, ax);
}

/**
 * Shuffles an array along an axis, each slice independently (JAX's deprecated
 * `jax.random.shuffle`; the same as `permutation(key, x, { axis, independent: true })`).
 *
 * @deprecated Use {@link permutation} with `independent: true`, as JAX advises.
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * random.shuffle(random.PRNGKey(0), jnp.arange(5));
 * ```
 */
export function shuffle(key: PRNGKeyArray, x: ArrayLike, axis = 0): DeviceArray {
  if (arguments.length > 3) throw tooManyArguments("random.shuffle", 2, 3, arguments.length);
  const k = checkKey("shuffle", key);
  const a = asarray(x);
  return shuffleImpl(k, a, normalizeAxis(axis, Math.max(1, a.ndim)));
}

/**
 * Options of {@link choice}.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const opts: random.ChoiceOptions = { p: jnp.array([0, 0, 1]) };
 * random.choice(random.PRNGKey(0), 3, [4], opts); // DeviceArray([2, 2, 2, 2], dtype=int32)
 * ```
 */
export interface ChoiceOptions {
  /** Sample with replacement (default true). */
  replace?: boolean;
  /** Probabilities of the entries (1-d, length `a.shape[axis]`); uniform when omitted. */
  p?: ArrayLike | null;
  /** The axis of `a` to choose along (default 0). */
  axis?: number;
}

/**
 * Random samples from `arange(a)` (integer `a`) or from an array's entries along an axis
 * (`jax.random.choice`), with or without replacement, optionally weighted by `p`.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const key = random.PRNGKey(0);
 * random.choice(key, 5, [3]);                               // with replacement
 * random.choice(key, 5, [3], { replace: false });           // distinct
 * random.choice(key, jnp.array([10, 20, 30]), [4], { p: jnp.array([0.1, 0.1, 0.8]) });
 * random.choice(key, 5, [3], false);                        // JAX's positional replace, p, axis
 * ```
 * @throws ValueError when `replace: false` asks for more samples than the population.
 */
export function choice(
  key: PRNGKeyArray,
  a: ArrayLike,
  shape: readonly number[] = [],
  replace?: boolean | ChoiceOptions,
  ...more: [p?: ArrayLike | null | ChoiceOptions, axis?: number | ChoiceOptions]
): DeviceArray {
  // JAX's positional order: shape, replace, p, axis.
  const opts = samplerArgs(
    "choice",
    3,
    [replace, ...more],
    ["replace", "p", "axis"],
    2,
  ) as ChoiceOptions;
  const k = checkKey("choice", key);
  if (!Array.isArray(shape)) {
    throw new TypeError(`shape argument of random.choice must be a sequence, got ${shape}`);
  }
  const s = checkShapeArg("choice", shape);
  const arr = asarray(a);
  const withReplacement = opts.replace ?? true;
  let axis = 0, nInputs: number;
  if (arr.ndim === 0) {
    nInputs = concreteInt(a, "The error occurred in random.choice()");
  } else {
    axis = normalizeAxis(opts.axis ?? 0, arr.ndim);
    nInputs = arr.shape[axis];
  }
  const nDraws = prod(s);
  if (nDraws === 0) {
    return lax.broadcastInDim(lax.convertElementType(constant(0, "int32"), arr.dtype), s, []);
  }
  if (nInputs <= 0) throw new ValueError("a must be greater than 0 unless no samples are taken");
  if (!withReplacement && nDraws > nInputs) {
    throw new ValueError(
      `Cannot take a larger sample (size ${nDraws}) than population (size ${nInputs}) ` +
        `when 'replace=False'`,
    );
  }
  let ind: DeviceArray;
  if (opts.p == null) {
    if (withReplacement) {
      ind = randintImpl(k, s, 0, nInputs, "int32");
    } else {
      const perm = permutation(k, arr.ndim === 0 ? nInputs : arr, { axis });
      const taken = lax.sliceInDim(perm, 0, nDraws, 1, axis);
      return reshapeResult(taken, arr, s, axis);
    }
  } else {
    let p = asarray(opts.p);
    if (p.dtype !== "float32") p = lax.convertElementType(p, "float32");
    if (p.ndim !== 1 || p.shape[0] !== nInputs) {
      throw new ValueError(
        `p must be None or a 1D vector with the same size as a.shape[axis]. p has shape ` +
          `(${p.shape.join(", ")}${p.ndim === 1 ? "," : ""}) and a.shape[axis] is ${nInputs}.`,
      );
    }
    if (withReplacement) {
      // Inverse CDF: r = total · (1 - u) ∈ (0, total]; the index is searchsorted(cdf, r, 'left').
      const cdf = cumsum(p);
      const total = lax.reshape(lax.sliceInDim(cdf, nInputs - 1, nInputs), []);
      const u = uniform(k, s);
      const r = lax.mul(total, lax.sub(constant(1, "float32"), u));
      ind = searchsortedLeft(cdf, r);
    } else {
      // Gumbel top-k: the nDraws largest of gumbel + log p, largest first.
      const g = lax.add(gumbelOf(k, [nInputs], "float32"), lax.log(p));
      ind = topKIndices(g, nDraws);
    }
  }
  const result = arr.ndim === 0 ? ind : takeAlong(arr, ind, axis);
  return reshapeResult(result, arr, s, axis);
}

function reshapeResult(x: DeviceArray, arr: DeviceArray, s: Shape, axis: number): DeviceArray {
  const out = arr.ndim === 0
    ? [...s]
    : [...arr.shape.slice(0, axis), ...s, ...arr.shape.slice(axis + 1)];
  return lax.reshape(x, out);
}

/**
 * `jnp.searchsorted(sorted, v)` (side 'left') for a sorted 1-d `sorted`: the number of entries
 * strictly below each value, which is exactly the left insertion point.
 */
function searchsortedLeft(sorted: DeviceArray, v: DeviceArray): DeviceArray {
  const n = sorted.shape[0];
  const vs = lax.broadcastInDim(v, [...v.shape, n], v.shape.map((_, i) => i));
  const ss = lax.broadcastInDim(sorted, [...v.shape, n], [v.ndim]);
  const below = lax.convertElementType(lax.lt(ss, vs), "int32");
  return lax.reduceSum(below, [v.ndim]);
}
