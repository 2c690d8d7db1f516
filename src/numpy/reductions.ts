/** Reductions of jax.numpy: sum, prod, max, min, mean, var, std, all, any, arg*, cum*. */

import type { ArrayLike, DeviceArray, ReduceOptions } from "../core/array.ts";
import { canonicalizeDType, type DType, isFloat } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions } from "../options.ts";
import { normalizeAxes, normalizeAxis } from "../shape.ts";
import { asarray, toInexact } from "./convert.ts";

/**
 * Options of sum/prod/mean/var/std: `axis` (all axes by default), `keepdims`, and `dtype`, the
 * accumulation and output dtype.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.SumOptions = { axis: 0, dtype: "float32" };
 * jnp.sum(jnp.array([[1, 2], [3, 4]]), opts); // DeviceArray([4., 6.], dtype=float32)
 * ```
 */
export interface SumOptions extends ReduceOptions {
  /** The dtype to accumulate in and return. */
  dtype?: DType | string;
}

function keep(x: DeviceArray, out: DeviceArray, axes: number[], keepdims?: boolean): DeviceArray {
  if (!keepdims) return out;
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return lax.reshape(out, shape);
}

/** The dtype numpy sums in: bools and small ints go to int32, others keep their dtype. */
function sumDType(x: DeviceArray, requested?: DType | string): DType {
  if (requested) return canonicalizeDType(requested, "sum");
  return x.dtype === "bool" ? "int32" : x.dtype;
}

/**
 * A jnp reduction, `f(x, { axis, keepdims, dtype })`: the type of `jnp.sum`, `jnp.max`, `jnp.all`,
 * ….
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.Reduction = jnp.prod;
 * f([[1, 2], [3, 4]], { axis: 1 }); // DeviceArray([ 2, 12], dtype=int32)
 * ```
 */
export type Reduction = (x: ArrayLike, o?: SumOptions) => DeviceArray;

const SUM_KEYS = ["axis", "keepdims", "dtype"] as const;
const MAX_KEYS = ["axis", "keepdims"] as const;

function reduction(
  name: string,
  op: (x: DeviceArray, axes: number[]) => DeviceArray,
  opts: {
    identity: boolean;
    cast?: (x: DeviceArray, o?: SumOptions) => DeviceArray;
    keys: readonly string[];
  },
): Reduction {
  const fn = `jnp.${name}`;
  return function (x: ArrayLike, o: SumOptions = {}): DeviceArray {
    if (arguments.length > 2) checkExtraArguments(fn, 1, 2, arguments.length, null, null);
    checkOptions(fn, o, opts.keys);
    let a = asarray(x);
    const axes = normalizeAxes(o.axis, a.ndim);
    if (!opts.identity && axes.some((i) => a.shape[i] === 0)) {
      throw new ValueError(`zero-size array to reduction operation ${name} which has no identity`);
    }
    if (opts.cast) a = opts.cast(a, o);
    return keep(a, op(a, axes), axes, o.keepdims);
  };
}

const castSum = (a: DeviceArray, o?: SumOptions): DeviceArray => {
  const d = sumDType(a, o?.dtype);
  return d === a.dtype ? a : lax.convertElementType(a, d);
};

/**
 * Sum over `axis` (all axes by default), JAX's `jnp.sum`. Bools sum as int32; `keepdims` keeps
 * reduced axes as size 1; `dtype` sets the accumulation dtype. Integer sums wrap on overflow.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.array([[1, 2, 3], [4, 5, 6]]);
 * jnp.sum(x); // DeviceArray(21, dtype=int32)
 * jnp.sum(x, { axis: 0 }); // DeviceArray([5, 7, 9], dtype=int32)
 * jnp.sum(x, { axis: 1, keepdims: true });
 * // DeviceArray([[ 6],
 * //              [15]], dtype=int32)
 * jnp.sum(jnp.array([true, true, false])); // DeviceArray(2, dtype=int32)
 * ```
 */
export const sum: Reduction = reduction("sum", lax.reduceSum, {
  identity: true,
  cast: castSum,
  keys: SUM_KEYS,
});
/**
 * Product over axes (all by default), JAX's `jnp.prod`; the product of nothing is 1.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.prod(jnp.array([1, 2, 3, 4])); // DeviceArray(24, dtype=int32)
 * jnp.prod(jnp.array([[1, 2], [3, 4]]), { axis: 0 }); // DeviceArray([3, 8], dtype=int32)
 * ```
 */
