/** Reductions of jax.numpy: sum, prod, max, min, mean, var, std, all, any, arg*, cum*. */

import type { ArrayLike, DeviceArray, ReduceOptions } from "../core/array.ts";
import { canonicalizeDType, type DType, isFloat } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkOptions, normalizeAxes, normalizeAxis } from "../shape.ts";
import { asarray, toInexact } from "./convert.ts";

/** Options of sum/prod/mean/var/std: axis, keepdims, and an accumulation/output dtype. */
export interface SumOptions extends ReduceOptions {
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

/** A jnp reduction: `f(x, { axis, keepdims, dtype })`. */
export type Reduction = (x: ArrayLike, o?: SumOptions) => DeviceArray;

function reduction(
  name: string,
  op: (x: DeviceArray, axes: number[]) => DeviceArray,
  opts: { identity: boolean; cast?: (x: DeviceArray, o?: SumOptions) => DeviceArray },
): Reduction {
  return (x: ArrayLike, o: SumOptions = {}): DeviceArray => {
    checkOptions(`jnp.${name}`, o);
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
 * Sum over axes (all by default). Bools sum as int32.
 *
 * @example
 * ```ts
 * jnp.sum(x);                          // everything
 * jnp.sum(x, { axis: 0 });             // columns
 * jnp.sum(x, { axis: [0, 1], keepdims: true });
 * ```
 */
export const sum: Reduction = reduction("sum", lax.reduceSum, { identity: true, cast: castSum });
/** Product over axes. @example jnp.prod(jnp.array([1, 2, 3])) // 6 */
export const prod: Reduction = reduction("prod", lax.reduceProd, { identity: true, cast: castSum });
/** Maximum over axes (NaN propagates). @example jnp.max(x, { axis: 1 }) */
export const max: Reduction = reduction("max", lax.reduceMax, { identity: false });
/** Minimum over axes (NaN propagates). */
export const min: Reduction = reduction("min", lax.reduceMin, { identity: false });
export const amax: Reduction = max;
export const amin: Reduction = min;

const toBool = (
  a: DeviceArray,
): DeviceArray => (a.dtype === "bool" ? a : lax.ne(a, lax.scalar(0, a.dtype)));
/** Whether all elements (along axes) are true. */
export const all: Reduction = reduction("all", lax.reduceAnd, { identity: true, cast: toBool });
/** Whether any element (along axes) is true. */
export const any: Reduction = reduction("any", lax.reduceOr, { identity: true, cast: toBool });

function count(a: DeviceArray, axes: number[]): number {
  let n = 1;
  for (const i of axes) n *= a.shape[i];
  return n;
}

/**
 * Arithmetic mean over axes, in float32 for integer inputs.
 *
 * @example
 * ```ts
 * jnp.mean(jnp.arange(4)); // 1.5
 * ```
 */
export function mean(x: ArrayLike, o: SumOptions = {}): DeviceArray {
  checkOptions("jnp.mean", o);
  let a = asarray(x);
  if (o.dtype) a = lax.convertElementType(a, canonicalizeDType(o.dtype, "mean"));
  a = toInexact(a);
  const axes = normalizeAxes(o.axis, a.ndim);
  const s = lax.reduceSum(a, axes);
  const out = lax.div(s, lax.scalar(count(a, axes), s.dtype));
  return keep(a, out, axes, o.keepdims);
}

/** Options of var/std: numpy's `ddof` (delta degrees of freedom). */
export interface VarOptions extends SumOptions {
  ddof?: number;
}

/**
 * Variance over axes: mean of squared deviations, divided by N − ddof.
 *
 * @example
 * ```ts
 * jnp.var(jnp.array([1, 2, 3, 4])); // 1.25
 * ```
 */
export function var_(x: ArrayLike, o: VarOptions = {}): DeviceArray {
  checkOptions("jnp.var", o);
  const a = toInexact(asarray(x));
  const axes = normalizeAxes(o.axis, a.ndim);
  const m = mean(a, { axis: axes, keepdims: true });
  const c = lax.sub(a, m);
  const s = lax.reduceSum(lax.mul(c, c), axes);
  const n = count(a, axes) - (o.ddof ?? 0);
  const out = lax.div(s, lax.scalar(Math.max(n, 0), s.dtype));
  return keep(a, out, axes, o.keepdims);
}

/** Standard deviation: √var. @example jnp.std(x, { ddof: 1 }) */
export function std(x: ArrayLike, o: VarOptions = {}): DeviceArray {
  return lax.sqrt(var_(x, o));
}

/** Options of argmax/argmin: one axis (flattened when omitted) and keepdims. */
export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}

/** argmax/argmin: `f(x, { axis, keepdims })`. */
export type ArgReduction = (x: ArrayLike, o?: ArgOptions) => DeviceArray;

function argReduce(name: "argmax" | "argmin"): ArgReduction {
  return (x: ArrayLike, o: ArgOptions = {}): DeviceArray => {
    checkOptions(`jnp.${name}`, o);
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
/** Index of the maximum (first on ties; NaN counts as maximal). @example jnp.argmax(x) */
export const argmax: ArgReduction = argReduce("argmax");
/** Index of the minimum. @example jnp.argmin(x, { axis: 0 }) */
export const argmin: ArgReduction = argReduce("argmin");

/** cumsum/cumprod: `f(x, { axis, dtype })`. */
export type CumulativeFn = (
  x: ArrayLike,
  o?: { axis?: number | null; dtype?: DType | string },
) => DeviceArray;

function cumulative(
  name: string,
  f: (x: DeviceArray, axis: number) => DeviceArray,
  castBool: boolean,
): CumulativeFn {
  return (x: ArrayLike, o: { axis?: number | null; dtype?: DType | string } = {}): DeviceArray => {
    checkOptions(`jnp.${name}`, o);
    let a = asarray(x);
    if (o.axis === undefined || o.axis === null) a = lax.reshape(a, [a.size]);
    const axis = o.axis === undefined || o.axis === null ? 0 : normalizeAxis(o.axis, a.ndim);
    if (o.dtype) a = lax.convertElementType(a, canonicalizeDType(o.dtype, "cumsum"));
    else if (castBool && a.dtype === "bool") a = lax.convertElementType(a, "int32");
    return f(a, axis);
  };
}
/** Running sum along an axis (the flattened array when axis is omitted). */
export const cumsum: CumulativeFn = cumulative("cumsum", (a, ax) => lax.cumsum(a, ax), true);
/** Running product along an axis. */
export const cumprod: CumulativeFn = cumulative("cumprod", (a, ax) => lax.cumprod(a, ax), true);

/** log(Σ exp(x)) over axes, computed stably. @example jnp.logsumexp(x, { axis: -1 }) */
export function logsumexp(x: ArrayLike, o: ReduceOptions = {}): DeviceArray {
  checkOptions("jnp.logsumexp", o);
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