export const prod: Reduction = reduction("prod", lax.reduceProd, {
  identity: true,
  cast: castSum,
  keys: SUM_KEYS,
});
/**
 * Maximum over axes (all by default), JAX's `jnp.max`. NaN propagates; an empty reduction is an
 * error (no identity).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.max(jnp.array([[1, 5], [3, 2]]), { axis: 1 }); // DeviceArray([5, 3], dtype=int32)
 * jnp.max(jnp.array([1, jnp.nan, 3])); // DeviceArray(nan, dtype=float32)
 * ```
 */
export const max: Reduction = reduction("max", lax.reduceMax, { identity: false, keys: MAX_KEYS });
/**
 * Minimum over axes (all by default), JAX's `jnp.min`. NaN propagates; an empty reduction is an
 * error.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.min(jnp.array([[1, 5], [3, 2]]), { axis: 0 }); // DeviceArray([1, 2], dtype=int32)
 * ```
 */
export const min: Reduction = reduction("min", lax.reduceMin, { identity: false, keys: MAX_KEYS });
/**
 * Alias of `max` (numpy's `amax`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.amax(jnp.array([4, 9, 2])); // DeviceArray(9, dtype=int32)
 * ```
 */
export const amax: Reduction = max;
/**
 * Alias of `min` (numpy's `amin`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.amin(jnp.array([4, 9, 2])); // DeviceArray(2, dtype=int32)
 * ```
 */
export const amin: Reduction = min;

const toBool = (
  a: DeviceArray,
): DeviceArray => (a.dtype === "bool" ? a : lax.ne(a, lax.scalar(0, a.dtype)));
/**
 * Whether all elements (along `axis`) are true (nonzero), JAX's `jnp.all`; true for an empty array.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.all(jnp.array([1, 2, 0])); // DeviceArray(False, dtype=bool)
 * jnp.all(jnp.array([[true, false], [true, true]]), { axis: 1 });
 * // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const all: Reduction = reduction("all", lax.reduceAnd, {
  identity: true,
  cast: toBool,
  keys: MAX_KEYS,
});
/**
 * Whether any element (along `axis`) is true (nonzero), JAX's `jnp.any`; false for an empty array.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.any(jnp.array([0, 0, 3])); // DeviceArray(True, dtype=bool)
 * jnp.any(jnp.array([[true, false], [false, false]]), { axis: 1 });
 * // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export const any: Reduction = reduction("any", lax.reduceOr, {
  identity: true,
  cast: toBool,
  keys: MAX_KEYS,
});

function count(a: DeviceArray, axes: number[]): number {
  let n = 1;
  for (const i of axes) n *= a.shape[i];
  return n;
}

/**
 * Arithmetic mean over axes (all by default), JAX's `jnp.mean`; integers and bools are averaged in
 * float32.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.mean(jnp.arange(4)); // DeviceArray(1.5, dtype=float32)
 * jnp.mean(jnp.array([[1, 2], [3, 5]]), { axis: 1 }); // DeviceArray([1.5, 4. ], dtype=float32)
 * ```
 */
export function mean(x: ArrayLike, o: SumOptions = {}): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.mean", 1, 2, arguments.length, null, null);
  checkOptions("jnp.mean", o, SUM_KEYS);
  const a0 = asarray(x);
  // JAX's _mean: sum in the requested dtype (an integer one divides as integers) or, by
  // default, in the inexact dtype.
  const want = o.dtype ? canonicalizeDType(o.dtype, "mean") : null;
  const a = want ? (want === a0.dtype ? a0 : lax.convertElementType(a0, want)) : toInexact(a0);
  const axes = normalizeAxes(o.axis, a.ndim);
  const s = lax.reduceSum(a, axes);
  const out = lax.div(s, lax.scalar(count(a, axes), s.dtype));
  return keep(a, out, axes, o.keepdims);
}

/**
 * Options of var/std: the reduction options plus numpy's `ddof` (delta degrees of freedom: the
 * divisor is N − ddof).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.VarOptions = { ddof: 1 };
 * jnp.var(jnp.array([1, 2, 3, 4]), opts); // DeviceArray(1.6666666, dtype=float32)
 * ```
 */
export interface VarOptions extends SumOptions {
  /** Delta degrees of freedom: the divisor is N − ddof (default 0). */
  ddof?: number;
}
const VAR_KEYS = ["axis", "keepdims", "dtype", "ddof"] as const;

/**
 * Variance over axes, JAX's `jnp.var` (exported as `jnp.var`): the mean of squared deviations from
 * the mean, divided by N − ddof.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.var(jnp.array([1, 2, 3, 4])); // DeviceArray(1.25, dtype=float32)
 * jnp.var(jnp.array([1, 2, 3, 4]), { ddof: 1 }); // DeviceArray(1.6666666, dtype=float32)
 * ```
 */
export function var_(x: ArrayLike, o: VarOptions = {}): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.var", 1, 2, arguments.length, null, null);
  checkOptions("jnp.var", o, VAR_KEYS);
  const a0 = asarray(x);
  // JAX's _var_promote_types: computed in the requested dtype, else in the inexact one.
  const want = o.dtype ? canonicalizeDType(o.dtype, "var") : null;
  const a = want ? (want === a0.dtype ? a0 : lax.convertElementType(a0, want)) : toInexact(a0);
  const axes = normalizeAxes(o.axis, a.ndim);
  const m = mean(a, { axis: axes, keepdims: true, dtype: a.dtype });
  const c = lax.sub(a, m);
  const s = lax.reduceSum(lax.mul(c, c), axes);
  const n = count(a, axes) - (o.ddof ?? 0);
  const out = lax.div(s, lax.scalar(Math.max(n, 0), s.dtype));
  return keep(a, out, axes, o.keepdims);
}

/**
 * Standard deviation over axes, √var, JAX's `jnp.std` (`ddof` as for `var`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.std(jnp.array([1, 2, 3, 4])); // DeviceArray(1.118034, dtype=float32)
 * jnp.std(jnp.array([[1, 3], [2, 2]]), { axis: 1 }); // DeviceArray([1., 0.], dtype=float32)
 * ```
 */
export function std(x: ArrayLike, o: VarOptions = {}): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.std", 1, 2, arguments.length, null, null);
  checkOptions("jnp.std", o, VAR_KEYS);
  return lax.sqrt(var_(x, o));
}

/**
 * Options of argmax/argmin: one `axis` (the flattened array when omitted) and `keepdims`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.ArgOptions = { axis: 1 };
 * jnp.argmax(jnp.array([[1, 9], [8, 2]]), opts); // DeviceArray([1, 0], dtype=int32)
 * ```
 */
export interface ArgOptions {
  /** The axis to search along; omitted or null: the flattened array. */
  axis?: number | null;
  /** Keep the reduced axis (or all axes, when flattened) as size 1. */
  keepdims?: boolean;
}

/**
 * argmax/argmin: `f(x, { axis, keepdims })`, returning int32 indices.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.ArgReduction = jnp.argmin;
 * f([3, 1, 2]); // DeviceArray(1, dtype=int32)
 * ```
 */
export type ArgReduction = (x: ArrayLike, o?: ArgOptions) => DeviceArray;

function argReduce(name: "argmax" | "argmin"): ArgReduction {
  const fn = `jnp.${name}`;
  return function (x: ArrayLike, o: ArgOptions = {}): DeviceArray {
    if (arguments.length > 2) checkExtraArguments(fn, 1, 2, arguments.length, null, null);
    checkOptions(fn, o, MAX_KEYS);
    let a = asarray(x);
    let axis: number;
    const flat = o.axis === undefined || o.axis === null;
    if (flat) {
      a = lax.reshape(a, [a.size]);
      axis = 0;
    } else {
      axis = normalizeAxis(o.axis as number, a.ndim);
    }
    if (a.shape[axis] === 0) {
      throw new ValueError(`attempt to get ${name} of an empty sequence`);
    }
    const out = name === "argmax" ? lax.argmax(a, axis) : lax.argmin(a, axis);
    if (!o.keepdims) return out;
    const x0 = asarray(x);
    const shape = flat ? x0.shape.map(() => 1) : x0.shape.map((d, i) => (i === axis ? 1 : d));
    return lax.reshape(out, shape);
  };
}
/**
 * Index of the maximum along `axis` (of the flattened array when omitted), JAX's `jnp.argmax`: the
 * first one on ties; NaN counts as maximal.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.argmax(jnp.array([1, 7, 7, 2])); // DeviceArray(1, dtype=int32)
 * jnp.argmax(jnp.array([[1, 9], [8, 2]]), { axis: 0 }); // DeviceArray([1, 0], dtype=int32)
 * jnp.argmax(jnp.array([1, jnp.nan, 3])); // DeviceArray(1, dtype=int32)
 * ```
 */
export const argmax: ArgReduction = argReduce("argmax");
/**
 * Index of the minimum along `axis` (of the flattened array when omitted), JAX's `jnp.argmin`: the
 * first one on ties; NaN counts as minimal.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.argmin(jnp.array([3, 1, 1, 2])); // DeviceArray(1, dtype=int32)
 * jnp.argmin(jnp.array([[1, 9], [8, 2]]), { axis: 1 }); // DeviceArray([0, 1], dtype=int32)
 * ```
 */
export const argmin: ArgReduction = argReduce("argmin");

/**
 * cumsum/cumprod: `f(x, { axis, dtype })`; the flattened array when `axis` is omitted.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.CumulativeFn = jnp.cumsum;
 * f([1, 2, 3]); // DeviceArray([1, 3, 6], dtype=int32)
 * ```
 */
export type CumulativeFn = (
  x: ArrayLike,
  o?: { axis?: number | null; dtype?: DType | string },
) => DeviceArray;

function cumulative(
  name: string,
  f: (x: DeviceArray, axis: number) => DeviceArray,
  castBool: boolean,
): CumulativeFn {
  const fn = `jnp.${name}`;
  return function (
    x: ArrayLike,
    o: { axis?: number | null; dtype?: DType | string } = {},
  ): DeviceArray {
    if (arguments.length > 2) checkExtraArguments(fn, 1, 2, arguments.length, null, null);
    checkOptions(fn, o, ["axis", "dtype"]);
    let a = asarray(x);
    if (o.axis === undefined || o.axis === null) a = lax.reshape(a, [a.size]);
    const axis = o.axis === undefined || o.axis === null ? 0 : normalizeAxis(o.axis, a.ndim);
    if (o.dtype) a = lax.convertElementType(a, canonicalizeDType(o.dtype, "cumsum"));
    else if (castBool && a.dtype === "bool") a = lax.convertElementType(a, "int32");
    return f(a, axis);
  };
}
/**
 * Running sum along `axis` (of the flattened array when omitted), JAX's `jnp.cumsum`; bools count
 * as int32.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cumsum(jnp.array([1, 2, 3, 4])); // DeviceArray([ 1,  3,  6, 10], dtype=int32)
 * jnp.cumsum(jnp.array([[1, 2], [3, 4]]), { axis: 0 });
 * // DeviceArray([[1, 2],
 * //              [4, 6]], dtype=int32)
 * ```
 */
export const cumsum: CumulativeFn = cumulative("cumsum", (a, ax) => lax.cumsum(a, ax), true);
/**
 * Running product along `axis` (of the flattened array when omitted), JAX's `jnp.cumprod`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cumprod(jnp.array([1, 2, 3, 4])); // DeviceArray([ 1,  2,  6, 24], dtype=int32)
 * ```
 */
export const cumprod: CumulativeFn = cumulative("cumprod", (a, ax) => lax.cumprod(a, ax), true);

/**
 * log(Σ exp(x)) over axes (all by default), computed stably by subtracting the maximum first, JAX's
 * `jax.scipy.special.logsumexp` (here `jnp.logsumexp`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.logsumexp(jnp.array([0, 0])); // DeviceArray(0.6931472, dtype=float32)
 * jnp.logsumexp(jnp.array([[1000, 1000], [0, -jnp.inf]]), { axis: 1 });
 * // DeviceArray([1000.6932,    0.    ], dtype=float32)
 * ```
 */
export function logsumexp(x: ArrayLike, o: ReduceOptions = {}): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.logsumexp", 1, 2, arguments.length, null, null);
  }
  checkOptions("jnp.logsumexp", o, MAX_KEYS);
  const a = toInexact(asarray(x));
  const axes = normalizeAxes(o.axis, a.ndim);
  const m = lax.reduceMax(a, axes);
  const mk = lax.reshape(m, a.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  const finite = lax.select(
    lax.isFinite(mk),
    mk,
    lax.broadcastInDim(lax.scalar(0, a.dtype), mk.shape, []),
  );
  const s = lax.reduceSum(lax.exp(lax.sub(a, finite)), axes);
  const fm = lax.reshape(finite, m.shape);
  const out = lax.add(lax.log(s), fm);
  return keep(a, out, axes, o.keepdims);
}

export { isFloat };
